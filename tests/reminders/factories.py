"""Rows for reminder tests, written with plain SQLAlchemy (fast enough for thousands)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import create_engine, insert, select, text

from bot.db import sync_url
from bot.models import CeDayTotal, CeEntry, Delivery, HeldCertification, User, Workspace


def sync_engine(url: str) -> Any:
    return create_engine(sync_url(url))


def seed_users(
    url: str,
    n: int,
    *,
    team: str = "T1",
    now: dt.datetime,
    tz: str = "UTC",
    code: str | None = "C-SWCM",
    cycle_start: dt.date | None = None,
    dm: bool = True,
    prefix: str = "U",
    **user: Any,
) -> list[str]:
    """n users, each holding `code` from `cycle_start`, all due for a check at `now`."""
    engine = sync_engine(url)
    ids = [f"{prefix}{i:06d}" for i in range(n)]
    with engine.begin() as conn:
        if conn.execute(select(Workspace.id).where(Workspace.team_id == team)).first() is None:
            conn.execute(insert(Workspace).values(team_id=team, created_at=now))
        conn.execute(
            insert(User),
            [
                {
                    "team_id": team,
                    "slack_user_id": uid,
                    "created_at": now,
                    "tz": tz,
                    "tz_checked_at": now,
                    "next_check_at": now - dt.timedelta(days=1),
                    "dm_channel": f"D{uid}" if dm else None,
                    **user,
                }
                for uid in ids
            ],
        )
        if code is not None:
            rows = (
                conn.execute(
                    select(User.id).where(User.team_id == team, User.slack_user_id.in_(ids))
                )
                .scalars()
                .all()
            )
            conn.execute(
                insert(HeldCertification),
                [
                    {"user_id": r, "code": code, "cycle_start": cycle_start, "created_at": now}
                    for r in rows
                ],
            )
    engine.dispose()
    return ids


def add_ce(url: str, slack_user_id: str, hours: float, code: str | None, day: dt.date) -> None:
    engine = sync_engine(url)
    with engine.begin() as conn:
        uid = conn.execute(select(User.id).where(User.slack_user_id == slack_user_id)).scalar_one()
        conn.execute(
            insert(CeEntry).values(
                user_id=uid,
                code=code,
                hours=hours,
                ethics=False,
                title="course",
                taken_on=day,
                created_at=dt.datetime.now(dt.UTC),
            )
        )
        conn.execute(
            insert(CeDayTotal).values(
                user_id=uid, code=code or "", ethics=False, taken_on=day, hours=hours, entries=1
            )
        )
    engine.dispose()


def ledger(url: str) -> list[dict[str, Any]]:
    engine = sync_engine(url)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(Delivery).order_by(Delivery.id))]
    engine.dispose()
    return rows


def user_row(url: str, slack_user_id: str) -> dict[str, Any]:
    engine = sync_engine(url)
    with engine.connect() as conn:
        row = dict(
            conn.execute(select(User).where(User.slack_user_id == slack_user_id)).one()._mapping
        )
    engine.dispose()
    return row


def execute(url: str, sql: str, **params: Any) -> None:
    engine = sync_engine(url)
    with engine.begin() as conn:
        conn.execute(text(sql), params)
    engine.dispose()


def seed_cohort(
    url: str,
    members: int,
    *,
    team: str = "T1",
    channel: str = "CBIG",
    now: dt.datetime,
    owner_index: int = 0,
) -> int:
    """A cohort of `members` new users with varied progress; the first one owns it."""
    from bot.models import Cohort, CohortMember, StepProgress

    ids = seed_users(
        url,
        members,
        team=team,
        now=now,
        prefix="M",
        code="CCM",
        cycle_start=dt.date(2022, 1, 10),
        dm=True,
    )
    engine = sync_engine(url)
    with engine.begin() as conn:
        rows = (
            conn.execute(
                select(User.id)
                .where(User.team_id == team, User.slack_user_id.in_(ids))
                .order_by(User.slack_user_id)
            )
            .scalars()
            .all()
        )
        cid = conn.execute(
            insert(Cohort)
            .values(
                team_id=team,
                channel_id=channel,
                name="Big cohort",
                owner_id=rows[owner_index],
                active=True,
                created_at=now,
            )
            .returning(Cohort.id)
        ).scalar_one()
        conn.execute(
            insert(CohortMember), [{"cohort_id": cid, "user_id": r, "joined_at": now} for r in rows]
        )
        steps = [
            {"user_id": r, "step": s, "done_at": now}
            for i, r in enumerate(rows)
            for s in range(1, i % 11 + 1)
        ]
        if steps:
            conn.execute(insert(StepProgress), steps)
    engine.dispose()
    return int(cid)
