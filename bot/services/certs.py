"""Certifications a learner holds, and the CE hours they log against them."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from sqlalchemy import Select, bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.catalog import Certification
from bot.clock import utcnow
from bot.db import Reads, fetch_on
from bot.models import CeDayTotal, CeEntry, HeldCertification, User
from bot.rules.cycles import Held, add_years
from bot.rules.pace import CeLog
from bot.services.progress import ensure_user, find_user_id
from bot.sql import insert_for

MIN_HOURS, MAX_HOURS = 0.25, 100.0
EARLIEST_CYCLE_YEAR = 1980
# Plain ASCII digits with an optional fraction: float() would also take '1_0', '٣', '1e1'
# and 'inf'.
_HOURS = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,6})?|[.,][0-9]{1,6}")


def parse_hours(raw: str) -> float | None:
    """'1.5' or '1,5' -> 1.5; None for anything else (ASCII digits only, bounded length)."""
    raw = raw.strip()
    if not _HOURS.fullmatch(raw):
        return None
    return float(raw.replace(",", "."))


def hours_problem(hours: float | None) -> str | None:
    """Why these CE hours can't be logged, or None. Shared by the command and the modal."""
    if hours is None or not MIN_HOURS <= hours <= MAX_HOURS:
        return f"Log between {MIN_HOURS:g} and {MAX_HOURS:g} hours at a time"
    return None


def ce_date_problem(day: dt.date, today: dt.date) -> str | None:
    if day > today + dt.timedelta(days=1):  # a day's grace for timezones ahead of ours
        return "That date is in the future: log hours once you have done them"
    if day.year < EARLIEST_CYCLE_YEAR:
        return "That date is too long ago to count toward a current cycle"
    return None


def cycle_start_problem(day: dt.date, today: dt.date) -> str | None:
    if day > today + dt.timedelta(days=1):
        return "That date is in the future: give the date you earned or last renewed it"
    if day.year < EARLIEST_CYCLE_YEAR:
        return "That date is too long ago to be a current cycle"
    return None


# Words that introduce the certificate's valid-through date in `cert add`.
UNTIL_WORDS = frozenset({"until", "till", "through", "thru", "to", "expires", "valid-through"})


def cycle_from(
    cert: Certification, since: dt.date | None, until: dt.date | None, today: dt.date
) -> tuple[dt.date, dt.date | None] | str:
    """(cycle start, valid-through) from the date earned or renewed and/or the certificate's
    valid-through date, or why they can't be used. Shared by the command and the modal."""
    if since is None and until is None:
        return "Give the date you earned or last renewed it, or the valid-through date"
    if until is not None:
        if until.year < EARLIEST_CYCLE_YEAR:
            return "That valid-through date is too long ago to be a current cycle"
        years = cert.cycle_years or 0
        if years and until > add_years(today, years) + dt.timedelta(days=31):
            return (
                f"A {cert.code} cycle is {years} years, so that valid-through date is too far "
                "ahead: check the date printed on your certificate"
            )
        if since is None:
            since = min(add_years(until, -years), today) if years else today
        if until <= since:
            return "The valid-through date must come after the date you earned or renewed it"
    assert since is not None
    problem = cycle_start_problem(since, today)
    return problem if problem else (since, until)


HELD = (
    select(HeldCertification.code, HeldCertification.cycle_start, HeldCertification.valid_through)
    .join(User, User.id == HeldCertification.user_id)
    .where(User.team_id == bindparam("team"), User.slack_user_id == bindparam("user"))
    .order_by(HeldCertification.code)
)
LOGS = (
    select(CeDayTotal.code, CeDayTotal.hours, CeDayTotal.ethics, CeDayTotal.taken_on)
    .join(User, User.id == CeDayTotal.user_id)
    .where(
        User.team_id == bindparam("team"),
        User.slack_user_id == bindparam("user"),
        CeDayTotal.taken_on >= bindparam("since"),
    )
)
LOOSE = (
    select(func.coalesce(func.sum(CeDayTotal.hours), 0.0))
    .join(User, User.id == CeDayTotal.user_id)
    .where(
        User.team_id == bindparam("team"),
        User.slack_user_id == bindparam("user"),
        CeDayTotal.code == "",
    )
)
RECENT = (
    select(CeEntry.code, CeEntry.hours, CeEntry.ethics, CeEntry.taken_on, CeEntry.title)
    .join(User, User.id == CeEntry.user_id)
    .where(User.team_id == bindparam("team"), User.slack_user_id == bindparam("user"))
    .order_by(CeEntry.taken_on.desc(), CeEntry.id.desc())
    .limit(5)
)


async def recheck_soon(*, conn: AsyncConnection, user_row_id: int) -> None:
    """Ask the reminder sweep to plan this user again at its next tick."""
    await conn.execute(update(User).where(User.id == user_row_id).values(next_check_at=utcnow()))


async def held(*, conn: Reads, team_id: str, user_id: str) -> list[Held]:
    rows = await fetch_on(conn, HELD, {"team": team_id, "user": user_id})
    return [Held(code, start, until) for code, start, until in rows]


# Many people's certifications: narrow it to them with .where (and .join) before use.
HELD_BY_USER = select(
    HeldCertification.user_id,
    HeldCertification.code,
    HeldCertification.cycle_start,
    HeldCertification.valid_through,
)


async def held_by_user(
    *, conn: AsyncConnection, query: Select[int, str, dt.date, dt.date | None]
) -> dict[int, list[Held]]:
    """Each person's certifications, as `query` (HELD_BY_USER narrowed) finds them."""
    found: dict[int, list[Held]] = defaultdict(list)
    for uid, code, start, valid_through in await conn.execute(query):
        found[uid].append(Held(str(code), start, valid_through))
    return found


async def logs(*, conn: Reads, team_id: str, user_id: str, since: dt.date | None) -> list[CeLog]:
    """CE hours from `since` on, as daily totals (one per certification, ethics and day):
    bounded by the days of a cycle however many entries were logged. None: nothing needed."""
    if since is None:
        return []
    rows = await fetch_on(conn, LOGS, {"team": team_id, "user": user_id, "since": since})
    return [
        CeLog(code or None, float(hours), bool(ethics), day) for code, hours, ethics, day in rows
    ]


async def loose_hours(*, conn: Reads, team_id: str, user_id: str) -> float:
    """Every CE hour logged without a certification."""
    rows = await fetch_on(conn, LOOSE, {"team": team_id, "user": user_id})
    return float(rows[0][0] or 0.0) if rows else 0.0


async def recent(
    *, conn: Reads, team_id: str, user_id: str
) -> list[tuple[str | None, float, bool, dt.date, str]]:
    rows = await fetch_on(conn, RECENT, {"team": team_id, "user": user_id})
    return [(c, float(h), bool(e), d, t) for c, h, e, d, t in rows]


async def add(
    *,
    conn: AsyncConnection,
    team_id: str,
    user_id: str,
    code: str,
    cycle_start: dt.date,
    valid_through: dt.date | None = None,
) -> bool:
    """Record (or renew) a held certification, with the certificate's valid-through date if
    given. True if it was new to this user."""
    uid = await ensure_user(conn=conn, team_id=team_id, user_id=user_id)
    result = await conn.execute(
        insert_for(conn)(HeldCertification)
        .values(
            user_id=uid,
            code=code,
            cycle_start=cycle_start,
            valid_through=valid_through,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing()
        .returning(HeldCertification.id)
    )
    new = result.first() is not None
    if not new:
        await conn.execute(
            update(HeldCertification)
            .where(HeldCertification.user_id == uid, HeldCertification.code == code)
            .values(cycle_start=cycle_start, valid_through=valid_through)
        )
    await recheck_soon(conn=conn, user_row_id=uid)
    return new


async def remove(*, conn: AsyncConnection, team_id: str, user_id: str, code: str) -> bool:
    uid = await find_user_id(conn=conn, team_id=team_id, user_id=user_id)
    if uid is None:
        return False
    result = await conn.execute(
        delete(HeldCertification)
        .where(HeldCertification.user_id == uid, HeldCertification.code == code)
        .returning(HeldCertification.id)
    )
    removed = result.first() is not None
    if removed:
        await recheck_soon(conn=conn, user_row_id=uid)
    return removed


async def log_ce(
    *,
    conn: AsyncConnection,
    team_id: str,
    user_id: str,
    hours: float,
    code: str | None,
    ethics: bool,
    title: str,
    taken_on: dt.date,
) -> None:
    uid = await ensure_user(conn=conn, team_id=team_id, user_id=user_id)
    await conn.execute(
        insert(CeEntry).values(
            user_id=uid,
            code=code,
            hours=hours,
            ethics=ethics,
            title=title[:200],
            taken_on=taken_on,
            created_at=utcnow(),
        )
    )
    day = insert_for(conn)(CeDayTotal).values(
        user_id=uid, code=code or "", ethics=ethics, taken_on=taken_on, hours=hours, entries=1
    )
    await conn.execute(
        day.on_conflict_do_update(
            index_elements=["user_id", "code", "ethics", "taken_on"],
            set_={
                "hours": CeDayTotal.hours + day.excluded.hours,
                "entries": CeDayTotal.entries + 1,
            },
        )
    )
    await recheck_soon(conn=conn, user_row_id=uid)
