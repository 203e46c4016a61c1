"""Planning: turn what fell due for people and cohorts into ledger rows, and say when to
look again. Each step runs on the one connection of the caller's unit of work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.catalog import Catalog
from bot.models import Cohort, Mentorship, User
from bot.reminders import ledger
from bot.rules.kinds import Kind
from bot.rules.localtime import zone
from bot.rules.person import Learner, Person
from bot.rules.plan import plan
from bot.services.cohorts import next_digest
from bot.services.learners import load_learners, person_columns, person_of
from bot.sql import in_ids


async def learners_of(
    conn: AsyncConnection, people: Sequence[Person], catalog: Catalog, today: dt.date
) -> dict[int, Learner]:
    """What the planner needs about `people`, with the weekly digest of those who mentor."""
    learners = await load_learners(conn, people, catalog, today=today)
    ids = [p.user_id for p in people if not p.digest_off]
    if not ids:
        return learners
    mentoring = set(
        await conn.scalars(
            select(Mentorship.mentor_id)
            .where(in_ids(Mentorship.mentor_id, ids, conn), Mentorship.state == "active")
            .distinct()
        )
    )
    for p in people:
        if p.user_id in mentoring:
            learners[p.user_id] = replace(learners[p.user_id], mentor_digest=p.digest_at)
    return learners


async def due_people(conn: AsyncConnection, now: dt.datetime, batch: int) -> list[Person]:
    """Up to `batch` people whose next check has come, locked (skipping rows others hold)."""
    due_ids = (
        select(User.id)
        .where(User.next_check_at <= now)
        .order_by(User.next_check_at)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    rows = await conn.execute(
        select(*person_columns()).where(User.id.in_(due_ids.scalar_subquery()))
    )
    return [person_of(r) for r in rows]


async def plan_people(
    conn: AsyncConnection, people: Sequence[Person], catalog: Catalog, now: dt.datetime
) -> int:
    """Ledger rows for what is due for `people`, each timed to their window; their next
    checks. The number of rows created."""
    learners = await learners_of(conn, people, catalog, now.date())
    inserts: list[dict[str, Any]] = []
    checks: list[tuple[int, dt.datetime | None]] = []
    for person in people:
        p = plan(learners[person.user_id], catalog, now)
        send_at = person.earliest(now)
        inserts += [
            ledger.pending(
                team_id=person.team_id,
                user_id=person.user_id,
                recipient=f"{person.team_id}:{person.slack_user_id}",
                kind=item.kind,
                period=item.period,
                due_at=send_at,
                data=item.data,
                now=now,
            )
            for item in p.due
        ]
        checks.append((person.user_id, p.next_check))
    queued = await ledger.insert(conn, inserts)
    await ledger.set_next_checks(conn, checks)
    return queued


async def plan_cohorts(conn: AsyncConnection, now: dt.datetime, batch: int) -> int:
    """A ledger row for each cohort whose weekly digest has come; its next digest. The
    number of rows created."""
    due = (
        select(Cohort.id)
        .where(Cohort.next_digest_at <= now)
        .order_by(Cohort.next_digest_at)
        .limit(batch)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    rows = (
        await conn.execute(
            select(
                Cohort.id,
                Cohort.team_id,
                Cohort.channel_id,
                Cohort.digest_day,
                Cohort.digest_minute,
                Cohort.next_digest_at,
                Cohort.active,
                Cohort.paused_reason,
                User.tz_override,
                User.tz,
            )
            .outerjoin(User, User.id == Cohort.owner_id)
            .where(Cohort.id.in_(due))
        )
    ).all()
    queued = 0
    for cid, team, channel, day, minute, at, active, paused, override, tz in rows:
        if not active or paused or day is None or minute is None or at is None:
            await conn.execute(update(Cohort).where(Cohort.id == cid).values(next_digest_at=None))
            continue
        year, week, _ = at.astimezone(zone(override or tz)).isocalendar()
        queued += await ledger.insert(
            conn,
            [
                ledger.pending(
                    team_id=team,
                    cohort_id=cid,
                    recipient=f"{team}:#{channel}:{cid}",
                    kind=Kind.COHORT_DIGEST,
                    period=f"{year}-W{week:02d}",
                    due_at=now,
                    now=now,
                )
            ],
        )
        await conn.execute(
            update(Cohort)
            .where(Cohort.id == cid)
            .values(next_digest_at=next_digest(day, minute, override or tz, now))
        )
    return queued
