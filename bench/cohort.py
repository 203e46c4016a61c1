"""`cohort status` and the weekly digest of a 2,000-member cohort among 100,000 users.

Status goes through the real Bolt app (signed request, member asking); the digest is the
query and the render the sweep runs. p50/p99 over --runs each, on SQLite and (when it
answers) PostgreSQL. Target: p99 <= 50 ms each.

    python bench/cohort.py [--users 100000] [--members 2000] [--runs 200] [--pg URL]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sweep  # noqa: E402  (seeds users with certifications and CE entries)
from slack_bolt.request.async_request import AsyncBoltRequest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from bot.app import settle_memory  # noqa: E402
from bot.db import sync_url  # noqa: E402
from bot.services import cohorts  # noqa: E402
from bot.signing import command_body, sign  # noqa: E402
from bot.views.people import cohort_digest

SECRET = "bench-secret"
CHANNEL = "CCOHORT"


def add_cohort(url: str, members: int) -> None:
    engine = create_engine(sync_url(url))
    now = sweep.NOW.replace(tzinfo=None) if url.startswith("sqlite") else sweep.NOW
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cohorts (id, team_id, channel_id, name, owner_id, active, "
                "created_at) VALUES (1, :t, :c, 'Big cohort', 1, :a, :n)"
            ),
            {"t": sweep.TEAM, "c": CHANNEL, "a": True, "n": now},
        )
        # Every 50th user joins: members spread across the table, not the first rows.
        conn.execute(
            text(
                "INSERT INTO cohort_members (cohort_id, user_id, joined_at) "
                "SELECT 1, id, :n FROM users WHERE id % 50 = 1 AND id <= :top"
            ),
            {"n": now, "top": members * 50},
        )
        conn.execute(
            text(
                "INSERT INTO step_progress (user_id, step, done_at) SELECT u.id, s.n, :n "
                "FROM users u JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL "
                "SELECT 4 UNION ALL SELECT 5) s ON s.n <= (u.id % 6) WHERE u.id % 5 = 0"
            ),
            {"n": now},
        )
        conn.execute(
            text(
                "INSERT INTO progress_events (user_id, step, action, at) SELECT user_id, step, "
                "'done', :n FROM step_progress"
            ),
            {"n": now},
        )
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))
    engine.dispose()


def pct(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(samples, n=100)
    return q[49] * 1000, q[98] * 1000


async def run(url: str, runs: int) -> dict[str, tuple[float, float]]:
    slack, deps, app = await sweep.bench_app(url, SECRET)
    settle_memory()  # what `careerpath run` does once the app is built
    member = "U0000000"  # user id 1: the owner, a member
    try:
        status: list[float] = []
        digest: list[float] = []
        for i in range(runs + 10):
            body = command_body(
                "cohort status", team_id=sweep.TEAM, user_id=member, channel_id=CHANNEL
            )
            t0 = time.perf_counter()
            resp = await app.async_dispatch(AsyncBoltRequest(body=body, headers=sign(SECRET, body)))
            t1 = time.perf_counter()
            if resp.status != 200 or "members" not in resp.body:
                raise SystemExit(f"unexpected status reply: {resp.body[:200]}")
            async with deps.db.engine.connect() as conn:
                summary = await cohorts.digest(
                    conn=conn, cohort_id=1, catalog=deps.catalog, now=dt.datetime.now(dt.UTC)
                )
            cohort_digest("Big cohort", summary).message()
            t2 = time.perf_counter()
            if i >= 10:  # warm-up excluded
                status.append(t1 - t0)
                digest.append(t2 - t1)
        return {"cohort status": pct(status), "cohort digest": pct(digest)}
    finally:
        await deps.close()
        await slack.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=100_000)
    ap.add_argument("--members", type=int, default=2_000)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL", ""))
    ap.add_argument("--smoke", action="store_true", help="a tiny size for CI: does it still run?")
    args = ap.parse_args()
    if args.smoke:
        args.users, args.members, args.runs = 500, 20, 10
    print(f"{args.members:,}-member cohort among {args.users:,} users; {args.runs} runs each")
    for backend, url in sweep.databases(args.pg, "cohort"):
        sweep.seed(url, args.users)
        add_cohort(url, args.members)
        results = asyncio.run(run(url, args.runs))
        for name, (p50, p99) in results.items():
            verdict = "met" if p99 <= 50 else "NOT met"
            print(
                f"{backend:10} {name:14} p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  "
                f"(target p99 <= 50 ms: {verdict})"
            )


if __name__ == "__main__":
    main()
