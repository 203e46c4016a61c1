"""People as the rules see them: the users row as a `Person`, and what the planner and the
progress views need about many people, loaded in a few queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.catalog import Catalog
from bot.models import CeDayTotal, HeldCertification, StepProgress, User
from bot.rules.pace import CeLog, ce_since
from bot.rules.person import Learner, Person, learner_of
from bot.services.certs import HELD_BY_USER, held_by_user
from bot.services.progress import next_step
from bot.sql import in_ids

# Person's fields are the users table's columns, but for the row id.
_COLUMN = {"user_id": "id"}


def person_columns(user: Any = User) -> tuple[Any, ...]:
    """The columns of `user` (the users table or an alias of it) that make a `Person`."""
    return tuple(getattr(user, _COLUMN.get(f.name, f.name)) for f in fields(Person))


def person_of(row: Sequence[Any]) -> Person:
    """A row selected with `person_columns()`, as a `Person`."""
    return Person(*row)


async def people(conn: AsyncConnection, ids: Sequence[int]) -> dict[int, Person]:
    """The users with these row ids (those that still exist)."""
    if not ids:
        return {}
    rows = await conn.execute(select(*person_columns()).where(in_ids(User.id, ids, conn)))
    return {p.user_id: p for p in map(person_of, rows)}


async def load_learners(
    conn: AsyncConnection,
    people: Sequence[Person],
    catalog: Catalog,
    *,
    today: dt.date,
) -> dict[int, Learner]:
    """Certifications, CE and steps for everyone in `people`: three queries. CE comes as
    daily totals within the current cycles on `today`, so its cost does not grow with the
    number of entries anyone logged."""
    ids = [p.user_id for p in people]
    if not ids:
        return {}
    certs = await held_by_user(
        conn=conn, query=HELD_BY_USER.where(in_ids(HeldCertification.user_id, ids, conn))
    )
    logs: dict[int, list[CeLog]] = defaultdict(list)
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
        p.user_id: learner_of(
            p,
            steps_done=len(done.get(p.user_id, ())),
            next_step=next_step(frozenset(done.get(p.user_id, ())), catalog.step_count),
            certs=tuple(certs.get(p.user_id, ())),
            ce=tuple(logs.get(p.user_id, ())),
            done=frozenset(done.get(p.user_id, ())),
        )
        for p in people
    }
