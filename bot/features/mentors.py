"""Mentors: ask someone to mentor you, end a mentorship, your mentees, the mentee digest.

A mentee's progress (`progress @user`) is part of `progress`, in `bot.features.steps`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot import notify
from bot.catalog import Catalog
from bot.commands import WEEKDAYS, Command, Invalid, mention_user_id, no_words, subcommand
from bot.deps import Deps
from bot.features.common import Who, when
from bot.rules.standing import standing
from bot.rules.window import hhmm, parse_hhmm
from bot.services import mentors, prefs, progress
from bot.services.learners import load_learners
from bot.services.progress import ensure_user
from bot.views.blocks import Reply, notice
from bot.views.people import mentees_reply, mentor_request
from bot.views.reminders import DAY_NAMES_LONG

USAGE = (
    "`/careerpath mentor add @name`, `/careerpath mentor remove @name` or "
    "`/careerpath mentor digest <weekday> <HH:MM>|off`"
)


class MentorArgs:
    """The arguments of `mentor`: a `MentorChange` or a `Digest`."""


@dataclass(frozen=True)
class MentorChange(MentorArgs):
    """`mentor add @name` or `mentor remove @name` (`end` too)."""

    add: bool
    other: str


@dataclass(frozen=True)
class Digest(MentorArgs):
    """`mentor digest <weekday> <HH:MM>`, or `mentor digest off` (`day` None)."""

    day: int | None = None
    minute: int = 0


def digest_time(args: tuple[str, ...]) -> Digest | None:
    """`off`, or a weekday and a time, from the words after `digest`; None if neither."""
    arg = args[0] if args else ""
    if arg == "off":
        return Digest()
    day = WEEKDAYS.get(arg)
    minute = parse_hhmm(args[1]) if len(args) > 1 else None
    if day is None or minute is None:
        return None
    return Digest(day, minute)


def mentor_words(cmd: Command, cat: Catalog) -> MentorArgs | Invalid:
    """The arguments of `mentor`."""
    if cmd.args and cmd.args[0] == "digest":
        digest = digest_time(cmd.args[1:])
        if digest is None:
            return Invalid(
                "Give a weekday and a time, like `/careerpath mentor "
                "digest monday 09:00`, or `mentor digest off`.",
                notice=True,
            )
        return digest
    if len(cmd.args) < 2 or cmd.args[0] not in ("add", "remove", "end"):
        return Invalid(f"Try {USAGE}.", notice=True)
    other = mention_user_id(cmd.raw_args[1])
    if other is None:
        return Invalid(f"Mention the person: {USAGE}.", notice=True)
    return MentorChange(cmd.args[0] == "add", other)


@subcommand(
    "mentor",
    usage="mentor add @user | mentor remove @user",
    parse=mentor_words,
    aliases=("mentors",),
    changes_home=True,
)
async def mentor(deps: Deps, who: Who, args: MentorArgs) -> Reply:
    """ask someone to mentor you"""
    if isinstance(args, Digest):
        return await _digest(deps, who, args)
    assert isinstance(args, MentorChange)
    other = args.other
    if other == who.user_id:
        return notice("You can't mentor yourself — ask someone else.")
    if args.add:
        return await _add(deps, who, other)
    async with deps.db.transaction() as conn:
        ended = await mentors.end(conn=conn, team_id=who.team_id, me=who.user_id, other=other)
    if ended == "none":
        return notice(f"There is no mentorship between you and <@{other}>.")
    if ended == "withdrawn":  # never accepted: nothing to tell them
        return notice(f"You withdrew your request to <@{other}>.", "↩️")
    if ended == "declined":
        return notice(f"You declined <@{other}>'s request; nothing is shared.", "🙏")
    reply = notice(f"The mentorship with <@{other}> has ended; nothing more is shared.", "👋")
    reply.effects.append(
        notify.dm_effect(
            other,
            notice(
                f"<@{who.user_id}> ended the mentorship between you on careerpath.", "👋"
            ).message(),
        )
    )
    return reply


async def _add(deps: Deps, who: Who, other: str) -> Reply:
    """Ask `other` to mentor `who`: one request DM while it is pending, none within the
    cooldown after a decline or a withdrawal, and a limit on unanswered requests."""
    settings = deps.settings
    async with deps.db.transaction() as conn:
        req = await mentors.request(
            conn=conn,
            team_id=who.team_id,
            mentee=who.user_id,
            mentor=other,
            cooldown=dt.timedelta(days=settings.mentor_request_cooldown_days),
            max_pending=settings.mentor_pending_max,
        )
    if req.outcome == "active":
        return notice(f"<@{other}> already mentors you.", "🤝")
    if req.outcome == "pending":
        return notice(
            f"You asked <@{other}> {when(req.since)} and they haven't answered yet, so I "
            f"won't message them again. `/careerpath mentor remove <@{other}>` withdraws "
            "the request.",
            "⏳",
        )
    if req.outcome in ("declined", "withdrawn"):
        what = (
            f"<@{other}> declined your request {when(req.since)}"
            if req.outcome == "declined"
            else f"You withdrew your request to <@{other}> {when(req.since)}"
        )
        return notice(
            f"{what}. So that nobody gets repeat requests, you can ask them again from "
            f"{when(req.again)}.",
            "⏳",
        )
    if req.outcome == "too_many":
        return notice(
            f"You have {req.pending} mentor requests waiting for an answer, the most at once. "
            "Once one is answered, or you withdraw one with `/careerpath mentor remove "
            "@name`, you can ask someone else.",
            "⏳",
        )
    reply = notice(
        f"I've asked <@{other}> to mentor you. Nothing is shared until they accept; "
        f"`/careerpath mentor remove <@{other}>` withdraws the request.",
        "📨",
    )
    reply.effects.append(
        notify.dm_effect(other, mentor_request(who.user_id, req.mentorship_id).message())
    )
    return reply


async def _digest(deps: Deps, who: Who, digest: Digest) -> Reply:
    values: dict[str, object]
    if digest.day is None:
        values = {"digest_off": True}
        note = "🔕 No weekly mentee digest."
    else:
        values = {"digest_off": False, "digest_day": digest.day, "digest_minute": digest.minute}
        note = (
            f"🗓️ Your mentee digest will come on {DAY_NAMES_LONG[digest.day]}s at "
            f"{hhmm(digest.minute)}, your time (inside your reminder window)."
        )
    async with deps.db.transaction() as conn:
        uid = await ensure_user(conn=conn, team_id=who.team_id, user_id=who.user_id)
        await prefs.change(conn=conn, user_row_id=uid, **values)
    return notice(note, "")


@subcommand("mentees", usage="mentees", parse=no_words, aliases=("mentee",))
async def mentees(deps: Deps, who: Who, args: None) -> Reply:
    """your mentees and their progress"""
    async with deps.db.connect() as conn:
        uid = await progress.find_user_id(conn=conn, team_id=who.team_id, user_id=who.user_id)
        if uid is None:
            return mentees_reply(deps.catalog, [])
        today = (await prefs.get(conn=conn, team_id=who.team_id, user_id=who.user_id)).today(
            deps.clock()
        )
        people = await mentors.mentees_of(conn=conn, team_id=who.team_id, mentor_row_id=uid)
        learners = await load_learners(conn, people, deps.catalog, today=today)
    rows = [standing(deps.catalog, learners[p.id], today) for p in people]
    return mentees_reply(deps.catalog, rows)
