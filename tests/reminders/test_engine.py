"""The reminder engine against real databases and the local Slack double."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
import time_machine

from bot.answers import answer
from bot.catalog import Catalog
from bot.clock import ticking_from
from bot.deps import Deps
from bot.doubles.slack_api import LocalSlack
from bot.features.common import Who
from bot.reminders.engine import Engine
from bot.slack_api import Sender, build_background_client
from tests.reminders.factories import execute, ledger, seed_users, user_row
from tests.utils import TOKEN, Harness, all_text, settings_for

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday, midday UTC
START = dt.date(
    2024, 12, 10
)  # C-SWCM (2 years) ends 2026-12-10: 15 days left → the 30-day reminder


@pytest.fixture(autouse=True)
def _profiles_in_utc(request: pytest.FixtureRequest) -> None:
    """Slack profiles in these tests say UTC unless a test says otherwise."""
    if "slack" in request.fixturenames:
        request.getfixturevalue("slack").default_tz = "UTC"


class Clock:
    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += dt.timedelta(**kw)


@asynccontextmanager
async def engine_for(
    url: str, slack: LocalSlack, catalog: Catalog, clock: Callable[[], dt.datetime], **kw: Any
) -> AsyncIterator[Engine]:
    deps = Deps.build(settings_for(url, slack), catalog)
    sender = Sender(build_background_client(slack.api_url, TOKEN), rate=None, backoff=0.01)
    try:
        yield Engine(deps, sender, clock=clock, **kw)
    finally:
        await deps.db.dispose()


def posts(slack: LocalSlack) -> list[dict[str, Any]]:
    return [c.params for c in slack.of("chat.postMessage")]


async def test_sweep_sends_once_and_again_only_at_the_next_milestone(
    db_url: str, slack: LocalSlack, catalog: Catalog
) -> None:
    ids = seed_users(db_url, 5, now=NOW, cycle_start=START)
    clock = Clock()
    async with engine_for(db_url, slack, catalog, clock) as engine:
        first = await engine.sweep()
        assert (first.sent, first.messages) == (5, 5)
        assert sorted(p["channel"] for p in posts(slack)) == sorted(f"D{u}" for u in ids)
        text = all_text(posts(slack)[0])
        assert "C-SWCM" in text and "in 15 days" in text and "check with" in text.lower()
        rows = ledger(db_url)
        assert {(r["kind"], r["period"], r["state"]) for r in rows} == {
            ("renewal", "C-SWCM:2026-12-10:d30", "sent")
        }
        assert all(r["ts"] for r in rows)
        await engine.sweep()
        clock.advance(days=1)
        await engine.sweep()
        assert len(posts(slack)) == 5
        clock.now = dt.datetime(2026, 12, 3, 12, tzinfo=UTC)  # Thursday: 7 days left
        again = await engine.sweep()
        assert again.sent == 5
        assert len(ledger(db_url)) == 10


async def test_several_due_reminders_go_out_as_one_message(
    sqlite_url: str, slack: LocalSlack, catalog: Catalog
) -> None:
    # CCM ends 2027-03-15 (110 days): the 180-day renewal reminder, and CE pace (nothing logged).
    [uid] = seed_users(
        sqlite_url,
        1,
        now=NOW,
        code="CCM",
        cycle_start=dt.date(2022, 3, 15),
        last_progress_at=NOW - dt.timedelta(days=20),
    )
    async with engine_for(sqlite_url, slack, catalog, Clock()) as engine:
        result = await engine.sweep()
    assert (result.sent, result.messages) == (3, 1)
    text = all_text(posts(slack)[0])
    assert "renewal" in text and "CE pace" in text and "Your next step is step 1" in text


async def test_outside_the_working_window_it_waits(
    sqlite_url: str, slack: LocalSlack, catalog: Catalog
) -> None:
    seed_users(sqlite_url, 1, now=NOW, cycle_start=START, tz="America/Chicago")
    clock = Clock(dt.datetime(2026, 11, 25, 2, 0, tzinfo=UTC))  # 20:00 Tuesday in Chicago
    async with engine_for(sqlite_url, slack, catalog, clock) as engine:
        await engine.sweep()
        assert posts(slack) == []
        [row] = ledger(sqlite_url)
        assert row["state"] == "pending"
        assert row["due_at"].replace(tzinfo=UTC) == dt.datetime(2026, 11, 25, 15, tzinfo=UTC)
        clock.now = dt.datetime(2026, 11, 25, 14, 59, tzinfo=UTC)
        await engine.sweep()
        assert posts(slack) == []
        clock.now = dt.datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
        await engine.sweep()
        assert len(posts(slack)) == 1


async def test_remind_time_timezone_snooze_and_vacation(
    sqlite_url: str, slack: LocalSlack, catalog: Catalog
) -> None:
    [a, b, c, d] = seed_users(sqlite_url, 4, now=NOW, cycle_start=START)
    clock = Clock(dt.datetime(2026, 11, 25, 7, 30, tzinfo=UTC))
    deps = Deps.build(settings_for(sqlite_url, slack), catalog)
    try:
        with time_machine.travel(NOW, tick=False):  # the commands run on the test's clock too
            assert "07:00" in all_text(
                (await answer(deps, Who("T1", a), "remind time 07:00")).message()
            )
            await answer(deps, Who("T1", b), "remind tz Asia/Tokyo")  # 16:30 there: inside
            await answer(deps, Who("T1", c), "remind snooze 3")  # until Saturday 12:00
            assert "until" in all_text(
                (await answer(deps, Who("T1", d), "remind vacation 2026-12-01")).message()
            )
    finally:
        await deps.db.dispose()
    execute(sqlite_url, "UPDATE users SET next_check_at = :t", t=dt.datetime(2026, 11, 24))
    async with engine_for(sqlite_url, slack, catalog, clock) as engine:
        await engine.sweep()
        assert sorted(p["channel"] for p in posts(slack)) == [f"D{a}", f"D{b}"]
        clock.now = dt.datetime(2026, 11, 28, 12, tzinfo=UTC)  # Saturday: snooze over, weekend
        await engine.sweep()
        assert len(posts(slack)) == 2
        clock.now = dt.datetime(2026, 11, 30, 9, tzinfo=UTC)  # Monday 09:00
        await engine.sweep()
        assert sorted(p["channel"] for p in posts(slack))[2:] == [f"D{c}"]
        clock.now = dt.datetime(2026, 12, 2, 9, tzinfo=UTC)  # back from vacation
        await engine.sweep()
        assert f"D{d}" in [p["channel"] for p in posts(slack)]
    assert Counter(p["channel"] for p in posts(slack)).most_common(1)[0][1] == 1


async def test_reminders_off_cancels_and_on_resumes(
    sqlite_url: str, slack: LocalSlack, catalog: Catalog
) -> None:
    [uid] = seed_users(sqlite_url, 1, now=NOW, cycle_start=START)
    clock = Clock(dt.datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
    async with engine_for(sqlite_url, slack, catalog, clock) as engine:
        await engine.sweep()  # queued for 09:00
        await answer(engine.deps, Who("T1", uid), "remind off")
        execute(sqlite_url, "UPDATE users SET next_check_at = :t", t=dt.datetime(2026, 11, 24))
        clock.now = NOW
        await engine.sweep()
        assert posts(slack) == []
        assert [r["state"] for r in ledger(sqlite_url)] == ["cancelled"]


@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("chat.postMessage", "account_inactive"),
        ("conversations.open", "user_not_found"),
        ("chat.postMessage", "channel_not_found"),
        ("chat.postMessage", "is_archived"),
        ("users.info", "deleted"),
    ],
)
async def test_permanent_errors_fail_with_the_reason_and_pause(
    sqlite_url: str, slack: LocalSlack, catalog: Catalog, where: str, error: str
) -> None:
    [uid] = seed_users(
        sqlite_url,
        1,
        now=NOW,
        cycle_start=START,
        dm=where != "conversations.open",
        tz_checked_at=None if where == "users.info" else NOW,
    )
    if where == "users.info":
        slack.users[uid] = {"deleted": True}
    else:
        slack.faults.method_errors[where] = error
    clock = Clock()
    async with engine_for(sqlite_url, slack, catalog, clock) as engine:
        result = await engine.sweep()
        assert result.failed == 1 and result.sent == 0
        [row] = ledger(sqlite_url)
        expected = "account_inactive" if error == "deleted" else error
        assert (row["state"], row["error"]) == ("failed", expected)
        assert user_row(sqlite_url, uid)["paused_reason"] == expected
        calls = len(slack.calls)
        for _ in range(3):  # no retrying forever: later sweeps leave the user alone
            clock.advance(days=8)
            await engine.sweep()
        assert len(slack.calls) == calls
        assert "Paused" in all_text((await answer(engine.deps, Who("T1", uid), "remind")).message())


async def test_server_errors_are_retried_later_and_delivered_once(
    sqlite_url: str, slack: LocalSlack, catalog: Catalog
) -> None:
    seed_users(sqlite_url, 3, now=NOW, cycle_start=START)
    slack.faults.server_error_ratio = 1.0
    clock = Clock()
    async with engine_for(sqlite_url, slack, catalog, clock) as engine:
        first = await engine.sweep()
        assert first.retried == 3 and first.sent == 0
        assert {r["state"] for r in ledger(sqlite_url)} == {"pending"}
        slack.faults.server_error_ratio = 0.0
        await engine.sweep()  # not yet: the retry waits for its backoff
        assert posts(slack) == []
        clock.advance(minutes=5)
        second = await engine.sweep()
        assert second.sent == 3
    assert len(posts(slack)) == 3


async def test_unreachable_slack_loses_nothing(
    sqlite_url: str, slack: LocalSlack, catalog: Catalog
) -> None:
    seed_users(sqlite_url, 2, now=NOW, cycle_start=START)
    clock = Clock()
    deps = Deps.build(settings_for(sqlite_url, slack), catalog)
    dead = Sender(build_background_client("http://127.0.0.1:9/api/", TOKEN), backoff=0.01)
    try:
        result = await Engine(deps, dead, clock=clock).sweep()
        assert result.retried == 2
    finally:
        await deps.db.dispose()
    clock.advance(minutes=5)
    async with engine_for(sqlite_url, slack, catalog, clock) as engine:
        assert (await engine.sweep()).sent == 2


@pytest.mark.slow
async def test_two_engines_deliver_each_reminder_exactly_once(
    db_url: str, slack: LocalSlack, catalog: Catalog
) -> None:
    ids = seed_users(db_url, 1000, now=NOW, cycle_start=START)
    clock = Clock()
    async with (
        engine_for(db_url, slack, catalog, clock, batch=100) as one,
        engine_for(db_url, slack, catalog, clock, batch=100) as two,
    ):
        a, b = await asyncio.gather(one.sweep(), two.sweep())
    channels = Counter(p["channel"] for p in posts(slack))
    assert len(channels) == 1000 and set(channels.values()) == {1}
    assert sorted(channels) == sorted(f"D{u}" for u in ids)
    assert a.sent + b.sent == 1000
    rows = ledger(db_url)
    assert len(rows) == 1000 and {r["state"] for r in rows} == {"sent"}


def _run_once(url: str, api_url: str, at: dt.datetime, **env: str) -> subprocess.Popen[str]:
    """`careerpath reminders run-once` in its own process, its clock starting at `at`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "reminders", "run-once", "--at", at.isoformat()],
        env={
            **base,
            "DATABASE_URL": url,
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_API_URL": api_url,
            "REMINDER_RATE_PER_SECOND": "1000",
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_two_processes_deliver_each_reminder_exactly_once(pg_url: str, catalog: Catalog) -> None:
    seed_users(pg_url, 1000, now=NOW, cycle_start=START)
    slack = LocalSlack(team_id="T1")
    slack.start_in_thread()
    try:
        procs = [_run_once(pg_url, slack.api_url, NOW) for _ in range(2)]
        outs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outs
    finally:
        slack.stop_thread()
    channels = Counter(p["channel"] for p in posts(slack))
    assert len(channels) == 1000 and set(channels.values()) == {1}
    assert {r["state"] for r in ledger(pg_url)} == {"sent"}


@pytest.mark.slow
def test_a_sweep_killed_mid_way_loses_nothing(sqlite_url: str) -> None:
    ids = seed_users(sqlite_url, 12, now=NOW, cycle_start=START)
    clock = ticking_from(NOW)  # both processes on one timeline, so the lease can run out
    slack = LocalSlack(team_id="T1")
    slack.start_in_thread()
    slack.faults.delay = 0.15
    env = {"REMINDER_CONCURRENCY": "1", "REMINDER_LEASE_SECONDS": "1"}
    try:
        proc = _run_once(sqlite_url, slack.api_url, clock(), **env)
        deadline = time.monotonic() + 60
        while len(slack.of("chat.postMessage")) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)
        before = len(slack.of("chat.postMessage"))
        assert 4 <= before < 12
        time.sleep(1.5)  # the dead process's lease runs out
        slack.faults.delay = 0
        again = _run_once(sqlite_url, slack.api_url, clock(), **env)
        out = again.communicate(timeout=60)
        assert again.returncode == 0, out
    finally:
        slack.stop_thread()
    channels = Counter(p["channel"] for p in posts(slack))
    assert sorted(channels) == sorted(f"D{u}" for u in ids)  # nothing lost
    assert sum(channels.values()) - len(channels) <= 1  # at most the one in flight repeated
    assert {r["state"] for r in ledger(sqlite_url)} == {"sent"}


@pytest.mark.slow
async def test_rate_limit_storm_waits_and_commands_stay_prompt(
    harness: Harness, catalog: Catalog
) -> None:
    url = str(harness.deps.settings.database_url)
    seed_users(url, 30, now=NOW, cycle_start=START)
    slack = harness.slack
    slack.faults.rate_limit_ratio = 0.3
    slack.faults.retry_after = "1"
    async with engine_for(url, slack, catalog, Clock(), concurrency=8) as engine:
        sweep = asyncio.create_task(engine.sweep())
        latencies = []
        while not sweep.done():
            t0 = time.perf_counter()
            reply = await harness.command("next", user="UCMD")
            latencies.append(time.perf_counter() - t0)
            assert "Next: step 1" in all_text(reply)
            await asyncio.sleep(0.05)
        result = await sweep
        waited = engine.sender.waited
    assert result.sent == 30
    channels = Counter(p["channel"] for p in posts(slack))
    assert len(channels) == 30 and set(channels.values()) == {1}
    limited = slack.of("chat.postMessage:429")
    assert limited and waited >= 1
    # Each retry of a rate-limited post came at least Retry-After (1 s) later.
    for hit in limited:
        later = [
            c.at
            for c in slack.of("chat.postMessage")
            if c.params["channel"] == hit.params["channel"] and c.at > hit.at
        ]
        assert later and min(later) - hit.at >= 0.95
    assert len(latencies) >= 5 and max(latencies) < 0.5


@pytest.mark.slow
async def test_a_batch_that_outlives_its_lease_sends_nothing_twice(
    sqlite_url: str, slack: LocalSlack, catalog: Catalog
) -> None:
    """Engine A claims every row, then sends slowly; its lease on the rows it has not reached
    runs out and engine B takes them. Each is still sent once, by whoever holds it."""
    ids = seed_users(sqlite_url, 8, now=NOW, cycle_start=START)
    clock = ticking_from(NOW)  # leases run out in real time
    slack.faults.delay = 0.3
    engines = []
    try:
        for _ in range(2):
            deps = Deps.build(settings_for(sqlite_url, slack), catalog)
            sender = Sender(build_background_client(slack.api_url, TOKEN))
            engines.append(
                Engine(deps, sender, lease=dt.timedelta(seconds=1), concurrency=1, clock=clock)
            )

        async def later() -> Any:
            await asyncio.sleep(1.5)
            return await engines[1].sweep()

        a, b = await asyncio.gather(engines[0].sweep(), later())
    finally:
        for engine in engines:
            await engine.deps.db.dispose()
    channels = Counter(p["channel"] for p in posts(slack))
    assert sorted(channels) == sorted(f"D{u}" for u in ids)
    assert set(channels.values()) == {1}, channels
    assert a.sent > 0 and b.sent > 0 and a.sent + b.sent == 8
    assert {r["state"] for r in ledger(sqlite_url)} == {"sent"}


async def test_an_unexpected_error_is_retried_a_bounded_number_of_times(
    sqlite_url: str, slack: LocalSlack, catalog: Catalog
) -> None:
    seed_users(sqlite_url, 1, now=NOW, cycle_start=START, dm=False, work_days=0b1111111)
    clock = Clock()
    async with engine_for(sqlite_url, slack, catalog, clock) as engine:
        original = slack._answer

        def broken(method: str, p: dict[str, Any]) -> dict[str, Any]:
            return {"ok": True} if method == "conversations.open" else original(method, p)

        slack._answer = broken  # type: ignore[method-assign]  # ok=true, no channel: KeyError
        for _ in range(12):
            await engine.sweep()
            clock.advance(days=1)
        first = ledger(sqlite_url)[0]
        assert first["period"].endswith(":d30")
        assert (first["state"], first["attempts"]) == ("failed", 8)
        assert "gave up after 8 attempts" in first["error"]
        assert posts(slack) == []
