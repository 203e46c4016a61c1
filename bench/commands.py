"""Latency of `/careerpath` through the real Bolt app, signature checking on, 100,000 users.

Prints p50/p99 for `next` alone and for a realistic mix, and — measured in the same run — a
bare AsyncApp answering a constant string (the framework's floor).

    python bench/commands.py [--users 100000] [--requests 10000] [--db sqlite:///…]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sweep  # noqa: E402  (the bench app and its databases)
from slack_bolt.async_app import AsyncAck, AsyncApp  # noqa: E402

from bot.app import settle_memory  # noqa: E402
from bot.migrate import upgrade  # noqa: E402
from bot.signing import command_body  # noqa: E402

SECRET = "bench-signing-secret"
TEAM = "T0BENCH"
MIX = [
    ("next", 40),
    ("steps", 10),
    ("progress", 10),
    ("step {n}", 10),
    ("done {n}", 8),
    ("undo {n}", 2),
    ("faq renew ccm", 5),
    ("salary", 5),
    ("skills", 5),
    ("certs", 5),
]


def seed(path: Path, users: int, rng: random.Random) -> None:
    """Users with a random number of steps done, written straight through sqlite3 (fast)."""
    upgrade(f"sqlite:///{path}")
    con = sqlite3.connect(path)
    now = "2026-11-01 12:00:00.000000"
    con.execute("INSERT INTO workspaces (team_id, created_at) VALUES (?, ?)", (TEAM, now))
    con.executemany(
        "INSERT INTO users (team_id, slack_user_id, created_at) VALUES (?, ?, ?)",
        ((TEAM, f"U{i:07d}", now) for i in range(users)),
    )
    rows = []
    for uid in range(1, users + 1):
        for step in range(1, rng.randint(0, 10) + 1):
            rows.append((uid, step, now))
    con.executemany("INSERT INTO step_progress (user_id, step, done_at) VALUES (?, ?, ?)", rows)
    con.commit()
    con.close()


def percentiles(samples: list[float]) -> tuple[float, float]:
    qs = statistics.quantiles(samples, n=100)
    return qs[49] * 1000, qs[98] * 1000


async def timed(app: AsyncApp, bodies: list[str]) -> list[float]:
    return await sweep.timed(app, bodies, SECRET)


def bare_app(slack_url: str) -> AsyncApp:
    from slack_sdk.web.async_client import AsyncWebClient

    app = AsyncApp(
        client=AsyncWebClient(token="xoxb-bench", base_url=slack_url),
        signing_secret=SECRET,
        process_before_response=True,
    )

    @app.command("/careerpath")
    async def constant(ack: AsyncAck) -> None:
        await ack("ok")

    return app


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--db", help="an existing database URL to use instead of a fresh SQLite")
    ap.add_argument("--smoke", action="store_true", help="a tiny size for CI: does it still run?")
    args = ap.parse_args()
    if args.smoke:
        args.users, args.requests = 300, 100
    rng = random.Random(42)

    tmp = tempfile.TemporaryDirectory()
    if args.db:
        url = args.db
    else:
        path = Path(tmp.name) / "bench.db"
        t0 = time.perf_counter()
        seed(path, args.users, rng)
        print(f"seeded {args.users:,} users in {time.perf_counter() - t0:.1f} s")
        url = f"sqlite:///{path}"

    slack, deps, ours = await sweep.bench_app(url, SECRET, TEAM)
    floor = bare_app(slack.api_url)
    settle_memory()  # what `careerpath run` does once the app is built

    def body(text: str) -> str:
        user = f"U{rng.randrange(args.users):07d}"
        return command_body(text.format(n=rng.randint(1, 10)), team_id=TEAM, user_id=user)

    texts = [t for t, w in MIX for _ in range(w)]
    next_bodies = [body("next") for _ in range(args.requests)]
    mix_texts = [(None, rng.choice(texts)) for _ in range(args.requests)]
    mix_bodies = [body(text) for _, text in mix_texts]
    warm = [body("next") for _ in range(200)]
    await timed(ours, warm)
    await timed(floor, warm)

    mix = await timed(ours, mix_bodies)
    writes = [
        t for t, (_, text) in zip(mix, mix_texts, strict=True) if text.startswith(("done", "undo"))
    ]
    results = {
        "bare AsyncApp (floor)": await timed(floor, next_bodies),
        "/careerpath next": await timed(ours, next_bodies),
        "/careerpath mix": mix,
        "  of which done/undo": writes,
    }
    print(f"{args.requests:,} requests each, signature checking on, {args.users:,} users")
    print(f"{'':24} {'p50 ms':>8} {'p99 ms':>8}")
    for name, samples in results.items():
        p50, p99 = percentiles(samples)
        print(f"{name:24} {p50:8.3f} {p99:8.3f}")
    f50, _ = percentiles(results["bare AsyncApp (floor)"])
    n50, n99 = percentiles(results["/careerpath next"])
    m50, m99 = percentiles(mix)
    ok = n50 <= 1.5 and n99 <= 4 and m50 <= 1.5 and m99 <= 4
    print(
        f"next over floor: p50 +{n50 - f50:.3f} ms; targets p50 <= 1.5 ms, p99 <= 4 ms "
        f"(next and mix): {'met' if ok else 'NOT met'}"
    )
    await deps.close()
    await slack.stop()
    tmp.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
