"""The reminder sweep: plan what fell due, claim it in the ledger, deliver it once.

The database holds the truth. APScheduler only ticks (see `scheduler.py`). Each sweep:

1. plans the users whose indexed `next_check_at` has passed, inserting ledger rows keyed by
   (recipient, kind, period) with ON CONFLICT DO NOTHING, so any number of engines create each
   reminder once (`planning.py`, `ledger.py`);
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
import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select, update

from bot.clock import Clock, utcnow
from bot.deps import Deps
from bot.metrics import SWEEP_SECONDS
from bot.models import Cohort, User
from bot.reminders import planning
from bot.reminders.compose import Item, compose, mentor_digest_parts
from bot.reminders.ledger import Claimed, Ledger, new_owner
from bot.reminders.preview import preview
from bot.rules.kinds import Kind
from bot.rules.localtime import slack_zone
from bot.rules.person import Learner
from bot.services import cohorts, mentors, prefs, workspaces
from bot.services.learners import people
from bot.slack_api import PermanentError, Sender, TransientError
from bot.views.people import cohort_digest, cohort_digest_failed
from bot.views.reminders import ReminderPart

log = logging.getLogger(__name__)

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


class Engine:
    """Plans and delivers reminders. Safe to run in several processes on one PostgreSQL."""

    def __init__(
        self,
        deps: Deps,
        sender: Sender,
        *,
        clock: Clock = utcnow,
        owner: str | None = None,
        batch: int = 500,
        lease: dt.timedelta = dt.timedelta(minutes=5),
        concurrency: int = 16,
    ) -> None:
        self.deps = deps
        self.sender = sender
        self.clock = clock
        self.batch = batch
        self.concurrency = concurrency
        self.ledger = Ledger(deps.db, clock, owner or new_owner(), lease)
        self._tokens: dict[str, str | None] = {}

    @property
    def owner(self) -> str:
        return self.ledger.owner

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

    # --- planning --------------------------------------------------------------------------

    async def plan_due(self, result: SweepResult | None = None) -> SweepResult:
        """Turn every user whose next check has come into ledger rows; set their next check.
        Then the same for cohorts whose weekly digest has come."""
        result = result or SweepResult()
        now = self.clock()
        # One connection per step; on SQLite it starts with BEGIN IMMEDIATE.
        async with self.deps.db.transaction() as conn:
            result.queued += await planning.plan_cohorts(conn, now, self.batch)
        await self.learn_zones(self.clock())
        while True:
            now = self.clock()
            async with self.deps.db.transaction() as conn:
                due = await planning.due_people(conn, now, self.batch)
                if not due:
                    break
                result.queued += await planning.plan_people(conn, due, self.deps.catalog, now)
                result.planned_users += len(due)
            if len(due) < self.batch:
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

        async def learn(uid: int, team_id: str, slack_user_id: str) -> tuple[int, str] | None:
            async with gate:
                try:
                    info = await self.sender.call(
                        "users.info", token=await self._token(team_id), user=slack_user_id
                    )
                except (PermanentError, TransientError):
                    return None  # delivery tries again, and records a permanent error
            zone = slack_zone(info)
            return None if zone is None else (uid, zone)

        answers = await asyncio.gather(*(learn(*row) for row in rows))
        learned = [a for a in answers if a is not None]
        if learned:
            async with self.deps.db.transaction() as conn:
                await prefs.set_learned_zones(conn=conn, zones=learned, now=now)
        return len(learned)

    # --- delivery --------------------------------------------------------------------------

    async def claim(self) -> list[Claimed]:
        """Claim up to `batch` due ledger rows for this engine (sending, with a lease)."""
        return await self.ledger.claim(self.batch)

    async def deliver_due(self, result: SweepResult | None = None) -> SweepResult:
        result = result or SweepResult()
        while True:
            claimed = await self.claim()
            if not claimed:
                break
            claimed, spent = await self.ledger.give_up_spent(claimed)
            result.failed += spent
            by_user: dict[int | None, list[Claimed]] = defaultdict(list)
            by_cohort: dict[int, list[Claimed]] = defaultdict(list)
            for row in claimed:
                if row.cohort_id is not None:
                    by_cohort[row.cohort_id].append(row)
                else:
                    by_user[row.user_id].append(row)
            async with self.deps.db.connect() as conn:
                found = await people(conn, [uid for uid in by_user if uid is not None])
                learners = await planning.learners_of(
                    conn, list(found.values()), self.deps.catalog, self.clock().date()
                )
            gate = asyncio.Semaphore(self.concurrency)
            await asyncio.gather(
                *(
                    self._gated(
                        gate,
                        rows,
                        result,
                        self._deliver,
                        learners.get(uid) if uid is not None else None,
                    )
                    for uid, rows in by_user.items()
                ),
                *(
                    self._gated(gate, rows, result, self._deliver_digest, cid)
                    for cid, rows in by_cohort.items()
                ),
            )
            if len(claimed) < self.batch:
                break
        return result

    async def _gated(
        self, gate: asyncio.Semaphore, rows: list[Claimed], result: SweepResult, step: Any, to: Any
    ) -> None:
        async with gate:
            try:
                await step(to, rows, result)
            except Exception:  # one recipient's bad row must not stop everyone else's
                log.exception("delivering %d reminder(s) failed", len(rows))
                await self._retry(rows, "unexpected error", result)

    async def _retry(self, rows: Sequence[Claimed], reason: str, result: SweepResult) -> None:
        """Back to pending with backoff, or failed for good after too many attempts."""
        outcome = await self.ledger.retry(
            [r.id for r in rows], max(r.attempts for r in rows), reason
        )
        result.failed += outcome.failed
        result.retried += outcome.retried

    async def _cancel(self, ids: Sequence[int], reason: str, result: SweepResult) -> None:
        await self.ledger.finish(ids, state="cancelled", error=reason)
        result.cancelled += len(ids)

    async def _deliver(
        self, learner: Learner | None, rows: list[Claimed], result: SweepResult
    ) -> None:
        ids = [r.id for r in rows]
        now = self.clock()
        if learner is None:
            return await self._cancel(ids, "user no longer exists", result)
        if not learner.reminders_on:
            return await self._cancel(ids, "reminders turned off", result)
        if learner.paused_reason:
            await self.ledger.finish(ids, state="failed", error=f"paused: {learner.paused_reason}")
            result.failed += len(ids)
            return
        try:
            learner = await self._refresh_tz(learner, now)
        except PermanentError as exc:
            return await self._fail(learner, ids, exc.code, result)
        earliest = learner.earliest(now)
        if earliest > now:
            await self.ledger.defer(ids, earliest)
            result.deferred += len(ids)
            return
        items = [Item.from_row(r.id, r.kind, r.period, r.data) for r in rows]
        digests = [i for i in items if i.kind == Kind.MENTOR_DIGEST]
        extra: list[ReminderPart] = []
        if digests:
            extra = await self._mentor_digest(learner, now)
            if not extra:
                await self._cancel(
                    [i.id for i in digests], "nothing changed for any mentee", result
                )
            items = [i for i in items if i.kind != Kind.MENTOR_DIGEST]
        composed = compose(items, learner, self.deps.catalog, now, extra=extra)
        if extra:
            composed.send.extend(i.id for i in digests)
        for reason in set(composed.cancel.values()):
            await self._cancel(
                [i for i, r in composed.cancel.items() if r == reason], reason, result
            )
        if composed.reply is None:
            return
        mine = set(await self.ledger.still_mine(composed.send))
        if len(mine) < len(composed.send):
            log.warning(
                "lost the lease on %d reminder(s); another engine sends them",
                len(composed.send) - len(mine),
            )
            composed.send = [i for i in composed.send if i in mine]
            if not composed.send:
                return
        message = composed.reply.message()
        token = await self._token(learner.team_id)
        try:
            channel = learner.dm_channel
            if not channel:
                opened = await self.sender.call(
                    "conversations.open", token=token, users=learner.slack_user_id
                )
                channel = str(opened["channel"]["id"])
            sent = await self.sender.call(
                "chat.postMessage", token=token, channel=channel, **message
            )
        except PermanentError as exc:
            return await self._fail(learner, composed.send, exc.code, result)
        except TransientError as exc:
            outcome = await self.ledger.retry(
                composed.send, max(r.attempts for r in rows), exc.reason
            )
            result.failed += outcome.failed
            result.retried += outcome.retried
            return
        changes: dict[str, Any] = {}
        if channel != learner.dm_channel:
            changes["dm_channel"] = channel
        if extra:
            changes["last_digest_at"] = now
        await self.ledger.finish(
            composed.send,
            state="sent",
            ts=str(sent.get("ts", "")),
            sent_at=self.clock(),
            error=None,
            user_update=(learner.user_id, changes) if changes else None,
        )
        result.sent += len(composed.send)
        result.messages += 1

    async def _mentor_digest(self, mentor: Learner, now: dt.datetime) -> list[ReminderPart]:
        """What changed for each mentee since the last digest (a week, the first time)."""
        since = mentor.last_digest_at or now - dt.timedelta(days=7)
        async with self.deps.db.connect() as conn:
            news = await mentors.news_for_mentor(
                conn=conn, team_id=mentor.team_id, mentor_row_id=mentor.user_id, since=since
            )
        return mentor_digest_parts(news, self.deps.catalog)

    async def _deliver_digest(
        self, cohort_id: int, rows: list[Claimed], result: SweepResult
    ) -> None:
        ids = [r.id for r in rows]
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
            return await self._cancel(ids, "cohort closed", result)
        message = cohort_digest(info.name, summary).message()
        if len(await self.ledger.still_mine(ids)) < len(ids):
            return  # the lease ran out; the engine that holds it now posts the digest
        try:
            sent = await self.sender.call(
                "chat.postMessage",
                token=await self._token(info.team_id),
                channel=info.channel_id,
                **message,
            )
        except PermanentError as exc:
            await self.ledger.finish(ids, state="failed", error=exc.code)
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
            return await self._retry(rows, exc.reason, result)
        await self.ledger.finish(
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
        self, learner: Learner, ids: Sequence[int], code: str, result: SweepResult
    ) -> None:
        await self.ledger.finish(ids, state="failed", error=code)
        await self._set_user(learner.user_id, paused_reason=code)
        result.failed += len(ids)
        log.warning(
            "reminders paused for a user: Slack said %s",
            code,
            extra={"team": learner.team_id, "user": learner.slack_user_id},
        )

    async def _refresh_tz(self, learner: Learner, now: dt.datetime) -> Learner:
        """Timezone from users.info, cached a day; a deleted account fails permanently."""
        if learner.tz_checked_at is not None and now - learner.tz_checked_at < TZ_REFRESH:
            return learner
        try:
            info = await self.sender.call(
                "users.info", token=await self._token(learner.team_id), user=learner.slack_user_id
            )
        except TransientError:
            return learner  # keep the cached (or default) timezone; try again next time
        person = info.get("user") or {}
        if person.get("deleted"):
            raise PermanentError("account_inactive")
        learner = replace(learner, tz=slack_zone(info) or learner.tz, tz_checked_at=now)
        await self._set_user(learner.user_id, tz=learner.tz, tz_checked_at=now)
        return learner

    async def _set_user(self, uid: int, **values: Any) -> None:
        async with self.deps.db.transaction() as conn:
            await conn.execute(update(User).where(User.id == uid).values(**values))

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
        return await preview(
            self.deps, at, today=self.clock().date(), team_id=team_id, user_id=user_id, limit=limit
        )
