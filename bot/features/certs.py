"""Certifications you hold and your CE hours: `certs`, `cert add|remove`, `ce [log …]`.

`calendar` (the renewal dates as a file) is its own module, `bot.features.calendar`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.catalog import Catalog, Certification
from bot.commands import Command, Invalid, plain, quote, subcommand
from bot.db import Reads
from bot.deps import Deps
from bot.features.common import Who, parse_date
from bot.features.reference import known_codes, one_cert
from bot.rules.cycles import cycle_end
from bot.rules.pace import ce_pace, ce_since
from bot.services import certs, prefs
from bot.views.blocks import Reply, notice, prefixed
from bot.views.certs import HeldView, ce_reply, cert_added_reply, certs_mine_reply

CERT_USAGE = (
    "`/careerpath cert add CCM 2024-05-01`, `/careerpath cert add CCM until 2029-05-31` "
    "or `/careerpath cert remove CCM`"
)
CE_EXAMPLE = "`/careerpath ce log 1.5 CCM ethics Ethics webinar`"


async def held_views(deps: Deps, who: Who, today: dt.date, conn: Reads) -> list[HeldView]:
    """Held certifications with their pace: daily CE totals of the current cycles only."""
    held = await certs.held(conn=conn, team_id=who.team_id, user_id=who.user_id)
    since = ce_since(deps.catalog, held, today)
    logs = await certs.logs(conn=conn, team_id=who.team_id, user_id=who.user_id, since=since)
    views = []
    for h in held:
        cert = deps.catalog.certification(h.code)
        if cert is None:
            continue
        end = cycle_end(cert, h.cycle_start, h.valid_through)
        days = (end - today).days if end else None
        views.append(HeldView(cert, h.cycle_start, end, days, ce_pace(cert, h, logs, today)))
    return views


def code_words(cmd: Command, cat: Catalog) -> str | None:
    """`certs [<CODE>]`: the code, family or body asked about, as typed."""
    return " ".join(cmd.raw_args) if cmd.args else None


@subcommand(
    "certs",
    usage="certs [<CODE>]",
    parse=code_words,
    aliases=("certifications", "certification"),
)
async def certs_(deps: Deps, who: Who, code: str | None) -> Reply:
    """certifications explained, one in full, and yours with renewal dates"""
    if code is not None:
        return one_cert(deps, code)
    prefs_ = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    views = await held_views(deps, who, prefs_.today(deps.clock()), deps.db)
    return certs_mine_reply(deps.catalog, views)


@dataclass(frozen=True)
class CertChange:
    """The arguments of `cert`: a `CertAdd` or a `CertRemove`."""

    cert: Certification


@dataclass(frozen=True)
class CertAdd(CertChange):
    """`cert add <CODE> [<earned or renewed on>] [until <valid-through>]`."""

    since: dt.date | None
    until: dt.date | None


@dataclass(frozen=True)
class CertRemove(CertChange):
    """`cert remove <CODE>`."""


def _notice(message: str) -> Invalid:
    return Invalid(message, notice=True)


def cert_change(cmd: Command, cat: Catalog) -> CertChange | Invalid:
    """The arguments of `cert`; the cycle they make is checked against today by the handler."""
    if not cmd.args or cmd.args[0] not in ("add", "remove", "rm", "delete", "renew"):
        return _notice(f"Try {CERT_USAGE}. Known certifications: {known_codes(cat)}.")
    removing = cmd.args[0] in ("remove", "rm", "delete")
    if len(cmd.args) < 2:
        return _notice(f"Which certification? Try {CERT_USAGE}.")
    cert = cat.certification(cmd.raw_args[1].upper())
    if cert is None:
        return _notice(
            f"I don't know the certification “{quote(cmd.raw_args[1])}”. "
            f"Known ones: {known_codes(cat)}."
        )
    if removing:
        return CertRemove(cert)
    if len(cmd.args) < 3:
        return _notice(
            f"When did you earn or last renew {cert.code}? Add the date: "
            f"`/careerpath cert add {cert.code} 2024-05-01`, or the valid-through date on "
            f"your certificate: `/careerpath cert add {cert.code} until 2029-05-31`."
        )
    rest, raw = list(cmd.args[2:]), list(cmd.raw_args[2:])
    since_word = until_word = None
    while rest:
        word = rest.pop(0)
        shown = raw.pop(0)
        if word in certs.UNTIL_WORDS:
            if not rest:
                return _notice(
                    f"Add the valid-through date: `/careerpath cert add {cert.code} "
                    "until 2029-05-31`."
                )
            until_word = (rest.pop(0), raw.pop(0))
        elif since_word is None:
            since_word = (word, shown)
        else:
            return _notice(f"Try {CERT_USAGE}.")
    dates: list[dt.date | None] = []
    for pair in (since_word, until_word):
        if pair is None:
            dates.append(None)
            continue
        day = parse_date(pair[0])
        if day is None:
            return _notice(
                f"“{quote(pair[1])}” is not a date I can read: use YYYY-MM-DD, "
                f"like `/careerpath cert add {cert.code} 2024-05-01`."
            )
        dates.append(day)
    return CertAdd(cert, dates[0], dates[1])


@subcommand(
    "cert",
    usage="cert add <CODE> <YYYY-MM-DD> [until <YYYY-MM-DD>] | cert remove <CODE>",
    parse=cert_change,
    changes_home=True,
)
async def cert(deps: Deps, who: Who, change: CertChange) -> Reply:
    """record a certification you hold"""
    code = change.cert.code
    if isinstance(change, CertRemove):
        async with deps.db.transaction() as conn:
            removed = await certs.remove(
                conn=conn, team_id=who.team_id, user_id=who.user_id, code=code
            )
        if not removed:
            return notice(f"You had no {code} recorded, so nothing changed.")
        return notice(f"Removed {code}; its reminders stop.", "🗑️")
    assert isinstance(change, CertAdd)
    prefs_ = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    today = prefs_.today(deps.clock())
    cycle = certs.cycle_from(change.cert, change.since, change.until, today)
    if isinstance(cycle, str):
        return notice(f"{cycle}.")
    async with deps.db.transaction() as conn:
        new = await certs.add(
            conn=conn,
            team_id=who.team_id,
            user_id=who.user_id,
            code=code,
            cycle_start=cycle[0],
            valid_through=cycle[1],
        )
        views = await held_views(deps, who, today, conn)
    view = next(v for v in views if v.cert.code == code)
    return cert_added_reply(view, new=new)


@dataclass(frozen=True)
class CeLog:
    """`ce log <hours> [<CODE>] [ethics] [<YYYY-MM-DD>] <title>`; no date means today."""

    hours: float
    hours_word: str
    code: str | None
    ethics: bool
    taken_on: dt.date | None
    title: str


def ce_words(cmd: Command, cat: Catalog) -> CeLog | None | Invalid:
    """`ce` (None: show the hours) or `ce log …`."""
    if not cmd.args:
        return None
    if cmd.args[0] != "log":
        return _notice(
            "Try `/careerpath ce` for your hours, or `/careerpath ce log 1.5 CCM ethics "
            "Ethics webinar` to log some (certification, `ethics` and a YYYY-MM-DD date are "
            "optional)."
        )
    if len(cmd.args) < 2:
        return _notice(f"How many hours? Try {CE_EXAMPLE}.")
    hours = certs.parse_hours(cmd.args[1])
    if hours is None:
        return _notice(f"“{quote(cmd.raw_args[1])}” is not a number of hours. Try {CE_EXAMPLE}.")
    problem = certs.hours_problem(hours)
    if problem:
        return _notice(f"{problem}.")
    rest = list(cmd.raw_args[2:])
    code: str | None = None
    ethics = False
    taken_on: dt.date | None = None
    while rest:
        word = rest[0]
        day = parse_date(word)
        if code is None and cat.certification(word) is not None:
            code = word.upper()
        elif word.lower() == "ethics" and not ethics:
            ethics = True
        elif day is not None:
            taken_on = day
        else:
            break
        rest.pop(0)
    title = plain(" ".join(rest)).strip()
    return CeLog(hours, cmd.args[1], code, ethics, taken_on, title)


def _logs(args: CeLog | None) -> bool:
    return args is not None


@subcommand(
    "ce",
    usage="ce [log <hours> [<CODE>] [ethics] <title>]",
    parse=ce_words,
    changes_home=_logs,
)
async def ce(deps: Deps, who: Who, log: CeLog | None) -> Reply:
    """continuing education hours and pace"""
    prefs_ = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    today = prefs_.today(deps.clock())
    if log is not None:
        taken_on = log.taken_on or today
        problem = certs.ce_date_problem(taken_on, today)
        if problem:
            return notice(f"{problem}.")
        if not log.title:
            return notice(f"Add a title so you can find it later: {CE_EXAMPLE}.")
        async with deps.db.transaction() as conn:
            await certs.log_ce(
                conn=conn,
                team_id=who.team_id,
                user_id=who.user_id,
                hours=log.hours,
                code=log.code,
                ethics=log.ethics,
                title=log.title,
                taken_on=taken_on,
            )
    views = await held_views(deps, who, today, deps.db)
    recent = await certs.recent(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    loose = await certs.loose_hours(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    reply = ce_reply(views, recent, loose)
    if log is not None:
        return prefixed(reply, f"✅ Logged {quote(log.hours_word)} h.")
    return reply
