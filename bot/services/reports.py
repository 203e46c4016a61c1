"""What a cohort's programme report reads: its members' steps, certifications and CE hours,
and the cohort's completions, in one indexed query each (no per-member round trips)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.models import (
    CeEntry,
    Cohort,
    CohortMember,
    HeldCertification,
    ProgressEvent,
    StepProgress,
    User,
)
from bot.rules.pace import CeLog
from bot.rules.report import MemberFacts
from bot.services.certs import HELD_BY_USER, held_by_user


async def member_facts(*, conn: AsyncConnection, cohort_id: int) -> list[MemberFacts]:
    member = CohortMember.cohort_id == cohort_id
    people = (
        await conn.execute(
            select(User.id, User.slack_user_id)
            .join(CohortMember, CohortMember.user_id == User.id)
            .where(member)
        )
    ).all()
    steps: dict[int, list[tuple[int, dt.datetime]]] = defaultdict(list)
    for uid, step, at in await conn.execute(
        select(StepProgress.user_id, StepProgress.step, StepProgress.done_at)
        .join(CohortMember, CohortMember.user_id == StepProgress.user_id)
        .where(member)
    ):
        steps[uid].append((int(step), at))
    certs = await held_by_user(
        conn=conn,
        query=HELD_BY_USER.join(
            CohortMember, CohortMember.user_id == HeldCertification.user_id
        ).where(member),
    )
    ce: dict[int, list[CeLog]] = defaultdict(list)
    for uid, ce_code, hours, ethics, day in await conn.execute(
        select(CeEntry.user_id, CeEntry.code, CeEntry.hours, CeEntry.ethics, CeEntry.taken_on)
        .join(CohortMember, CohortMember.user_id == CeEntry.user_id)
        .where(member)
    ):
        ce[uid].append(CeLog(ce_code, float(hours), bool(ethics), day))
    return [
        MemberFacts(slack, tuple(steps[uid]), tuple(certs[uid]), tuple(ce[uid]))
        for uid, slack in people
    ]


async def completions(
    *, conn: AsyncConnection, cohort_id: int, since: dt.datetime
) -> list[dt.datetime]:
    """When members marked a step done, since `since` (a step done twice counts twice, as
    in the weekly digest)."""
    rows = await conn.scalars(
        select(ProgressEvent.at)
        .join(CohortMember, CohortMember.user_id == ProgressEvent.user_id)
        .where(
            CohortMember.cohort_id == cohort_id,
            ProgressEvent.action == "done",
            ProgressEvent.at >= since,
        )
    )
    return list(rows)


async def owned(*, conn: AsyncConnection, user_row_id: int) -> list[tuple[int, str]]:
    """(id, name) of the active cohorts a person owns, for their App Home."""
    rows = await conn.execute(
        select(Cohort.id, Cohort.name)
        .where(Cohort.owner_id == user_row_id, Cohort.active)
        .order_by(Cohort.name, Cohort.id)
    )
    return [(int(i), str(n)) for i, n in rows]
