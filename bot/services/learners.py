"""Load what the planner and the progress views need about many people in a few queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.catalog import Catalog
from bot.models import CeDayTotal, HeldCertification, StepProgress, utcnow
from bot.reminders.plan import CeLog, Held, Learner, ce_since
from bot.services.progress import next_step


def in_ids(column: Any, ids: Sequence[int], conn: AsyncConnection) -> Any:
    """`column IN ids`; on PostgreSQL as `= ANY(array)`, one parameter instead of thousands."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(list(ids))


@dataclass(frozen=True)
class Person:
    """The user-row facts a Learner starts from."""

    id: int
    team_id: str
    slack_user_id: str
    tz: str | None = None
    reminders_on: bool = True
    paused_reason: str | None = None
    last_progress_at: dt.datetime | None = None


async def load_learners(
    conn: AsyncConnection,
    people: Sequence[Person],
    catalog: Catalog,
    *,
    today: dt.date | None = None,
) -> dict[int, Learner]:
    """Certifications, CE and steps for everyone in `people`: three queries. CE comes as
    daily totals within the current cycles on `today`, so its cost does not grow with the
    number of entries anyone logged."""
    ids = [p.id for p in people]
    if not ids:
        return {}
    certs: dict[int, list[Held]] = defaultdict(list)
    for uid, code, start, valid_through in await conn.execute(
        select(
            HeldCertification.user_id,
            HeldCertification.code,
            HeldCertification.cycle_start,
            HeldCertification.valid_through,
        ).where(in_ids(HeldCertification.user_id, ids, conn))
    ):
        certs[uid].append(Held(str(code), start, valid_through))
    logs: dict[int, list[CeLog]] = defaultdict(list)
    today = today or utcnow().date()
    since = ce_since(catalog, (h for held in certs.values() for h in held), today)
    with_certs = [uid for uid in ids if certs.get(uid)]
    if with_certs and since is not None:
        for uid, ce_code, hours, ethics, day in await conn.execute(
            select(
                CeDayTotal.user_id,
                CeDayTotal.code,
                CeDayTotal.hours,
                CeDayTotal.ethics,
                CeDayTotal.taken_on,
            ).where(in_ids(CeDayTotal.user_id, with_certs, conn), CeDayTotal.taken_on >= since)
        ):
            logs[uid].append(CeLog(ce_code or None, float(hours), bool(ethics), day))
    done: dict[int, set[int]] = defaultdict(set)
    for uid, step in await conn.execute(
        select(StepProgress.user_id, StepProgress.step).where(
            in_ids(StepProgress.user_id, ids, conn)
        )
    ):
        done[uid].add(step)
    return {
        p.id: Learner(
            user_id=p.id,
            team_id=p.team_id,
            slack_user_id=p.slack_user_id,
            tz=p.tz,
            reminders_on=p.reminders_on,
            paused_reason=p.paused_reason,
            last_progress_at=p.last_progress_at,
            steps_done=len(done.get(p.id, ())),
            next_step=next_step(frozenset(done.get(p.id, ())), catalog.step_count),
            certs=tuple(certs.get(p.id, ())),
            ce=tuple(logs.get(p.id, ())),
            done=frozenset(done.get(p.id, ())),
        )
        for p in people
    }
