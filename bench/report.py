"""`/careerpath cohort report` for a 2,000-member cohort: time and memory.

A cohort of --members among --users users (each with a certification and CE entries, as in
bench/sweep.py), members with 0–10 steps done over the last 12 weeks. The owner sends
`cohort report` through the real Bolt app; each report is timed from the signed request
until both files (CSV and PNG) have reached the local Slack double. The chart is drawn in a
child process (bot/chart.py), started afresh for each report.

Memory is peak RSS: the app's process (VmHWM from /proc, else ru_maxrss; the double runs in
it too) and the chart's process (its own VmHWM). Seeding and measuring each run in a
process of their own, so neither counts the other. Targets: every report under 2 s, each
process under 150 MB.

    python bench/report.py [--members 2000] [--users 10000] [--runs 5] [--pg URL] [--smoke]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import io
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sweep  # noqa: E402  (seeds users with certifications and CE entries)
from slack_bolt.request.async_request import AsyncBoltRequest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from bot import notify  # noqa: E402
from bot.app import settle_memory  # noqa: E402
from bot.db import sync_url  # noqa: E402
from bot.signing import command_body, sign  # noqa: E402

SECRET = "bench-secret"
CHANNEL = "CREPORT"
OWNER = "U0000000"  # user id 1
TARGET_S = 2.0
TARGET_MB = 150.0


def add_cohort(url: str, members: int, users: int) -> None:
    """Members spread over the users table (user 1, the owner, among them), with steps
    done at times spread over the last 12 weeks and a 'done' event for each."""
    engine = create_engine(sync_url(url))
    now = dt.datetime.now(dt.UTC)
    sqlite = engine.dialect.name == "sqlite"

    def at(moment: dt.datetime) -> object:
        return moment.replace(tzinfo=None) if sqlite else moment

    every = max(1, users // members)
    ids = [1 + k * every for k in range(members)]
    steps, events = [], []
    for uid in ids:
        for n in range(1, (uid * 7) % 11 + 1):
            when = at(now - dt.timedelta(hours=(uid * 13 + n * 101) % (12 * 7 * 24)))
            steps.append({"u": uid, "s": n, "t": when})
            events.append({"u": uid, "s": n, "t": when})
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cohorts (id, team_id, channel_id, name, owner_id, active, "
                "created_at) VALUES (1, :t, :c, 'Big cohort', 1, :a, :n)"
            ),
            {"t": sweep.TEAM, "c": CHANNEL, "a": True, "n": at(now)},
        )
        conn.execute(
            text("INSERT INTO cohort_members (cohort_id, user_id, joined_at) VALUES (1, :u, :n)"),
            [{"u": uid, "n": at(now)} for uid in ids],
        )
        conn.execute(
            text("INSERT INTO step_progress (user_id, step, done_at) VALUES (:u, :s, :t)"), steps
        )
        conn.execute(
            text(
                "INSERT INTO progress_events (user_id, step, action, at) "
                "VALUES (:u, :s, 'done', :t)"
            ),
            events,
        )
        if not sqlite:
            conn.execute(text("ANALYZE"))
    engine.dispose()


def status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_mb() -> float:
    hwm = status_mb("VmHWM")
    if hwm is not None:
        return hwm
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def run(url: str, members: int, runs: int) -> dict[str, object]:
    slack, deps, app = await sweep.bench_app(url, SECRET)
    settle_memory()
    try:
        before = status_mb("VmRSS") or 0.0
        times = []
        for _ in range(runs):
            uploads = len(slack.uploads)
            body = command_body(
                "cohort report", team_id=sweep.TEAM, user_id=OWNER, channel_id=CHANNEL
            )
            t0 = time.perf_counter()
            resp = await app.async_dispatch(AsyncBoltRequest(body=body, headers=sign(SECRET, body)))
            await notify.drain()
            times.append(time.perf_counter() - t0)
            if resp.status != 200 or "on its way" not in resp.body:
                raise SystemExit(f"unexpected reply: {resp.status} {resp.body[:200]}")
            new = slack.uploads[uploads:]
            table = next((b for b in new if not b.startswith(b"\x89PNG")), b"")
            lines = list(csv.reader(io.StringIO(table.decode())))
            if len(new) != 2 or len(lines) != members + 1:
                raise SystemExit(f"expected a CSV of {members} members and a PNG, got {new!r:.80}")
        return {
            "times": times,
            "before": before,
            "peak": peak_mb(),
            "chart": chart_peak_mb(members),
            "matplotlib_in_app": "matplotlib" in sys.modules,
        }
    finally:
        await deps.close()
        await slack.stop()


# The chart's script run by a fresh interpreter that then reads its own peak: a forked
# child's ru_maxrss would count the app's pages it was forked from.
_PEAK_OF_CHART = """
import runpy, sys
runpy.run_path(sys.argv[1], run_name="__main__")
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        sys.stderr.write(line.split()[1])
"""


def chart_peak_mb(members: int) -> float:
    """Peak RSS of the chart's process for a cohort of `members` (as the report sends it)."""
    import bot.chart

    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    request = {
        "members": [[f"U{i:07d}", (i * 7) % 11] for i in range(members)],
        "weeks": [[(monday - dt.timedelta(weeks=k)).isoformat(), k * 3] for k in range(12)],
        "step_count": 10,
    }
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_OF_CHART, bot.chart.__file__],
        input=json.dumps(request).encode(),
        capture_output=True,
        check=True,
    )
    if not done.stdout.startswith(b"\x89PNG"):
        raise SystemExit("the chart's process drew no PNG")
    try:
        return int(done.stderr.decode().strip()) / 1024
    except ValueError:
        return float("nan")  # no /proc here


def child(mode: str, url: str, args: argparse.Namespace) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            __file__,
            mode,
            url,
            "--members",
            str(args.members),
            "--users",
            str(args.users),
            "--runs",
            str(args.runs),
        ],
        check=True,
        capture_output=mode == "--measure",
        text=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=2_000)
    ap.add_argument("--users", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pg", default="", help="also run on this PostgreSQL (admin URL)")
    ap.add_argument("--smoke", action="store_true", help="a small, quick run (CI)")
    ap.add_argument("--seed", default="", help=argparse.SUPPRESS)  # a child's jobs
    ap.add_argument("--measure", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.seed:
        sweep.seed(args.seed, args.users)
        add_cohort(args.seed, args.members, args.users)
        return
    if args.measure:
        print(json.dumps(asyncio.run(run(args.measure, args.members, args.runs))))
        return
    if args.smoke:
        args.members, args.users, args.runs = 200, 1_000, 2
    print(
        f"cohort report of {args.members:,} members among {args.users:,} users; {args.runs} reports"
    )
    failed = False
    for backend, url in sweep.databases(args.pg, "report"):
        child("--seed", url, args)
        result = json.loads(child("--measure", url, args).stdout.splitlines()[-1])
        times = [float(t) for t in result["times"]]
        before, peak, chart = (float(result[k]) for k in ("before", "peak", "chart"))
        worst = max(times)
        ok_time = worst < TARGET_S
        ok_mem = peak < TARGET_MB and chart < TARGET_MB and not result["matplotlib_in_app"]
        failed |= not (ok_time and ok_mem)
        warm = sorted(times)[len(times) // 2]
        print(
            f"{backend:10} report: median {warm:.2f} s, slowest {worst:.2f} s "
            f"(target < {TARGET_S:.0f} s: {'met' if ok_time else 'NOT met'})"
        )
        print(
            f"{backend:10} peak RSS: app {peak:.0f} MB ({before:.0f} MB before the reports), "
            f"chart process {chart:.0f} MB (target < {TARGET_MB:.0f} MB each: "
            f"{'met' if ok_mem else 'NOT met'})"
        )
    if failed and not args.smoke:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
