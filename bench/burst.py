"""Many people at the same moment, on two app instances (replicas) sharing one database.

1. 200 people press [Done] on step 1 within the same 100 ms (a reminder everyone clicks);
2. then 100 people run `/careerpath cohort join` in one channel at once (a cohort's kick-off).

Each replica is a `careerpath run` process; requests alternate between them. Runs on SQLite
(one file, WAL) and, when TEST_DATABASE_URL (or --pg) answers, on PostgreSQL in a database of
its own. Prints p50, p99 and max per phase and the count of "unavailable" replies.
Targets: 0 unavailable, p99 <= 1 s, every write landed (exit status 1 if a write is missing
or a reply is an error).

    python bench/burst.py [--done 200] [--join 100] [--replicas 2] [--pg URL] [--smoke]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import aiohttp  # noqa: E402
import load  # noqa: E402
import sweep  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from bot.db import sync_url  # noqa: E402
from bot.signing import action_body, command_body, sign  # noqa: E402

CHANNEL = "CBURST"
WINDOW = 0.1  # seconds over which the [Done] presses arrive


async def send(
    http: aiohttp.ClientSession, port: int, body: str, delay: float
) -> tuple[float, bool]:
    """One signed request after `delay` seconds: (latency, ok). Not ok: a non-200 answer or
    one that says careerpath is unavailable or something went wrong."""
    await asyncio.sleep(delay)
    t0 = time.perf_counter()
    try:
        async with http.post(
            f"http://127.0.0.1:{port}/slack/events",
            data=body.encode(),
            headers=sign(load.SECRET, body),
        ) as resp:
            reply = await resp.text()
            ok = resp.status == 200 and "unavailable" not in reply and "went wrong" not in reply
    except aiohttp.ClientError:
        ok = False
    return time.perf_counter() - t0, ok


async def burst(ports: list[int], bodies: list[str], window: float) -> list[tuple[float, bool]]:
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        n = len(bodies)
        return await asyncio.gather(
            *(
                send(http, ports[i % len(ports)], body, window * i / n)
                for i, body in enumerate(bodies)
            )
        )


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time these processes have used so far (Linux /proc)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def count(url: str, sql: str) -> int:
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        n = int(conn.execute(text(sql)).scalar_one())
    engine.dispose()
    return n


def report(backend: str, phase: str, results: list[tuple[float, bool]], cpu: float) -> int:
    times = sorted(r[0] for r in results)
    unavailable = sum(1 for r in results if not r[1])
    p99 = statistics.quantiles(times, n=100)[98] if len(times) > 1 else times[0]
    met = unavailable == 0 and p99 <= 1.0
    print(
        f"{backend:10} {phase:26} p50 {statistics.median(times) * 1000:7.1f} ms  "
        f"p99 {p99 * 1000:7.1f} ms  max {times[-1] * 1000:7.1f} ms  "
        f"unavailable {unavailable}  (target 0 and p99 <= 1 s: {'met' if met else 'NOT met'})"
        f"  replicas' CPU {cpu * 1000 / len(results):.1f} ms a request"
    )
    return unavailable


def run_case(backend: str, url: str, args: argparse.Namespace) -> bool:
    sweep.DUE = 0
    sweep.seed(url, 10)  # the schema, the workspace and a few learners
    double, api_url = load.start_double()
    respond = api_url.removesuffix("/api/") + "/respond/r"
    ports = [load.free_port() for _ in range(args.replicas)]
    servers = [load.start_server(url, api_url, port) for port in ports]
    try:
        asyncio.run(load.wait_healthy(ports))
        team = sweep.TEAM

        def command(text_: str, user: str) -> str:
            return command_body(
                text_, team_id=team, user_id=user, channel_id=CHANNEL, response_url=respond
            )

        # A running server has its connections open: warm each replica up first.
        asyncio.run(burst(ports, [command("next", f"UW{i:03d}") for i in range(40)], 0))
        created = asyncio.run(burst(ports[:1], [command("cohort create Kick-off", "UOWNER")], 0))
        presses = [
            action_body("step_done", "1", team_id=team, user_id=f"UB{i:05d}", response_url=respond)
            for i in range(args.done)
        ]
        pids = [proc.pid for proc in servers]
        cpu = cpu_seconds(pids)
        done = asyncio.run(burst(ports, presses, WINDOW))
        time.sleep(0.5)  # the replies by response_url, after the acks
        cpu_done = cpu_seconds(pids) - cpu
        joins = [command("cohort join", f"UJ{i:05d}") for i in range(args.join)]
        cpu = cpu_seconds(pids)
        joined = asyncio.run(burst(ports, joins, 0))
        time.sleep(0.5)
        cpu_join = cpu_seconds(pids) - cpu
    finally:
        for proc in [*servers, double]:
            proc.terminate()
            proc.wait()
    errors = 0 if created[0][1] else 1
    errors += report(backend, f"{args.done} x done in {WINDOW * 1000:.0f} ms", done, cpu_done)
    errors += report(backend, f"{args.join} x cohort join at once", joined, cpu_join)
    landed_done = count(url, "SELECT count(*) FROM step_progress WHERE step = 1")
    landed_join = count(url, "SELECT count(*) FROM cohort_members")
    every = landed_done == args.done and landed_join == args.join + 1
    print(
        f"{backend:10} landed: {landed_done}/{args.done} steps, {landed_join}/{args.join + 1} "
        f"members ({'every write' if every else 'WRITES MISSING'})"
    )
    return errors == 0 and every


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--done", type=int, default=200)
    ap.add_argument("--join", type=int, default=100)
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL", ""))
    ap.add_argument("--smoke", action="store_true", help="a tiny size for CI: does it still run?")
    args = ap.parse_args()
    if args.smoke:
        args.done, args.join = 20, 10
    print(f"{args.replicas} replicas; requests alternate between them")
    ok = True
    for backend, url in sweep.databases(args.pg, "burst"):
        ok &= run_case(backend, url, args)
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
