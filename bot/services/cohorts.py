"""Cohort programmes in team channels: create, join, leave, status, and the weekly digest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import any_, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.catalog import Catalog
from bot.clock import utcnow
from bot.db import Reads, fetch_on
from bot.models import (
    Cohort,
    CohortMember,
    HeldCertification,
    ProgressEvent,
    StepProgress,
    User,
    UTCDateTime,
)
from bot.rules.cycles import cycle_end, due_soon
from bot.rules.stall import is_stalled
from bot.rules.window import next_weekly
from bot.services.progress import ensure_user, find_user_id
from bot.sql import insert_for, per_dialect


@dataclass(frozen=True)
class CohortInfo:
    id: int
    name: str
    owner: str | None
    digest_day: int | None
    digest_minute: int | None
    paused_reason: str | None


_INFO = select(
    Cohort.id,
    Cohort.name,
    User.slack_user_id,
    Cohort.digest_day,
    Cohort.digest_minute,
    Cohort.paused_reason,
).outerjoin(User, User.id == Cohort.owner_id)


# Built once: every `/careerpath cohort …` asks it first (a kick-off asks it a hundred times
# at once).
ACTIVE_IN = _INFO.where(
    Cohort.team_id == bindparam("team"), Cohort.channel_id == bindparam("channel"), Cohort.active
)
LIVE = select(Cohort.id).where(
    Cohort.id == bindparam("cohort"), Cohort.team_id == bindparam("team"), Cohort.active
)


async def active_in(*, conn: Reads, team_id: str, channel_id: str) -> CohortInfo | None:
    """The live cohort of a channel."""
    rows = await fetch_on(conn, ACTIVE_IN, {"team": team_id, "channel": channel_id})
    return CohortInfo(*rows[0]) if rows else None


async def active_by_id(*, conn: AsyncConnection, team_id: str, cohort_id: int) -> CohortInfo | None:
    """A live cohort by id, only within `team_id` (a button's value is not trusted)."""
    where = (Cohort.id == cohort_id, Cohort.team_id == team_id, Cohort.active)
    row = (await conn.execute(_INFO.where(*where))).first()
    return CohortInfo(*row) if row else None


async def create(
    *, conn: AsyncConnection, team_id: str, channel_id: str, owner: str, name: str
) -> CohortInfo | None:
    """A new cohort owned by `owner`; None if the channel already runs one."""
    if await active_in(conn=conn, team_id=team_id, channel_id=channel_id) is not None:
        return None
    owner_id = await ensure_user(conn=conn, team_id=team_id, user_id=owner)
    try:
        async with conn.begin_nested():
            result = await conn.execute(
                insert(Cohort)
                .values(
                    team_id=team_id,
                    channel_id=channel_id,
                    name=name[:80],
                    owner_id=owner_id,
                    active=True,
                    created_at=utcnow(),
                )
                .returning(Cohort.id)
            )
    except IntegrityError:  # created by someone else at the same moment
        return None
    cohort_id = result.scalar_one()
    await conn.execute(
        insert(CohortMember).values(cohort_id=cohort_id, user_id=owner_id, joined_at=utcnow())
    )
    return CohortInfo(cohort_id, name[:80], owner, None, None, None)


async def join(*, conn: AsyncConnection, cohort_id: int, team_id: str, user_id: str) -> bool:
    if not await _live(conn=conn, cohort_id=cohort_id, team_id=team_id):
        return False
    uid = await ensure_user(conn=conn, team_id=team_id, user_id=user_id)
    joined = await fetch_on(conn, _joined(conn), {"cohort": cohort_id, "uid": uid, "at_": utcnow()})
    return bool(joined)


# The insert of a membership (ON CONFLICT DO NOTHING).
_joined = per_dialect(
    lambda insert_: (
        insert_(CohortMember)
        .values(
            cohort_id=bindparam("cohort"),
            user_id=bindparam("uid"),
            joined_at=bindparam("at_", type_=UTCDateTime()),
        )
        .on_conflict_do_nothing()
        .returning(CohortMember.id)
    )
)


async def _live(*, conn: AsyncConnection, cohort_id: int, team_id: str) -> bool:
    """The cohort exists, is active, and belongs to this workspace."""
    return bool(await fetch_on(conn, LIVE, {"cohort": cohort_id, "team": team_id}))


async def leave(*, conn: AsyncConnection, cohort_id: int, team_id: str, user_id: str) -> bool:
    uid = await find_user_id(conn=conn, team_id=team_id, user_id=user_id)
    if uid is None or not await _live(conn=conn, cohort_id=cohort_id, team_id=team_id):
        return False
    result = await conn.execute(
        delete(CohortMember).where(CohortMember.cohort_id == cohort_id, CohortMember.user_id == uid)
    )
    return bool(result.rowcount)


async def is_member(*, conn: AsyncConnection, cohort_id: int, team_id: str, user_id: str) -> bool:
    found = await conn.scalar(
        select(CohortMember.id)
        .join(User, User.id == CohortMember.user_id)
        .where(
            CohortMember.cohort_id == cohort_id,
            User.team_id == team_id,
            User.slack_user_id == user_id,
        )
    )
    return found is not None


async def close(*, conn: AsyncConnection, cohort_id: int, now: dt.datetime) -> bool:
    """Close a cohort: its digest stops and its channel may start a new one. Members' own
    progress stays theirs. False if it was already closed."""
    result = await conn.execute(
        update(Cohort)
        .where(Cohort.id == cohort_id, Cohort.active)
        .values(active=False, closed_at=now, next_digest_at=None)
        .returning(Cohort.id)
    )
    return result.first() is not None


async def set_owner(*, conn: AsyncConnection, cohort_id: int, team_id: str, user_id: str) -> bool:
    """Hand a live cohort to `user_id` (who becomes a member too). False if it is closed."""
    uid = await ensure_user(conn=conn, team_id=team_id, user_id=user_id)
    result = await conn.execute(
        update(Cohort)
        .where(Cohort.id == cohort_id, Cohort.team_id == team_id, Cohort.active)
        .values(owner_id=uid)
        .returning(Cohort.id)
    )
    if result.first() is None:
        return False
    await conn.execute(
        insert_for(conn)(CohortMember)
        .values(cohort_id=cohort_id, user_id=uid, joined_at=utcnow())
        .on_conflict_do_nothing()
    )
    return True


async def claim_post(
    *, conn: AsyncConnection, cohort_id: int, now: dt.datetime, interval: dt.timedelta
) -> bool:
    """Record a status post now, unless one was made within `interval` (then False, and
    `last_post` says when)."""
    result = await conn.execute(
        update(Cohort)
        .where(
            Cohort.id == cohort_id,
            (Cohort.status_posted_at.is_(None)) | (Cohort.status_posted_at <= now - interval),
        )
        .values(status_posted_at=now)
        .returning(Cohort.id)
    )
    return result.first() is not None


async def release_post(
    *, conn: AsyncConnection, cohort_id: int, claimed_at: dt.datetime, previous: dt.datetime | None
) -> None:
    """Give back a claimed post whose message Slack refused (unless another claimed since)."""
    await conn.execute(
        update(Cohort)
        .where(Cohort.id == cohort_id, Cohort.status_posted_at == claimed_at)
        .values(status_posted_at=previous)
    )


async def last_post(*, conn: AsyncConnection, cohort_id: int) -> dt.datetime | None:
    return await conn.scalar(select(Cohort.status_posted_at).where(Cohort.id == cohort_id))


def next_digest(day: int, minute: int, tz_name: str | None, after: dt.datetime) -> dt.datetime:
    """The first `day` at `minute` (local to `tz_name`) strictly after `after`."""
    return next_weekly(day, minute, tz_name, after)


async def set_digest(
    *,
    conn: AsyncConnection,
    cohort_id: int,
    day: int | None,
    minute: int | None,
    owner_tz: str | None,
) -> dt.datetime | None:
    nxt = None if day is None or minute is None else next_digest(day, minute, owner_tz, utcnow())
    await conn.execute(
        update(Cohort)
        .where(Cohort.id == cohort_id)
        .values(digest_day=day, digest_minute=minute, next_digest_at=nxt, paused_reason=None)
    )
    return nxt


@dataclass(frozen=True)
class MemberRow:
    slack_user_id: str
    steps_done: int
    last_progress_at: dt.datetime | None


def _of_cohort(column: Any, cohort_id: int, conn: AsyncConnection) -> Any:
    """`column` is a member of the cohort. PostgreSQL gets `= ANY(ARRAY(subquery))`, which it
    answers with index lookups; as a join it scanned every user (15 ms at 100,000 users)."""
    ids = select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)
    if conn.dialect.name == "postgresql":
        return column == any_(func.array(ids.scalar_subquery()))
    return column.in_(ids)


async def members(*, conn: AsyncConnection, cohort_id: int) -> list[MemberRow]:
    """Every member with their step count, in two indexed queries."""
    people = (
        await conn.execute(
            select(User.id, User.slack_user_id, User.last_progress_at).where(
                _of_cohort(User.id, cohort_id, conn)
            )
        )
    ).all()
    counts = dict(
        (
            await conn.execute(
                select(StepProgress.user_id, func.count())
                .where(_of_cohort(StepProgress.user_id, cohort_id, conn))
                .group_by(StepProgress.user_id)
            )
        ).all()
    )
    return [MemberRow(slack, int(counts.get(uid, 0)), last) for uid, slack, last in people]


@dataclass(frozen=True)
class Digest:
    members: int
    completions: int
    completers: int
    stalled: list[str]
    renewing: int
    finished: int


async def digest(
    *, conn: AsyncConnection, cohort_id: int, catalog: Catalog, now: dt.datetime
) -> Digest:
    """This week in a cohort: counts, and the members stalled for 14 days (by mention).

    Three queries joined on the cohort (no lists of ids): members with step counts, their
    certifications, and this week's completions.
    """
    people = await members(conn=conn, cohort_id=cohort_id)
    held = (
        await conn.execute(
            select(
                HeldCertification.code,
                HeldCertification.cycle_start,
                HeldCertification.valid_through,
            )
            .join(CohortMember, CohortMember.user_id == HeldCertification.user_id)
            .where(CohortMember.cohort_id == cohort_id)
        )
    ).all()
    done_rows = (
        await conn.execute(
            select(ProgressEvent.user_id, func.count())
            .join(CohortMember, CohortMember.user_id == ProgressEvent.user_id)
            .where(
                CohortMember.cohort_id == cohort_id,
                ProgressEvent.action == "done",
                ProgressEvent.at >= now - dt.timedelta(days=7),
            )
            .group_by(ProgressEvent.user_id)
        )
    ).all()
    today = now.date()
    renewing = 0
    for code, start, valid_through in held:
        cert = catalog.certification(code)
        if cert is not None and due_soon(cycle_end(cert, start, valid_through), today):
            renewing += 1
    finished = [m for m in people if m.steps_done >= catalog.step_count]
    stalled = sorted(
        m.slack_user_id
        for m in people
        if is_stalled(m.last_progress_at, m.steps_done, catalog.step_count, now)
    )
    return Digest(
        members=len(people),
        completions=sum(int(n) for _, n in done_rows),
        completers=len(done_rows),
        stalled=stalled,
        renewing=renewing,
        finished=len(finished),
    )


async def names_of(*, conn: AsyncConnection, user_row_id: int) -> list[str]:
    rows = await conn.scalars(
        select(Cohort.name)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == user_row_id, Cohort.active)
        .order_by(Cohort.name)
    )
    return list(rows)
