"""The reminder sweep: plan what fell due, claim it in the ledger, deliver it once.

The database holds the truth. APScheduler only ticks (see `scheduler.py`). Each sweep:

1. plans the users whose indexed `next_check_at` has passed, inserting ledger rows keyed by
   (recipient, kind, period) with ON CONFLICT DO NOTHING, so any number of engines create each
   reminder once;
2. claims due rows (pending and due, or sending with an expired lease) — PostgreSQL with
   `FOR UPDATE SKIP LOCKED`, SQLite under `BEGIN IMMEDIATE` — marking them sending with an
   owner and a lease;
3. sends one message per recipient inside their working window, marking rows sent (with
   Slack's ts) as soon as Slack accepts, failed with the reason on a permanent error, or back
   to pending with a later due time on a transient one.

Delivery is at least once per crash: a process killed after Slack accepted a message and
before its commit repeats that message (at most `concurrency` messages in flight).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.deps import Deps
from bot.metrics import REMINDERS, SWEEP_SECONDS
from bot.models import (
    CeEntry,
    Cohort,
    Delivery,
    HeldCertification,
    Mentorship,
    ProgressEvent,
    User,
    utcnow,
)
from bot.reminders.compose import Item, compose
from bot.reminders.plan import Learner, plan
from bot.reminders.timing import DEFAULT_START, Window, is_zone, not_before, zone
from bot.services import cohorts, mentors, workspaces
from bot.services.cohorts import next_digest
from bot.services.learners import Person, in_ids, load_learners
from bot.services.progress import insert_for
from bot.shell_text import to_text
from bot.slack_api import PermanentError, Sender, TransientError
from bot.views.people import (
    ce_change,
    cert_change,
    cohort_digest,
    cohort_digest_failed,
    mentor_digest_part,
    step_change,
)
from bot.views.reminders import ReminderPart

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
TZ_REFRESH = dt.timedelta(days=1)
# At most this many unknown timezones are asked of Slack before one planning pass; people
# past it are planned by UTC and their zone is learned at delivery, as before.
TZ_LEARN_LIMIT = 2000


@dataclass
class SweepResult:
    planned_users: int = 0
    queued: int = 0
    sent: int = 0
    messages: int = 0
    failed: int = 0
    deferred: int = 0
    cancelled: int = 0
    retried: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"planned {self.planned_users} users, queued {self.queued}, sent {self.sent} "
            f"in {self.messages} messages, deferred {self.deferred}, retried {self.retried}, "
            f"cancelled {self.cancelled}, failed {self.failed} ({self.seconds * 1000:.0f} ms)"
        )


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


async def _set_next_checks(
    conn: AsyncConnection, checks: list[tuple[int, dt.datetime | None]]
) -> None:
    if conn.dialect.name == "postgresql":
        await conn.execute(
            _PG_NEXT_CHECK, {"ids": [c[0] for c in checks], "nexts": [c[1] for c in checks]}
        )
        return
    await conn.execute(
        update(User).where(User.id == bindparam("uid")).values(next_check_at=bindparam("next")),
        [{"uid": uid, "next": nxt} for uid, nxt in checks],
    )


async def _insert_deliveries(conn: AsyncConnection, rows: list[dict[str, Any]]) -> int:
    """Insert ledger rows, skipping keys that exist; the number actually created.

    On PostgreSQL one INSERT … SELECT FROM unnest(arrays): a thousand rows as ten parameters
    (the executemany form took 120 ms for 1,000 rows, this takes a few).
    """
    if conn.dialect.name == "postgresql":
        columns = {c: [r[c] for r in rows] for c in _COLUMNS}
        return len((await conn.execute(_PG_INSERT, columns)).all())
    created = await conn.execute(
        insert_for(conn)(Delivery).on_conflict_do_nothing().returning(Delivery.id), rows
    )
    return len(created.all())


def _owner() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class _UserRow:
    id: int
    team_id: str
    slack_user_id: str
    tz: str | None
    tz_override: str | None
    tz_checked_at: dt.datetime | None
    reminders_on: bool
    remind_minute: int | None
    work_days: int
    snooze_until: dt.datetime | None
    vacation_until: dt.date | None
    paused_reason: str | None
    last_progress_at: dt.datetime | None
    dm_channel: str | None
    digest_day: int = 0
    digest_minute: int | None = None
    digest_off: bool = False
    last_digest_at: dt.datetime | None = None

    @classmethod
    def of(cls, row: Sequence[Any]) -> _UserRow:
        return cls(*row)

    @property
    def zone_name(self) -> str | None:
        return self.tz_override or self.tz

    def earliest(self, now: dt.datetime) -> dt.datetime:
        """The first moment at or after `now` this person wants to hear from us."""
        window = Window.for_user(self.zone_name, self.remind_minute, self.work_days)
        return window.next_open(
            not_before(now, self.snooze_until, self.vacation_until, zone(self.zone_name))
        )


_USER_COLUMNS = (
    User.id,
    User.team_id,
    User.slack_user_id,
    User.tz,
    User.tz_override,
    User.tz_checked_at,
    User.reminders_on,
    User.remind_minute,
    User.work_days,
    User.snooze_until,
    User.vacation_until,
    User.paused_reason,
    User.last_progress_at,
    User.dm_channel,
    User.digest_day,
    User.digest_minute,
    User.digest_off,
    User.last_digest_at,
)


class Engine:
    """Plans and delivers reminders. Safe to run in several processes on one PostgreSQL."""

    def __init__(
        self,
        deps: Deps,
        sender: Sender,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        owner: str | None = None,
        batch: int = 500,
        lease: dt.timedelta = dt.timedelta(minutes=5),
        concurrency: int = 16,
    ) -> None:
        self.deps = deps
        self.sender = sender
        self.clock = clock
        self.owner = owner or _owner()
        self.batch = batch
        self.lease = lease
        self.concurrency = concurrency
        self._kinds: dict[int, str] = {}
        self._tokens: dict[str, str | None] = {}

    # --- the sweep -------------------------------------------------------------------------

    async def _token(self, team_id: str) -> str | None:
        """The workspace's bot token in multi-workspace mode (else the client's own)."""
        store = self.deps.installation_store
        if store is None:
            return None
        if team_id not in self._tokens:
            self._tokens[team_id] = await store.bot_token(team_id, self.sender.client)
        return self._tokens[team_id]

    async def sweep(self) -> SweepResult:
        started = time.perf_counter()
        result = SweepResult()
        self._tokens = {}
        await self.plan_due(result)
        await self.deliver_due(result)
        result.seconds = time.perf_counter() - started
        SWEEP_SECONDS.observe(result.seconds)
        if result.queued or result.sent or result.failed:
            log.info("reminder sweep: %s", result)
        return result

    async def cleanup(self) -> None:
        """The daily clean-up: event ids Slack will no longer retry, expired OAuth states."""
        now = self.clock()
        async with self.deps.db.transaction() as conn:
            await workspaces.forget_old_events(conn=conn, now=now)
            states = await workspaces.forget_expired_oauth_states(conn=conn, now=now)
        if states:
            log.info("deleted %d expired OAuth states", states)

    def _write(self) -> Any:
        # One connection per step; on SQLite it starts with BEGIN IMMEDIATE.
        return self.deps.db.transaction()

    # --- planning --------------------------------------------------------------------------

    async def plan_due(self, result: SweepResult | None = None) -> SweepResult:
        """Turn every user whose next check has come into ledger rows; set their next check.
        Then the same for cohorts whose weekly digest has come."""
        result = result or SweepResult()
        await self._plan_cohorts(result)
        await self.learn_zones(self.clock())
        while True:
            now = self.clock()
            async with self._write() as conn:
                due_ids = (
                    select(User.id)
                    .where(User.next_check_at <= now)
                    .order_by(User.next_check_at)
                    .limit(self.batch)
                    .with_for_update(skip_locked=True)
                )
                rows = (
                    await conn.execute(
                        select(*_USER_COLUMNS).where(User.id.in_(due_ids.scalar_subquery()))
                    )
                ).all()
                if not rows:
                    break
                users = [_UserRow.of(r) for r in rows]
                learners = await self._learners(conn, users)
                inserts: list[dict[str, Any]] = []
                checks: list[tuple[int, dt.datetime | None]] = []
                for user in users:
                    p = plan(learners[user.id], self.deps.catalog, now)
                    send_at = user.earliest(now)
                    for item in p.due:
                        inserts.append(
                            {
                                "team_id": user.team_id,
                                "user_id": user.id,
                                "cohort_id": None,
                                "recipient": f"{user.team_id}:{user.slack_user_id}",
                                "kind": item.kind,
                                "period": item.period,
                                "state": "pending",
                                "due_at": send_at,
                                "data": json.dumps(item.data),
                                "attempts": 0,
                                "created_at": now,
                            }
                        )
                    checks.append((user.id, p.next_check))
                if inserts:
                    result.queued += await _insert_deliveries(conn, inserts)
                await _set_next_checks(conn, checks)
                result.planned_users += len(users)
            if len(rows) < self.batch:
                break
        return result

    async def learn_zones(self, now: dt.datetime) -> int:
        """Ask Slack for the timezone of everyone due for planning whose zone is still
        unknown, so their first reminder is timed by their own working window, not UTC's.

        Runs before the planning transaction (no row lock is held while Slack answers);
        a failure leaves the zone unknown and delivery asks again.
        """
        async with self.deps.db.connect() as conn:
            rows = (
                await conn.execute(
                    select(User.id, User.team_id, User.slack_user_id)
                    .where(
                        User.next_check_at <= now,
                        User.tz.is_(None),
                        User.tz_override.is_(None),
                        User.tz_checked_at.is_(None),
                    )
                    .order_by(User.next_check_at)
                    .limit(TZ_LEARN_LIMIT)
                )
            ).all()
        if not rows:
            return 0
        gate = asyncio.Semaphore(self.concurrency)

        async def learn(uid: int, team_id: str, slack_user_id: str) -> bool:
            async with gate:
                try:
                    info = await self.sender.call(
                        "users.info", token=await self._token(team_id), user=slack_user_id
                    )
                except (PermanentError, TransientError):
                    return False  # delivery tries again, and records a permanent error
            tz = (info.get("user") or {}).get("tz")
            if not isinstance(tz, str) or not is_zone(tz):
                return False
            await self._set_user(uid, tz=tz, tz_checked_at=now)
            return True

        learned = await asyncio.gather(*(learn(*row) for row in rows))
        return sum(learned)

    async def _learners(
        self, conn: AsyncConnection, users: Sequence[_UserRow]
    ) -> dict[int, Learner]:
        learners = await self._load(conn, users)
        ids = [u.id for u in users if not u.digest_off]
        if not ids:
            return learners
        mentoring = set(
            await conn.scalars(
                select(Mentorship.mentor_id)
                .where(in_ids(Mentorship.mentor_id, ids, conn), Mentorship.state == "active")
                .distinct()
            )
        )
        for u in users:
            if u.id in mentoring:
                start = u.remind_minute if u.remind_minute is not None else DEFAULT_START
                minute = u.digest_minute if u.digest_minute is not None else start
                learners[u.id] = replace(learners[u.id], mentor_digest=(u.digest_day, minute))
        return learners

    async def _load(self, conn: AsyncConnection, users: Sequence[_UserRow]) -> dict[int, Learner]:
        return await load_learners(
            conn,
            [
                Person(
                    u.id,
                    u.team_id,
                    u.slack_user_id,
                    u.zone_name,
                    u.reminders_on,
                    u.paused_reason,
                    u.last_progress_at,
                )
                for u in users
            ],
            self.deps.catalog,
            today=self.clock().date(),
        )

    async def _plan_cohorts(self, result: SweepResult) -> None:
        now = self.clock()
        async with self._write() as conn:
            due = (
                select(Cohort.id)
                .where(Cohort.next_digest_at <= now)
                .order_by(Cohort.next_digest_at)
                .limit(self.batch)
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
            for cid, team, channel, day, minute, at, active, paused, override, tz in rows:
                if not active or paused or day is None or minute is None:
                    await conn.execute(
                        update(Cohort).where(Cohort.id == cid).values(next_digest_at=None)
                    )
                    continue
                year, week, _ = at.astimezone(zone(override or tz)).isocalendar()
                created = await _insert_deliveries(
                    conn,
                    [
                        {
                            "team_id": team,
                            "user_id": None,
                            "cohort_id": cid,
                            "recipient": f"{team}:#{channel}:{cid}",
                            "kind": "cohort_digest",
                            "period": f"{year}-W{week:02d}",
                            "state": "pending",
                            "due_at": now,
                            "data": "{}",
                            "attempts": 0,
                            "created_at": now,
                        }
                    ],
                )
                result.queued += created
                await conn.execute(
                    update(Cohort)
                    .where(Cohort.id == cid)
                    .values(next_digest_at=next_digest(day, minute, override or tz, now))
                )

    # --- delivery --------------------------------------------------------------------------

    async def deliver_due(self, result: SweepResult | None = None) -> SweepResult:
        result = result or SweepResult()
        while True:
            claimed = await self.claim()
            if not claimed:
                break
            self._kinds = {row[0]: row[2] for row in claimed}
            # A row claimed again and again (a crash after each claim) stops somewhere.
            spent = [row for row in claimed if row[5] > MAX_ATTEMPTS]
            if spent:
                await self._finish(
                    [row[0] for row in spent],
                    state="failed",
                    error=f"gave up after {MAX_ATTEMPTS} attempts",
                )
                result.failed += len(spent)
                claimed = [row for row in claimed if row[5] <= MAX_ATTEMPTS]
            by_user: dict[int | None, list[tuple[Any, ...]]] = defaultdict(list)
            by_cohort: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
            for row in claimed:
                if row[6] is not None:
                    by_cohort[row[6]].append(row)
                else:
                    by_user[row[1]].append(row)
            users = await self._users([uid for uid in by_user if uid is not None])
            async with self.deps.db.connect() as conn:
                learners = await self._learners(conn, list(users.values()))
            gate = asyncio.Semaphore(self.concurrency)
            await asyncio.gather(
                *(
                    self._deliver_gated(
                        gate,
                        users.get(uid) if uid is not None else None,
                        learners.get(uid) if uid is not None else None,
                        rows,
                        result,
                    )
                    for uid, rows in by_user.items()
                ),
                *(self._deliver_cohort(gate, cid, rows, result) for cid, rows in by_cohort.items()),
            )
            if len(claimed) < self.batch:
                break
        return result

    async def claim(self) -> list[tuple[Any, ...]]:
        """Claim up to `batch` due ledger rows for this engine (sending, with a lease)."""
        now = self.clock()
        due = or_(
            and_(Delivery.state == "pending", Delivery.due_at <= now),
            and_(Delivery.state == "sending", Delivery.lease_until < now),
        )
        ids = (
            select(Delivery.id)
            .where(due)
            .order_by(Delivery.due_at)
            .limit(self.batch)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        async with self._write() as conn:
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
        return [tuple(r) for r in rows]

    async def _users(self, ids: list[int]) -> dict[int, _UserRow]:
        if not ids:
            return {}
        async with self.deps.db.connect() as conn:
            rows = (
                await conn.execute(select(*_USER_COLUMNS).where(in_ids(User.id, ids, conn)))
            ).all()
        return {r[0]: _UserRow.of(r) for r in rows}

    async def _finish(
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
        async with self.deps.db.transaction() as conn:
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
                REMINDERS.labels(self._kinds.get(i, "unknown"), state).inc()

    async def _set_user(self, uid: int, **values: Any) -> None:
        async with self.deps.db.transaction() as conn:
            await conn.execute(update(User).where(User.id == uid).values(**values))

    async def _deliver_gated(
        self,
        gate: asyncio.Semaphore,
        user: _UserRow | None,
        learner: Learner | None,
        rows: list[tuple[Any, ...]],
        result: SweepResult,
    ) -> None:
        async with gate:
            try:
                await self._deliver(user, learner, rows, result)
            except Exception:  # one person's bad row must not stop everyone else's
                await self._setback(rows, "unexpected error", result)

    async def _setback(self, rows: list[tuple[Any, ...]], reason: str, result: SweepResult) -> None:
        """Back to pending with backoff after a failure we did not foresee; failed for good
        after MAX_ATTEMPTS, so no row is retried forever."""
        log.exception("delivering %d reminder(s) failed", len(rows))
        ids = [r[0] for r in rows]
        attempts = max(r[5] for r in rows)
        if attempts >= MAX_ATTEMPTS:
            await self._finish(
                ids, state="failed", error=f"gave up after {attempts} attempts: {reason}"
            )
            result.failed += len(ids)
            return
        backoff = dt.timedelta(minutes=min(2**attempts, 60))
        await self._finish(
            ids, state="pending", due_at=self.clock() + backoff, error=f"retrying: {reason}"
        )
        result.retried += len(ids)

    async def _still_mine(self, ids: Sequence[int]) -> list[int]:
        """Extend our lease on `ids` just before sending; the ones we still own.

        A batch can outlast its lease (a long Retry-After, a slow Slack): another engine may
        then have claimed some rows, and only the current owner may send them.
        """
        if not ids:
            return []
        now = self.clock()
        async with self.deps.db.transaction() as conn:
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

    async def _deliver(
        self,
        user: _UserRow | None,
        learner: Learner | None,
        rows: list[tuple[Any, ...]],
        result: SweepResult,
    ) -> None:
        ids = [r[0] for r in rows]
        now = self.clock()
        if user is None or learner is None:
            await self._finish(ids, state="cancelled", error="user no longer exists")
            result.cancelled += len(ids)
            return
        if not user.reminders_on:
            await self._finish(ids, state="cancelled", error="reminders turned off")
            result.cancelled += len(ids)
            return
        if user.paused_reason:
            await self._finish(ids, state="failed", error=f"paused: {user.paused_reason}")
            result.failed += len(ids)
            return
        try:
            await self._refresh_tz(user, now)
        except PermanentError as exc:
            await self._fail(user, ids, exc.code, result)
            return
        learner = replace(learner, tz=user.zone_name)  # as refreshed from Slack just now
        earliest = user.earliest(now)
        if earliest > now:
            # Waiting for the window is not a delivery attempt: give back the claim's count.
            await self._finish(
                ids, state="pending", due_at=earliest, attempts=Delivery.attempts - 1
            )
            result.deferred += len(ids)
            return
        items = [Item.from_row(r[0], r[2], r[3], r[4]) for r in rows]
        digests = [i for i in items if i.kind == "mentor_digest"]
        extra: list[ReminderPart] = []
        if digests:
            extra = await self._mentor_digest(user, now)
            if not extra:
                await self._finish(
                    [i.id for i in digests],
                    state="cancelled",
                    error="nothing changed for any mentee",
                )
                result.cancelled += len(digests)
            items = [i for i in items if i.kind != "mentor_digest"]
        composed = compose(items, learner, self.deps.catalog, now, extra=extra)
        if extra:
            composed.send.extend(i.id for i in digests)
        for reason in set(composed.cancel.values()):
            gone = [i for i, r in composed.cancel.items() if r == reason]
            await self._finish(gone, state="cancelled", error=reason)
            result.cancelled += len(gone)
        if composed.reply is None:
            return
        mine = set(await self._still_mine(composed.send))
        if len(mine) < len(composed.send):
            log.warning(
                "lost the lease on %d reminder(s); another engine sends them",
                len(composed.send) - len(mine),
            )
            composed.send = [i for i in composed.send if i in mine]
            if not composed.send:
                return
        message = composed.reply.message()
        token = await self._token(user.team_id)
        try:
            channel = user.dm_channel
            if not channel:
                opened = await self.sender.call(
                    "conversations.open", token=token, users=user.slack_user_id
                )
                channel = str(opened["channel"]["id"])
            sent = await self.sender.call(
                "chat.postMessage", token=token, channel=channel, **message
            )
        except PermanentError as exc:
            await self._fail(user, composed.send, exc.code, result)
            return
        except TransientError as exc:
            attempts = max(r[5] for r in rows)
            if attempts >= MAX_ATTEMPTS:
                await self._finish(
                    composed.send,
                    state="failed",
                    error=f"gave up after {attempts} attempts: {exc.reason}",
                )
                result.failed += len(composed.send)
            else:
                backoff = dt.timedelta(minutes=min(2**attempts, 60))
                await self._finish(
                    composed.send,
                    state="pending",
                    due_at=now + backoff,
                    error=f"retrying: {exc.reason}",
                )
                result.retried += len(composed.send)
            return
        changes: dict[str, Any] = {}
        if channel != user.dm_channel:
            changes["dm_channel"] = channel
        if extra:
            changes["last_digest_at"] = now
        await self._finish(
            composed.send,
            state="sent",
            ts=str(sent.get("ts", "")),
            sent_at=self.clock(),
            error=None,
            user_update=(user.id, changes) if changes else None,
        )
        result.sent += len(composed.send)
        result.messages += 1

    async def _mentor_digest(self, user: _UserRow, now: dt.datetime) -> list[ReminderPart]:
        """What changed for each mentee since the last digest (a week, the first time)."""
        since = user.last_digest_at or now - dt.timedelta(days=7)
        async with self.deps.db.connect() as conn:
            people = await mentors.mentees_of(
                conn=conn, team_id=user.team_id, mentor_row_id=user.id
            )
            if not people:
                return []
            ids = [p.id for p in people]
            events = (
                await conn.execute(
                    select(ProgressEvent.user_id, ProgressEvent.step, ProgressEvent.action)
                    .where(in_ids(ProgressEvent.user_id, ids, conn), ProgressEvent.at > since)
                    .order_by(ProgressEvent.at)
                )
            ).all()
            ce = (
                await conn.execute(
                    select(CeEntry.user_id, func.sum(CeEntry.hours), func.count())
                    .where(in_ids(CeEntry.user_id, ids, conn), CeEntry.created_at > since)
                    .group_by(CeEntry.user_id)
                )
            ).all()
            certs = (
                await conn.execute(
                    select(HeldCertification.user_id, HeldCertification.code).where(
                        in_ids(HeldCertification.user_id, ids, conn),
                        HeldCertification.created_at > since,
                    )
                )
            ).all()
        changes: dict[int, list[str]] = defaultdict(list)
        for uid, step, action in events:
            found = self.deps.catalog.step(step)
            title = found.title if found else None
            changes[uid].append(step_change(step, title, done=action == "done"))
        for uid, hours, count in ce:
            changes[uid].append(ce_change(float(hours), count))
        for uid, code in certs:
            changes[uid].append(cert_change(code))
        return [
            mentor_digest_part(p.slack_user_id, changes[p.id]) for p in people if changes.get(p.id)
        ]

    async def _deliver_cohort(
        self,
        gate: asyncio.Semaphore,
        cohort_id: int,
        rows: list[tuple[Any, ...]],
        result: SweepResult,
    ) -> None:
        async with gate:
            try:
                await self._deliver_digest(cohort_id, rows, result)
            except Exception:  # a bad cohort must not stop the other deliveries
                await self._setback(rows, "unexpected error", result)

    async def _deliver_digest(
        self, cohort_id: int, rows: list[tuple[Any, ...]], result: SweepResult
    ) -> None:
        ids = [r[0] for r in rows]
        now = self.clock()
        async with self.deps.db.connect() as conn:
            info = (
                await conn.execute(
                    select(
                        Cohort.name,
                        Cohort.channel_id,
                        Cohort.active,
                        User.slack_user_id,
                        Cohort.team_id,
                    )
                    .outerjoin(User, User.id == Cohort.owner_id)
                    .where(Cohort.id == cohort_id)
                )
            ).first()
            summary = None
            if info is not None and info.active:
                summary = await cohorts.digest(
                    conn=conn, cohort_id=cohort_id, catalog=self.deps.catalog, now=now
                )
        if info is None or summary is None:
            await self._finish(ids, state="cancelled", error="cohort closed")
            result.cancelled += len(ids)
            return
        message = cohort_digest(info.name, summary).message()
        if len(await self._still_mine(ids)) < len(ids):
            return  # the lease ran out; the engine that holds it now posts the digest
        try:
            sent = await self.sender.call(
                "chat.postMessage",
                token=await self._token(info.team_id),
                channel=info.channel_id,
                **message,
            )
        except PermanentError as exc:
            await self._finish(ids, state="failed", error=exc.code)
            result.failed += len(ids)
            async with self.deps.db.transaction() as conn:
                await conn.execute(
                    update(Cohort)
                    .where(Cohort.id == cohort_id)
                    .values(paused_reason=exc.code, next_digest_at=None)
                )
            if info.slack_user_id:
                await self._tell_owner(
                    info.team_id, info.slack_user_id, info.name, info.channel_id, exc.code
                )
            return
        except TransientError as exc:
            await self._setback(rows, exc.reason, result)
            return
        await self._finish(
            ids, state="sent", ts=str(sent.get("ts", "")), sent_at=self.clock(), error=None
        )
        result.sent += len(ids)
        result.messages += 1

    async def _tell_owner(
        self, team_id: str, owner: str, name: str, channel: str, error: str
    ) -> None:
        """Tell a cohort's owner, once, that its digest could not be posted."""
        note = cohort_digest_failed(name, channel, error).message()
        try:
            token = await self._token(team_id)
            opened = await self.sender.call("conversations.open", token=token, users=owner)
            await self.sender.call(
                "chat.postMessage", token=token, channel=opened["channel"]["id"], **note
            )
        except (PermanentError, TransientError) as exc:
            log.warning("could not tell a cohort owner about a failed digest: %s", exc)

    async def _fail(
        self, user: _UserRow, ids: Sequence[int], code: str, result: SweepResult
    ) -> None:
        await self._finish(ids, state="failed", error=code)
        await self._set_user(user.id, paused_reason=code)
        result.failed += len(ids)
        log.warning(
            "reminders paused for a user: Slack said %s",
            code,
            extra={"team": user.team_id, "user": user.slack_user_id},
        )

    async def _refresh_tz(self, user: _UserRow, now: dt.datetime) -> None:
        """Timezone from users.info, cached a day; a deleted account fails permanently."""
        if user.tz_checked_at is not None and now - user.tz_checked_at < TZ_REFRESH:
            return
        try:
            info = await self.sender.call(
                "users.info", token=await self._token(user.team_id), user=user.slack_user_id
            )
        except TransientError:
            return  # keep the cached (or default) timezone; try again next time
        person = info.get("user") or {}
        if person.get("deleted"):
            raise PermanentError("account_inactive")
        tz = person.get("tz")
        user.tz = tz if isinstance(tz, str) and tz else user.tz
        user.tz_checked_at = now
        await self._set_user(user.id, tz=user.tz, tz_checked_at=now)

    # --- preview ---------------------------------------------------------------------------

    async def preview(
        self,
        at: dt.datetime,
        *,
        team_id: str | None = None,
        user_id: str | None = None,
        limit: int = 50,
    ) -> list[str]:
        """What would be sent, to whom and when, if a sweep ran at `at`. Writes nothing."""
        query = select(*_USER_COLUMNS)
        if user_id:
            query = query.where(User.slack_user_id == user_id)
            if team_id:
                query = query.where(User.team_id == team_id)
        else:
            query = query.where(User.next_check_at <= at).order_by(User.next_check_at)
        async with self.deps.db.connect() as conn:
            users = [_UserRow.of(r) for r in (await conn.execute(query.limit(limit))).all()]
            learners = await self._learners(conn, users)
        lines: list[str] = []
        for user in users:
            p = plan(learners[user.id], self.deps.catalog, at)
            who = f"{user.slack_user_id} ({user.team_id})"
            if not p.due:
                nxt = (
                    p.next_check.isoformat(timespec="minutes")
                    if p.next_check
                    else "nothing planned"
                )
                lines.append(f"{who}: nothing due; next check {nxt}")
                continue
            send_at = user.earliest(at)
            items = [Item(0, d.kind, d.period, dict(d.data)) for d in p.due]
            composed = compose(items, learners[user.id], self.deps.catalog, at)
            local = send_at.astimezone(zone(user.zone_name))
            lines.append(
                f"{who}: {len(p.due)} due → would send {local:%Y-%m-%d %H:%M} "
                f"{local.tzname()} ({send_at:%Y-%m-%d %H:%M} UTC)"
            )
            for d in p.due:
                lines.append(f"  - {d.kind} {d.period}")
            if composed.reply is not None:
                text, _ = to_text(composed.reply.message())
                lines.extend("    " + line for line in text.splitlines())
        return lines
