"""Delivering 10,000 due reminders against a Slack double that allows R requests a second.

The double runs in a process of its own, limiting each Web API method to R requests a second
(as Slack limits methods separately), answering 429 with Retry-After past that. Each of the
10,000 users needs conversations.open and chat.postMessage. The database holds 100,000 users.
Target: total time <= 1.1 x 10,000 / R; peak RSS of this process <= 200 MB.

    python bench/delivery.py [--rate 100] [--due 10000] [--users 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sweep  # noqa: E402  (reuses its seeding: certifications and CE entries per user)
from sqlalchemy import create_engine, text  # noqa: E402

from bot.catalog import load_catalog  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db import sync_url  # noqa: E402
from bot.deps import Deps  # noqa: E402
from bot.reminders.engine import Engine  # noqa: E402
from bot.slack_api import Sender, build_background_client  # noqa: E402


def start_double(rate: float) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot.doubles.slack_api",
            "--per-second",
            str(rate),
            "--team",
            sweep.TEAM,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        raise SystemExit(f"the double did not start: {line!r}")
    return proc, line.removeprefix("listening on ") + "/api/"


async def deliver(url: str, api_url: str, rate: float) -> tuple[float, object, object]:
    settings = Settings(
        _env_file=None,
        database_url=url,  # type: ignore[call-arg]
        slack_api_url=api_url,
        slack_bot_token="xoxb-bench",
    )
    deps = Deps.build(settings, load_catalog())
    sender = Sender(build_background_client(api_url, "xoxb-bench"), rate=rate)
    engine = Engine(deps, sender, clock=lambda: sweep.NOW, concurrency=16, batch=500)
    try:
        t0 = time.perf_counter()
        result = await engine.sweep()
        return time.perf_counter() - t0, result, sender.stats
    finally:
        await deps.close()


def prepare(url: str, users: int, due: int) -> None:
    """Seed in a child process, so its memory is not counted in our peak RSS."""
    sweep.DUE = due
    sweep.seed(url, users)
    engine = create_engine(sync_url(url))
    with engine.begin() as conn:  # nobody has a DM channel yet: each needs conversations.open
        conn.execute(text("UPDATE users SET dm_channel = NULL"))
    engine.dispose()
    sweep.rearm(url)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=float, default=100.0, help="R: requests/s per method")
    ap.add_argument("--due", type=int, default=10_000)
    ap.add_argument("--users", type=int, default=100_000)
    ap.add_argument("--smoke", action="store_true", help="a tiny size for CI: does it still run?")
    args = ap.parse_args()
    if args.smoke:
        args.rate, args.due, args.users = 200.0, 40, 200
    sweep.DUE = args.due
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/delivery.db"
        t0 = time.perf_counter()
        child = multiprocessing.get_context("spawn").Process(
            target=prepare, args=(url, args.users, args.due)
        )
        child.start()
        child.join()
        if child.exitcode != 0:
            raise SystemExit("seeding failed")
        print(f"seeded {args.users:,} users ({args.due:,} due) in {time.perf_counter() - t0:.1f} s")
        double, api_url = start_double(args.rate)
        try:
            seconds, result, stats = asyncio.run(deliver(url, api_url, args.rate))
        finally:
            double.terminate()
            double.wait()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    budget = 1.1 * args.due / args.rate
    print(f"sweep: {result}")
    print(f"Slack calls: {dict(stats)}")  # type: ignore[call-overload]
    print(
        f"delivered {args.due:,} at R={args.rate:g}/s per method: {seconds:.1f} s "
        f"(ideal {args.due / args.rate:.1f} s, target <= {budget:.1f} s: "
        f"{'met' if seconds <= budget else 'NOT met'}); ratio to ideal "
        f"{seconds / (args.due / args.rate):.3f}"
    )
    print(
        f"peak RSS {peak_mb:.0f} MB with {args.users:,} users (target <= 200 MB: "
        f"{'met' if peak_mb <= 200 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
