"""The ledger on SQLite and PostgreSQL: insert once, claim under a lease, finish only while
owned, retry with backoff and give up after MAX_ATTEMPTS."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from bot.db import Database
from bot.reminders import ledger
from bot.reminders.ledger import MAX_ATTEMPTS, Claimed, Ledger, backoff
from bot.rules.kinds import Kind
from tests.reminders.factories import execute, seed_users
from tests.reminders.factories import ledger as rows_of

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    try:
        yield database
    finally:
        await database.dispose()


async def _insert(db: Database, n: int, *, due_at: dt.datetime = NOW) -> int:
    rows = [
        ledger.pending(
            team_id="T1",
            user_id=1,
            recipient="T1:U000000",
            kind=Kind.RENEWAL,
            period=f"CCM:2027-03-15:d{i}",
            due_at=due_at,
            data={"code": "CCM", "n": i},
            now=NOW,
        )
        for i in range(n)
    ]
    async with db.transaction() as conn:
        return await ledger.insert(conn, rows)


def test_backoff_doubles_up_to_an_hour() -> None:
    assert [backoff(a).total_seconds() // 60 for a in range(1, 8)] == [2, 4, 8, 16, 32, 60, 60]


async def test_insert_once_claim_once(db_url: str, db: Database) -> None:
    seed_users(db_url, 1, now=NOW, code=None)
    assert await _insert(db, 3) == 3
    assert await _insert(db, 3) == 0  # the same keys: nothing new
    assert await _insert(db, 1, due_at=NOW + dt.timedelta(hours=1)) == 0  # key, not due time

    clock = Clock()
    mine, theirs = Ledger(db, clock, "mine"), Ledger(db, clock, "theirs")
    claimed = await mine.claim(batch=2)
    assert len(claimed) == 2 and all(isinstance(c, Claimed) for c in claimed)
    first = claimed[0]
    assert (first.kind, first.attempts, first.user_id, first.cohort_id) == ("renewal", 1, 1, None)
    assert '"code": "CCM"' in first.data
    rest = await theirs.claim(batch=10)
    assert len(rest) == 1 and rest[0].id not in {c.id for c in claimed}
    assert await theirs.claim(batch=10) == []  # nothing left while the leases hold
    states = {r["id"]: (r["state"], r["owner"]) for r in rows_of(db_url)}
    assert {states[c.id] for c in claimed} == {("sending", "mine")}


async def test_finish_only_while_owned_and_a_lease_runs_out(db_url: str, db: Database) -> None:
    seed_users(db_url, 1, now=NOW, code=None)
    await _insert(db, 1)
    clock = Clock()
    mine = Ledger(db, clock, "mine", lease=dt.timedelta(minutes=5))
    theirs = Ledger(db, clock, "theirs")
    (row,) = await mine.claim(batch=10)
    assert await mine.still_mine([row.id]) == [row.id]  # the lease is extended to 12:05

    clock.now = NOW + dt.timedelta(minutes=6)  # our lease has run out: another claims it
    (again,) = await theirs.claim(batch=10)
    assert (again.id, again.attempts) == (row.id, 2)
    assert await mine.still_mine([row.id]) == []
    await mine.finish([row.id], state="sent", ts="1.1", error=None)  # no longer ours: no-op
    (stored,) = rows_of(db_url)
    assert (stored["state"], stored["owner"], stored["ts"]) == ("sending", "theirs", None)

    await theirs.finish([row.id], state="sent", ts="2.2", sent_at=clock.now, error=None)
    (stored,) = rows_of(db_url)
    assert (stored["state"], stored["owner"], stored["ts"]) == ("sent", None, "2.2")
    assert stored["lease_until"] is None


async def test_retry_backs_off_then_gives_up(db_url: str, db: Database) -> None:
    seed_users(db_url, 1, now=NOW, code=None)
    await _insert(db, 1)
    clock = Clock()
    book = Ledger(db, clock, "mine")
    (row,) = await book.claim(batch=10)
    outcome = await book.retry([row.id], row.attempts, "ratelimited")
    assert (outcome.failed, outcome.retried) == (0, 1)
    (stored,) = rows_of(db_url)
    assert stored["state"] == "pending" and stored["error"] == "retrying: ratelimited"
    assert stored["due_at"].replace(tzinfo=dt.UTC) == NOW + backoff(1)
    assert await book.claim(batch=10) == []  # not due yet

    clock.now = NOW + backoff(1)
    (row,) = await book.claim(batch=10)
    outcome = await book.retry([row.id], MAX_ATTEMPTS, "ratelimited")
    assert (outcome.failed, outcome.retried) == (1, 0)
    (stored,) = rows_of(db_url)
    assert stored["state"] == "failed"
    assert stored["error"] == f"gave up after {MAX_ATTEMPTS} attempts: ratelimited"


async def test_spent_claims_fail_and_deferral_gives_the_attempt_back(
    db_url: str, db: Database
) -> None:
    seed_users(db_url, 1, now=NOW, code=None)
    await _insert(db, 2)
    execute(db_url, "UPDATE deliveries SET attempts = :n WHERE id = 1", n=MAX_ATTEMPTS)
    book = Ledger(db, Clock(), "mine")
    claimed = await book.claim(batch=10)
    kept, spent = await book.give_up_spent(claimed)
    assert spent == 1 and [c.id for c in kept] == [2]
    later = NOW + dt.timedelta(hours=3)
    await book.defer([2], later)
    by_id = {r["id"]: r for r in rows_of(db_url)}
    assert by_id[1]["state"] == "failed"
    assert by_id[1]["error"] == f"gave up after {MAX_ATTEMPTS} attempts"
    assert (by_id[2]["state"], by_id[2]["attempts"]) == ("pending", 0)
    assert by_id[2]["due_at"].replace(tzinfo=dt.UTC) == later
