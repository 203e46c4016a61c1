"""Many people at once: one connection per unit of work, no pool deadlock, no "database is
locked", and history that agrees with the state."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bot import notify
from bot.catalog import Catalog
from bot.db import Database, SecondConnection
from bot.direct import compiled_cache
from bot.models import CohortMember, Mentorship, ProgressEvent, StepProgress, User
from bot.signing import action_body
from tests.reminders.factories import sync_engine
from tests.test_mentors_cohorts import request_id
from tests.utils import Harness, all_text

POOL_TIMEOUT = 3.0
N = 50


async def _command(h: Harness, text_: str, user: str, channel: str = "CBURST") -> str:
    return all_text(await h.command(text_, user=user, channel=channel))


async def _press_done(h: Harness, user: str) -> str:
    body = action_body(
        "step_done", "1", team_id="T1", user_id=user, response_url=h.slack.response_url()
    )
    status, raw = await h.signed(body)
    assert status == 200, raw
    return raw


def _count(url: str, stmt: Any) -> int:
    engine = sync_engine(url)
    with engine.connect() as conn:
        n = int(conn.execute(stmt).scalar_one())
    engine.dispose()
    return n


async def test_a_pool_of_two_serves_fifty_concurrent_writes_of_each_kind(
    db_url: str, slack: Any, catalog: Catalog
) -> None:
    """Each write holds at most one connection, so a pool of 2 (+2 overflow) never waits for
    its timeout: a deadlock would fail within POOL_TIMEOUT with "temporarily unavailable"."""
    async with Harness.serving(
        db_url,
        slack,
        catalog,
        database_pool_size=2,
        database_pool_timeout_seconds=POOL_TIMEOUT,
    ) as h:
        assert "Spring" in await _command(h, "cohort create Spring", "UOWNER")
        kinds = {
            "done": lambda i: _command(h, "done 1", f"UD{i:03d}"),
            "ce log": lambda i: _command(h, "ce log 1.5 Care planning", f"UC{i:03d}"),
            "cohort join": lambda i: _command(h, "cohort join", f"UJ{i:03d}"),
            "mentor add": lambda i: _command(h, f"mentor add <@UM{i:03d}>", f"UA{i:03d}"),
        }
        for name, send in kinds.items():
            started = time.perf_counter()
            replies = await asyncio.gather(*(send(i) for i in range(N)))
            took = time.perf_counter() - started
            bad = [r for r in replies if "unavailable" in r or "went wrong" in r]
            assert bad == [], (name, bad[:3])
            assert took < POOL_TIMEOUT, (name, took)
        url = str(h.deps.settings.database_url)
        assert _count(url, select(func.count()).select_from(StepProgress)) == N
        assert _count(url, text("SELECT count(*) FROM ce_entries")) == N
        assert _count(url, select(func.count()).select_from(CohortMember)) == N + 1
        assert _count(url, select(func.count()).select_from(Mentorship)) == N


async def test_concurrent_done_and_undo_keep_history_in_step_with_the_state(
    db_url: str, slack: Any, catalog: Catalog
) -> None:
    async with Harness.serving(db_url, slack, catalog) as h:
        await _command(h, "done 2", "UL")
        for _ in range(4):
            await asyncio.gather(
                *(_command(h, f"{'done' if i % 2 else 'undo'} 1", "UL") for i in range(20))
            )
            url = str(h.deps.settings.database_url)
            engine = sync_engine(url)
            with engine.connect() as conn:
                done = conn.execute(
                    select(func.count()).select_from(StepProgress).where(StepProgress.step == 1)
                ).scalar_one()
                latest = conn.execute(
                    select(ProgressEvent.action, ProgressEvent.at)
                    .where(ProgressEvent.step == 1)
                    .order_by(ProgressEvent.at.desc(), ProgressEvent.id.desc())
                    .limit(1)
                ).one()
                times = (
                    conn.execute(select(ProgressEvent.at).order_by(ProgressEvent.id))
                    .scalars()
                    .all()
                )
                last_progress = conn.execute(select(User.last_progress_at)).scalar_one()
            engine.dispose()
            assert latest.action == ("done" if done else "undo")
            assert list(times) == sorted(times)  # stamped in the order they were made
            assert last_progress == max(times)


async def test_a_second_connection_inside_a_unit_of_work_is_refused(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    try:
        async with db.transaction() as conn:
            await conn.execute(text("SELECT 1"))
            with pytest.raises(SecondConnection):
                await db.fetch(select(User.id), {})
            with pytest.raises(SecondConnection):
                async with db.connect():
                    pass
        # Outside it, fine; textual SQL on the fast path too.
        assert await db.fetch(text("SELECT 1"), {}) == [(1,)]
        assert await db.fetch(select(func.count()).select_from(User), {}) == [(0,)]
    finally:
        await db.dispose()


async def test_the_compiled_statement_cache_cannot_mix_statements(sqlite_url: str) -> None:
    """A statement's compiled SQL is found only by that statement: the cache keeps it alive,
    so no later statement can reuse its id while the entry exists."""
    db = Database(sqlite_url)
    try:
        for n in range(600):  # more than the cache holds: it is cleared, never mixed up
            stmt = select(func.count()).select_from(User).where(User.id > n)
            assert await db.fetch(stmt, {}) == [(0,)]
            stmt2 = text(f"SELECT {n}")
            assert await db.fetch(stmt2, {}) == [(n,)]
        for key, (stmt, _, _) in compiled_cache.items():
            assert id(stmt) == key[0]
    finally:
        await db.dispose()


async def test_a_burst_of_done_presses_on_two_replicas(
    db_url: str, slack: Any, catalog: Catalog
) -> None:
    """Two app instances on one database; everyone presses [Done] at once."""
    async with (
        Harness.serving(db_url, slack, catalog) as one,
        Harness.serving(db_url, slack, catalog) as two,
    ):
        replies = await asyncio.gather(
            *(_press_done(one if i % 2 else two, f"UB{i:03d}") for i in range(60))
        )
        assert not [r for r in replies if "unavailable" in r or "went wrong" in r]
        url = str(one.deps.settings.database_url)
        assert _count(url, select(func.count()).select_from(StepProgress)) == 60


async def test_ce_views_cost_the_same_with_200000_entries_as_with_20(harness: Harness) -> None:
    """`ce` and `mentees` read daily totals plus the latest few entries, not every entry."""
    import datetime as dt
    import sqlite3
    import statistics

    h = harness
    today = dt.datetime.now(dt.UTC).date()
    for user in ("USMALL", "UBIG"):
        await _command(h, f"cert add CCM {today - dt.timedelta(days=400)}", user)
    for mentee, mentor in (("USMALL", "UMSMALL"), ("UBIG", "UMBIG")):
        await _command(h, f"mentor add <@{mentor}>", mentee)
        await notify.drain()
        body = action_body(
            "mentor_accept",
            request_id(h, mentor),
            team_id="T1",
            user_id=mentor,
            response_url=h.slack.response_url(),
        )
        await h.signed(body)
    path = str(h.deps.settings.database_url).removeprefix("sqlite:///")
    with sqlite3.connect(path) as raw:
        ids = dict(raw.execute("SELECT slack_user_id, id FROM users").fetchall())
        for user, n in (("USMALL", 20), ("UBIG", 200_000)):
            days = [today - dt.timedelta(days=i % 300) for i in range(n)]
            raw.executemany(
                "INSERT INTO ce_entries (user_id, code, hours, ethics, title, taken_on, "
                "created_at) VALUES (?, 'CCM', 0.25, 0, 'course', ?, '2026-01-01 00:00:00')",
                [(ids[user], d.isoformat()) for d in days],
            )
            raw.execute(
                "INSERT INTO ce_day_totals (user_id, code, ethics, taken_on, hours, entries) "
                "SELECT user_id, code, ethics, taken_on, SUM(hours), COUNT(*) FROM ce_entries "
                "WHERE user_id = ? GROUP BY user_id, code, ethics, taken_on",
                (ids[user],),
            )

    async def cost(text_: str, user: str) -> float:
        samples = []
        for _ in range(15):
            t0 = time.perf_counter()
            await _command(h, text_, user)
            samples.append(time.perf_counter() - t0)
        return statistics.median(samples)

    shown = await _command(h, "ce", "UBIG")
    assert "50000" in shown.replace(",", ""), shown  # 200,000 x 0.25 h, all this cycle
    small, big = await cost("ce", "USMALL"), await cost("ce", "UBIG")
    assert big < small * 3 + 0.01, (small, big)
    small, big = await cost("mentees", "UMSMALL"), await cost("mentees", "UMBIG")
    assert big < small * 3 + 0.01, (small, big)
