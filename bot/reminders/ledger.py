"""The deliveries ledger: one row per reminder, keyed by (recipient, kind, period).

Rows are inserted once (ON CONFLICT DO NOTHING, so any number of engines plan each reminder
once), claimed with a lease (PostgreSQL `FOR UPDATE SKIP LOCKED`, SQLite under
`BEGIN IMMEDIATE`), and finished only by the engine that still owns them. A failed attempt is
retried with backoff, and fails for good after `MAX_ATTEMPTS`: the policy lives here, once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import Clock
from bot.db import Database
from bot.metrics import REMINDERS
from bot.models import Delivery, User
from bot.rules.kinds import Kind
from bot.sql import in_ids, insert_for

MAX_ATTEMPTS = 8
MAX_BACKOFF_MINUTES = 60


class Claimed(NamedTuple):
    """A ledger row this engine has claimed (state `sending`, under its lease)."""

    id: int
    user_id: int | None
    kind: str
    period: str
    data: str
    attempts: int
    cohort_id: int | None


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait before trying again after `attempts` attempts: 2, 4, 8 … 60 minutes."""
    return dt.timedelta(minutes=min(2**attempts, MAX_BACKOFF_MINUTES))


def pending(
    *,
    team_id: str,
    recipient: str,
    kind: Kind,
    period: str,
    due_at: dt.datetime,
    now: dt.datetime,
    user_id: int | None = None,
    cohort_id: int | None = None,
    data: Mapping[str, object] | None = None,
) -> dict[str, Any]:
    """A new ledger row, ready for `insert`."""
    return {
        "team_id": team_id,
        "user_id": user_id,
        "cohort_id": cohort_id,
        "recipient": recipient,
        "kind": str(kind),
        "period": period,
        "state": "pending",
        "due_at": due_at,
        "data": json.dumps(dict(data or {})),
        "attempts": 0,
        "created_at": now,
    }


_COLUMNS = (
    "team_id",
    "user_id",
    "cohort_id",
    "recipient",
    "kind",
    "period",
    "state",
    "due_at",
    "data",
    "attempts",
    "created_at",
)
_PG_TYPES = (
    "varchar",
    "int",
    "int",
    "varchar",
    "varchar",
    "varchar",
    "varchar",
    "timestamptz",
    "text",
    "int",
    "timestamptz",
)
_ARRAYS = ", ".join(f"CAST(:{c} AS {t}[])" for c, t in zip(_COLUMNS, _PG_TYPES, strict=True))
_PG_INSERT = text(
    f"INSERT INTO deliveries ({', '.join(_COLUMNS)}) SELECT * FROM unnest({_ARRAYS}) "
    "ON CONFLICT DO NOTHING RETURNING id"
)
_PG_NEXT_CHECK = text(
    "UPDATE users SET next_check_at = d.next FROM unnest(CAST(:ids AS int[]), "
    "CAST(:nexts AS timestamptz[])) AS d(id, next) WHERE users.id = d.id"
)


async def insert(conn: AsyncConnection, rows: list[dict[str, Any]]) -> int:
    """Insert ledger rows, skipping keys that exist; the number actually created.

    On PostgreSQL one INSERT … SELECT FROM unnest(arrays): a thousand rows as ten parameters
    (the executemany form took 120 ms for 1,000 rows, this takes a few).
    """
    if not rows:
        return 0
    if conn.dialect.name == "postgresql":
        columns = {c: [r[c] for r in rows] for c in _COLUMNS}
        return len((await conn.execute(_PG_INSERT, columns)).all())
    created = await conn.execute(
        insert_for(conn)(Delivery).on_conflict_do_nothing().returning(Delivery.id), rows
    )
    return len(created.all())


async def set_next_checks(
    conn: AsyncConnection, checks: list[tuple[int, dt.datetime | None]]
) -> None:
    """When the sweep should next plan each user (user row id, moment or None)."""
    if conn.dialect.name == "postgresql":
        await conn.execute(
            _PG_NEXT_CHECK, {"ids": [c[0] for c in checks], "nexts": [c[1] for c in checks]}
        )
        return
    await conn.execute(
        update(User).where(User.id == bindparam("uid")).values(next_check_at=bindparam("next")),
        [{"uid": uid, "next": nxt} for uid, nxt in checks],
    )


def new_owner() -> str:
    """A name for one engine, unique across hosts and processes."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Outcome:
    """What became of rows moved on by a retry: counts for the sweep's result."""

    failed: int = 0
    retried: int = 0


@dataclass
class Ledger:
    """Claims, leases and finishes ledger rows as one owner."""

    db: Database
    clock: Clock
    owner: str = field(default_factory=new_owner)
    lease: dt.timedelta = dt.timedelta(minutes=5)
    # Kinds of the rows claimed last, for the delivery metrics.
    kinds: dict[int, str] = field(default_factory=dict)

    async def claim(self, batch: int) -> list[Claimed]:
        """Claim up to `batch` due rows: pending and due, or sending with an expired lease."""
        now = self.clock()
        due = or_(
            and_(Delivery.state == "pending", Delivery.due_at <= now),
            and_(Delivery.state == "sending", Delivery.lease_until < now),
        )
        ids = (
            select(Delivery.id)
            .where(due)
            .order_by(Delivery.due_at)
            .limit(batch)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        async with self.db.transaction() as conn:
            rows = (
                await conn.execute(
                    update(Delivery)
                    .where(Delivery.id.in_(ids))
                    .values(
                        state="sending",
                        owner=self.owner,
                        lease_until=now + self.lease,
                        attempts=Delivery.attempts + 1,
                    )
                    .returning(
                        Delivery.id,
                        Delivery.user_id,
                        Delivery.kind,
                        Delivery.period,
                        Delivery.data,
                        Delivery.attempts,
                        Delivery.cohort_id,
                    )
                )
            ).all()
        claimed = [Claimed(*r) for r in rows]
        self.kinds = {c.id: c.kind for c in claimed}
        return claimed

    async def still_mine(self, ids: Sequence[int]) -> list[int]:
        """Extend our lease on `ids` just before sending; the ones we still own.

        A batch can outlast its lease (a long Retry-After, a slow Slack): another engine may
        then have claimed some rows, and only the current owner may send them.
        """
        if not ids:
            return []
        now = self.clock()
        async with self.db.transaction() as conn:
            kept = await conn.execute(
                update(Delivery)
                .where(
                    in_ids(Delivery.id, ids, conn),
                    Delivery.owner == self.owner,
                    Delivery.state == "sending",
                )
                .values(lease_until=now + self.lease)
                .returning(Delivery.id)
            )
            return [r[0] for r in kept]

    async def finish(
        self,
        ids: Sequence[int],
        *,
        user_update: tuple[int, dict[str, Any]] | None = None,
        **values: Any,
    ) -> None:
        """Move our claimed rows on (only while we still own them), in one transaction with
        any change to their user's row."""
        if not ids:
            return
        state = values.get("state")
        async with self.db.transaction() as conn:
            await conn.execute(
                update(Delivery)
                .where(
                    in_ids(Delivery.id, ids, conn),
                    Delivery.owner == self.owner,
                    Delivery.state == "sending",
                )
                .values(owner=None, lease_until=None, **values)
            )
            if user_update is not None:
                uid, changes = user_update
                await conn.execute(update(User).where(User.id == uid).values(**changes))
        if state in ("sent", "failed"):
            for i in ids:
                REMINDERS.labels(self.kinds.get(i, "unknown"), state).inc()

    async def give_up_spent(self, claimed: list[Claimed]) -> tuple[list[Claimed], int]:
        """Fail rows claimed more than `MAX_ATTEMPTS` times (a crash after each claim stops
        somewhere); the rest, and how many failed."""
        spent = [c.id for c in claimed if c.attempts > MAX_ATTEMPTS]
        if spent:
            await self.finish(spent, state="failed", error=f"gave up after {MAX_ATTEMPTS} attempts")
        return [c for c in claimed if c.attempts <= MAX_ATTEMPTS], len(spent)

    async def retry(self, ids: Sequence[int], attempts: int, reason: str) -> Outcome:
        """After a failed attempt: back to pending with backoff, or failed for good once
        `attempts` reaches `MAX_ATTEMPTS`, so no row is retried forever."""
        if attempts >= MAX_ATTEMPTS:
            await self.finish(
                ids, state="failed", error=f"gave up after {attempts} attempts: {reason}"
            )
            return Outcome(failed=len(ids))
        await self.finish(
            ids,
            state="pending",
            due_at=self.clock() + backoff(attempts),
            error=f"retrying: {reason}",
        )
        return Outcome(retried=len(ids))

    async def defer(self, ids: Sequence[int], until: dt.datetime) -> None:
        """Back to pending until `until`: waiting for a window is not a delivery attempt, so
        the claim's count is given back."""
        await self.finish(ids, state="pending", due_at=until, attempts=Delivery.attempts - 1)
