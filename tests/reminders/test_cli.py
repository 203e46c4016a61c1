"""`careerpath reminders preview` and `run-once`."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from tests.reminders.factories import ledger, seed_users


def careerpath(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=60,
    )


def test_preview_says_what_and_when_and_writes_nothing(sqlite_url: str) -> None:
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
    [uid] = seed_users(
        sqlite_url, 1, now=now, cycle_start=dt.date(2024, 12, 10), tz="America/Chicago"
    )
    out = careerpath(
        "reminders", "preview", "--user", uid, "--at", "2026-11-25T02:00", DATABASE_URL=sqlite_url
    )
    assert out.returncode == 0, out.stderr
    assert "renewal C-SWCM:2026-12-10:d30" in out.stdout
    assert "would send 2026-11-25 09:00 CST (2026-11-25 15:00 UTC)" in out.stdout
    assert "C-SWCM renewal" in out.stdout
    later = careerpath(
        "reminders", "preview", "--user", uid, "--at", "2026-05-01T12:00", DATABASE_URL=sqlite_url
    )
    assert "nothing due; next check 2026-06-13" in later.stdout
    assert ledger(sqlite_url) == []
    bad = careerpath("reminders", "preview", "--at", "tomorrow", DATABASE_URL=sqlite_url)
    assert bad.returncode == 2 and "--at" in bad.stderr and "Traceback" not in bad.stderr


def test_run_once_needs_a_token(sqlite_url: str) -> None:
    out = careerpath("reminders", "run-once", DATABASE_URL=sqlite_url)
    assert out.returncode == 2 and "SLACK_BOT_TOKEN" in out.stderr


def test_run_once_at_sweeps_as_if_then(sqlite_url: str) -> None:
    from bot.doubles.slack_api import LocalSlack
    from tests.utils import TOKEN

    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
    [uid] = seed_users(sqlite_url, 1, now=now, cycle_start=dt.date(2024, 12, 10))
    slack = LocalSlack(team_id="T1")
    slack.default_tz = "UTC"
    slack.start_in_thread()
    env = {"DATABASE_URL": sqlite_url, "SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": slack.api_url}
    try:
        saturday = careerpath("reminders", "run-once", "--at", "2026-11-28T12:00Z", **env)
        assert saturday.returncode == 0, saturday.stderr
        assert slack.of("chat.postMessage") == []  # the weekend is outside the window
        monday = careerpath("reminders", "run-once", "--at", "2026-11-30T09:00Z", **env)
        assert monday.returncode == 0, monday.stderr
    finally:
        slack.stop_thread()
    assert [c.params["channel"] for c in slack.of("chat.postMessage")] == [f"D{uid}"]
    assert [(r["state"], r["sent_at"].date()) for r in ledger(sqlite_url)] == [
        ("sent", dt.date(2026, 11, 30))
    ]
