"""Faults: the database goes away while running, or is not there at start; metrics and logs."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import make_url

from bot.catalog import Catalog
from bot.doubles.slack_api import LocalSlack
from bot.reminders.engine import Engine
from bot.reminders.scheduler import _tick
from bot.slack_api import Sender, build_background_client
from tests.reminders.factories import ledger, seed_users
from tests.utils import TOKEN, Harness, all_text

OUTAGE_SECONDS = 30


class Proxy:
    """A TCP proxy in front of the database that can cut every connection and refuse new ones."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.down = False
        self.writers: set[asyncio.StreamWriter] = set()
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        self.cut()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    def cut(self) -> None:
        self.down = True
        for w in list(self.writers):
            w.close()
        self.writers.clear()

    def restore(self) -> None:
        self.down = False

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.down:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self.writers.update((writer, up_writer))

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()
                self.writers.discard(dst)

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


@asynccontextmanager
async def behind_proxy(
    pg_url: str, slack: LocalSlack, catalog: Catalog, **settings: Any
) -> AsyncIterator[tuple[Harness, Proxy]]:
    """The app on PostgreSQL behind a proxy that can cut the database off."""
    url = make_url(pg_url)
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        async with Harness.serving(through, slack, catalog, **settings) as h:
            yield h, proxy
    finally:
        await proxy.stop()


@pytest.fixture
async def proxied(
    pg_url: str, slack: LocalSlack, catalog: Catalog
) -> AsyncIterator[tuple[Harness, Proxy]]:
    async with behind_proxy(pg_url, slack, catalog) as running:
        yield running


async def test_database_outage_while_running(
    proxied: tuple[Harness, Proxy], pg_url: str, catalog: Catalog
) -> None:
    h, proxy = proxied
    h.slack.default_tz = "UTC"
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)  # a Wednesday, midday
    [due] = seed_users(pg_url, 1, now=now, cycle_start=dt.date(2024, 12, 10))
    sender = Sender(build_background_client(h.slack.api_url, TOKEN), backoff=0.01)
    engine = Engine(h.deps, sender, clock=lambda: now)
    assert "Next: step 1" in all_text(await h.command("next"))

    proxy.cut()
    started = time.monotonic()
    answers = []
    while time.monotonic() - started < OUTAGE_SECONDS:
        t0 = time.perf_counter()
        reply = await h.command("done 1")
        answers.append(time.perf_counter() - t0)
        assert "temporarily unavailable" in all_text(reply)
        await _tick(engine)  # the tick survives; nothing is sent or lost
        async with h.http.get(h.base_url + "/healthz") as resp:
            assert resp.status == 503
        await asyncio.sleep(2)
    assert max(answers) < 3  # Slack's acknowledgement deadline
    assert h.slack.of("chat.postMessage") == []
    proxy.restore()

    # It recovers by itself: commands work, and the reminder goes out once.
    assert "marked done" in all_text(await h.command("done 1"))
    async with h.http.get(h.base_url + "/healthz") as resp:
        assert resp.status == 200
    await _tick(engine)
    await _tick(engine)
    assert [p.params["channel"] for p in h.slack.of("chat.postMessage")] == [f"D{due}"]
    assert [r["state"] for r in ledger(pg_url)] == ["sent"]


def test_unreachable_database_at_start_is_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env.update(
        SLACK_BOT_TOKEN="xoxb-1-2",
        SLACK_SIGNING_SECRET="s3cret-for-tests",
        DATABASE_URL="postgresql://careerpath@127.0.0.1:1/careerpath",
    )
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        text=True,
        capture_output=True,
        timeout=60,
    )
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "DATABASE_URL" in lines[0] and "Traceback" not in out.stderr


async def test_metrics(harness: Harness, catalog: Catalog) -> None:
    h = harness
    h.slack.default_tz = "UTC"
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
    url = str(h.deps.settings.database_url)
    seed_users(url, 2, now=now, cycle_start=dt.date(2024, 12, 10))
    h.slack.faults.user_errors["U000001"] = "account_inactive"
    await h.command("next")
    await h.command("nxet")  # a near-miss of a sub-command: "did you mean", counted unknown
    sender = Sender(build_background_client(h.slack.api_url, TOKEN), backoff=0.01)
    await Engine(h.deps, sender, clock=lambda: now).sweep()
    async with h.http.get(h.base_url + "/metrics") as resp:
        assert resp.status == 200 and resp.content_type == "text/plain"
        text = await resp.text()
    assert 'careerpath_commands_total{subcommand="next"}' in text
    assert 'careerpath_commands_total{subcommand="unknown"}' in text
    assert 'careerpath_reminders_total{kind="renewal",outcome="sent"}' in text
    assert 'careerpath_reminders_total{kind="renewal",outcome="failed"}' in text
    assert (
        'careerpath_slack_api_errors_total{code="account_inactive",method="chat.postMessage"}'
        in text
    )
    assert "careerpath_sweep_seconds_count" in text


def test_json_logs_carry_team_user_and_request(caplog: pytest.LogCaptureFixture) -> None:
    from bot import logs

    record = logging.LogRecord("bot.test", logging.INFO, __file__, 1, "hello %s", ("there",), None)
    logs.bind({"team_id": "T7", "user_id": "U7"})
    logs.ContextFilter().filter(record)
    data = json.loads(logs.JsonFormatter().format(record))
    assert (data["team"], data["user"], data["message"]) == ("T7", "U7", "hello there")
    assert len(data["request_id"]) == 12
