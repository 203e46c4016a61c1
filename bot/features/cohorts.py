"""Cohort programmes, run in a channel: create, join, leave, status (and posting it), the
weekly digest, the programme report, handing over and closing. One function per action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from slack_sdk.errors import SlackApiError

from bot import notify
from bot.catalog import Catalog
from bot.commands import Command, mention_user_id, subcommand
from bot.deps import Deps
from bot.features import reports
from bot.features.common import Who, is_admin, when
from bot.features.mentors import Digest, digest_time
from bot.rules.localtime import slack_zone
from bot.rules.window import hhmm
from bot.services import cohorts, prefs
from bot.services.cohorts import CohortInfo
from bot.views.blocks import Reply, esc, later, notice, refusal, slack_date
from bot.views.people import (
    channel_post_outcome,
    cohort_announcement,
    cohort_created,
    cohort_joined,
    cohort_status,
)
from bot.views.reminders import DAY_NAMES_LONG

USAGE = (
    "`/careerpath cohort create <name>`, `join`, `leave`, `status`, `status post`, "
    "`digest <weekday> <HH:MM>`, `digest off`, `report`, `owner @name` or `close`"
)


@dataclass(frozen=True)
class CohortCall:
    """One `cohort` action and what it needs: `name` for create, `post` for `status post`,
    `digest` for digest (None: not readable), `owner` for owner (None: nobody mentioned).
    Checked by the action, after the channel and its cohort are known."""

    action: str
    name: str = ""
    post: bool = False
    digest: Digest | None = None
    owner: str | None = None


def cohort_words(cmd: Command, cat: Catalog) -> CohortCall:
    """The arguments of `cohort` (default: `status`)."""
    action = cmd.args[0] if cmd.args else "status"
    return CohortCall(
        action,
        name=cmd.text_from(1) if action == "create" else "",
        post=action == "status" and cmd.args[1:2] == ("post",),
        digest=digest_time(cmd.args[1:]) if action == "digest" else None,
        owner=mention_user_id(cmd.raw_args[1]) if len(cmd.raw_args) > 1 else None,
    )


@subcommand(
    "cohort",
    usage="cohort create <name> | join | leave | status [post] | digest … | report | owner @user"
    " | close",
    parse=cohort_words,
    aliases=("cohorts",),
    changes_home=True,
)
async def cohort(deps: Deps, who: Who, call: CohortCall) -> Reply:
    """cohort programmes"""
    if not who.channel_id or who.channel_id.startswith("D"):
        return notice("Cohorts live in channels: run this in the cohort's channel.")
    info = await cohorts.active_in(conn=deps.db, team_id=who.team_id, channel_id=who.channel_id)
    if call.action == "create":
        return await _create(deps, who, call, info)
    if info is None:
        return notice(
            "No cohort runs in this channel yet: `/careerpath cohort create <name>` starts one."
        )
    action = _ACTIONS.get(call.action)
    if action is None:
        return notice(f"Try {USAGE}.")
    return await action(deps, who, call, info)


async def _create(deps: Deps, who: Who, call: CohortCall, info: CohortInfo | None) -> Reply:
    if not call.name:
        return notice(
            "Give the cohort a name: `/careerpath cohort create Spring 2027 care managers`."
        )
    if info is not None:
        return notice(f"This channel already runs the cohort *{esc(info.name)}*.")
    async with deps.db.transaction() as conn:
        made = await cohorts.create(
            conn=conn,
            team_id=who.team_id,
            channel_id=who.channel_id,
            owner=who.user_id,
            name=call.name,
        )
    if made is None:
        return notice("This channel already runs a cohort.")
    return _post_then_tell(
        who,
        cohort_announcement(made.name, who.user_id),
        cohort_created(made.name),
        failed="I couldn't announce it here, and I can't post its weekly digest",
        retry="`/careerpath cohort status post` to announce it",
        keep=True,
    )


async def _join(deps: Deps, who: Who, call: CohortCall, info: CohortInfo) -> Reply:
    async with deps.db.transaction() as conn:
        joined = await cohorts.join(
            conn=conn, cohort_id=info.id, team_id=who.team_id, user_id=who.user_id
        )
    return cohort_joined(info.name, already=not joined)


async def _leave(deps: Deps, who: Who, call: CohortCall, info: CohortInfo) -> Reply:
    async with deps.db.transaction() as conn:
        left = await cohorts.leave(
            conn=conn, cohort_id=info.id, team_id=who.team_id, user_id=who.user_id
        )
    if not left:
        return notice(f"You are not in *{esc(info.name)}*.")
    return notice(f"You left *{esc(info.name)}*; it no longer sees your progress.", "👋")


async def _may_run(who: Who, info: CohortInfo) -> bool:
    """The cohort's owner, or a workspace admin (asked only when not the owner)."""
    return info.owner == who.user_id or await is_admin(who)


async def _report(deps: Deps, who: Who, call: CohortCall, info: CohortInfo) -> Reply:
    return reports.answer(deps, who, info, allowed=await _may_run(who, info))


async def _status(deps: Deps, who: Who, call: CohortCall, info: CohortInfo) -> Reply:
    owner = info.owner == who.user_id
    if call.post:
        return await _post_status(deps, who, info)
    async with deps.db.connect() as conn:
        member = await cohorts.is_member(
            conn=conn, cohort_id=info.id, team_id=who.team_id, user_id=who.user_id
        )
        rows = await cohorts.members(conn=conn, cohort_id=info.id) if member or owner else []
    if not member and not owner:
        return refusal(
            f"Cohort status is for its members: `/careerpath cohort "
            f"join` to join *{esc(info.name)}*."
        )
    return cohort_status(info.name, rows, deps.catalog.step_count)


async def _digest(deps: Deps, who: Who, call: CohortCall, info: CohortInfo) -> Reply:
    if not await _may_run(who, info):
        return refusal("Only the cohort's owner or a workspace admin can change its digest.")
    if call.digest is not None and call.digest.day is None:
        async with deps.db.transaction() as conn:
            await cohorts.set_digest(
                conn=conn, cohort_id=info.id, day=None, minute=None, owner_tz=None
            )
        return notice("The weekly digest is off.", "🔕")
    if call.digest is None or call.digest.day is None:
        return notice(
            "Give a weekday and a time: `/careerpath cohort digest "
            "monday 09:00` (in your timezone), or `digest off`."
        )
    day, minute = call.digest.day, call.digest.minute
    tz = await _owner_zone(deps, info, who)
    async with deps.db.transaction() as conn:
        nxt = await cohorts.set_digest(
            conn=conn, cohort_id=info.id, day=day, minute=minute, owner_tz=tz
        )
    assert nxt is not None
    return notice(
        f"The digest will be posted here every {DAY_NAMES_LONG[day]} at "
        f"{hhmm(minute)} ({esc(tz or 'UTC')}); the first on "
        f"{slack_date(nxt, '{date_long} {time}')}.",
        "🗓️",
    )


async def _owner(deps: Deps, who: Who, call: CohortCall, info: CohortInfo) -> Reply:
    new = call.owner
    if new is None:
        return notice("Mention the new owner: `/careerpath cohort owner @name`.")
    if not await _may_run(who, info):
        return refusal("Only the cohort's owner or a workspace admin can hand the cohort over.")
    async with deps.db.transaction() as conn:
        handed = await cohorts.set_owner(
            conn=conn, cohort_id=info.id, team_id=who.team_id, user_id=new
        )
    if not handed:
        return notice(f"*{esc(info.name)}* was closed in the meantime.")
    return notice(
        f"<@{new}> now owns *{esc(info.name)}*: they can post its status, set its "
        "digest, hand it on or close it.",
        "🤝",
    )


async def _close(deps: Deps, who: Who, call: CohortCall, info: CohortInfo) -> Reply:
    if not await _may_run(who, info):
        return refusal("Only the cohort's owner or a workspace admin can close it.")
    async with deps.db.transaction() as conn:
        closed = await cohorts.close(conn=conn, cohort_id=info.id, now=deps.clock())
    if not closed:
        return notice(f"*{esc(info.name)}* was closed already.")
    return notice(
        f"*{esc(info.name)}* is closed: its weekly digest stops, and everyone's "
        "progress stays their own. `/careerpath cohort create <name>` starts a new "
        "cohort in this channel.",
        "🏁",
    )


_ACTIONS: dict[str, Callable[[Deps, Who, CohortCall, CohortInfo], Awaitable[Reply]]] = {
    "join": _join,
    "leave": _leave,
    "report": _report,
    "status": _status,
    "digest": _digest,
    "owner": _owner,
    "close": _close,
}


def _post_then_tell(
    who: Who,
    post: Reply,
    done: Reply,
    *,
    failed: str,
    retry: str,
    keep: bool = False,
    undo: Callable[[], Awaitable[None]] | None = None,
) -> Reply:
    """Post `post` in the person's channel, and only then reply: `done`, or what went wrong
    and what to do (`/invite @careerpath` when the bot is not in the channel). `undo` runs
    when the post was refused (a claimed rate-limit slot is given back)."""
    if not who.response_url:  # no way to reply later: say it is on its way
        return replace(done, effects=[notify.post_effect(who.channel_id, post.message())])

    def outcome(error: str | None) -> dict[str, object]:
        return channel_post_outcome(done, error, failed=failed, retry=retry, keep=keep).message()

    reply = later()
    reply.effects.append(
        notify.channel_post_effect(
            who.channel_id,
            post.message(),
            response_url=who.response_url,
            outcome=outcome,
            undo=undo,
        )
    )
    return reply


async def _post_status(deps: Deps, who: Who, info: CohortInfo) -> Reply:
    """`cohort status post`: the owner's or an admin's, at most once an interval per cohort
    (each post mentions up to 20 members)."""
    if not await _may_run(who, info):
        return refusal(
            "Only the cohort's owner or a workspace admin can post its status to the channel."
        )
    interval = dt.timedelta(minutes=deps.settings.cohort_post_interval_minutes)
    now = deps.clock()
    async with deps.db.transaction() as conn:
        previous = await cohorts.last_post(conn=conn, cohort_id=info.id)
        posting = await cohorts.claim_post(conn=conn, cohort_id=info.id, now=now, interval=interval)
        if posting:
            rows = await cohorts.members(conn=conn, cohort_id=info.id)
        else:
            last = await cohorts.last_post(conn=conn, cohort_id=info.id)
    if not posting:
        return notice(
            f"The status was posted here {when(last)}. To keep the channel quiet it can be "
            f"posted again from {when(last + interval if last else None)}; "
            "`/careerpath cohort status` shows it to you now.",
            "⏳",
        )
    status = cohort_status(info.name, rows, deps.catalog.step_count)

    async def give_back() -> None:
        """The post was refused: it doesn't count against the interval."""
        async with deps.db.transaction() as conn:
            await cohorts.release_post(
                conn=conn, cohort_id=info.id, claimed_at=now, previous=previous
            )

    return _post_then_tell(
        who,
        status,
        notice("Posted the cohort's status to the channel.", "📣"),
        failed="I couldn't post the cohort's status",
        retry="run `/careerpath cohort status post` again",
        undo=give_back,
    )


async def _owner_zone(deps: Deps, info: CohortInfo, who: Who) -> str | None:
    """The owner's timezone: their override, the cached profile, or Slack's users.info."""
    owner = info.owner or who.user_id
    owner_prefs = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=owner)
    if owner_prefs.zone_name or who.client is None:
        return owner_prefs.zone_name
    try:
        return slack_zone(await who.client.users_info(user=owner))
    except SlackApiError:
        return None
