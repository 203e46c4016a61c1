"""Signed HTTP load against `careerpath run` on loopback, from this (second) process.

1. SQLite, one server: 200 requests/s for 60 s (open loop: requests leave on schedule, whether
   or not earlier ones have answered). Then the ceiling: as many as 64 connections can push.
2. PostgreSQL, two servers (replicas) on one database, requests alternating between them
   (round robin): the same 200 requests/s for 60 s, then the ceiling.

Each request is a Slack-signed slash command from one of 10,000 learners (a realistic mix:
next, steps, done, faq, ...). Errors: any non-200 or a reply that says something went wrong.
Target: 0 errors, p99 <= 50 ms at 200 requests/s.

    python bench/load.py [--rate 200] [--seconds 60] [--pg postgresql://postgres@127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import aiohttp  # noqa: E402
import sweep  # noqa: E402

from bot.signing import command_body, sign  # noqa: E402

SECRET = "load-signing-secret"
MIX = [
    ("next", 40),
    ("steps", 10),
    ("progress", 10),
    ("step {n}", 10),
    ("done {n}", 8),
    ("undo {n}", 2),
    ("faq renew ccm", 5),
    ("salary", 5),
    ("certs", 5),
    ("ce", 5),
]
USERS = 10_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_double() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.doubles.slack_api", "--team", sweep.TEAM],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    return proc, line.removeprefix("listening on ") + "/api/"


def start_server(url: str, api_url: str, port: int) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": "xoxb-load-token",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


async def wait_healthy(ports: list[int]) -> None:
    async with aiohttp.ClientSession() as http:
        for port in ports:
            for _ in range(200):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                        if resp.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise SystemExit(f"the server on port {port} did not become healthy")


def bodies(n: int, rng: random.Random) -> list[str]:
    texts = [t for t, w in MIX for _ in range(w)]
    return [
        command_body(
            rng.choice(texts).format(n=rng.randint(1, 10)),
            team_id=sweep.TEAM,
            user_id=f"U{rng.randrange(USERS):07d}",
        )
        for _ in range(n)
    ]


async def one(http: aiohttp.ClientSession, port: int, body: str) -> tuple[float, bool]:
    t0 = time.perf_counter()
    try:
        async with http.post(
            f"http://127.0.0.1:{port}/slack/events", data=body.encode(), headers=sign(SECRET, body)
        ) as resp:
            text = await resp.text()
            ok = resp.status == 200 and "went wrong" not in text and "unavailable" not in text
    except aiohttp.ClientError:
        ok = False
    return time.perf_counter() - t0, ok


async def open_loop(ports: list[int], rate: float, seconds: float) -> tuple[list[float], int]:
    """Requests leave on schedule (rate per second), round robin over `ports`."""
    rng = random.Random(7)
    total = int(rate * seconds)
    payloads = bodies(total, rng)
    connector = aiohttp.TCPConnector(limit=256)
    async with aiohttp.ClientSession(connector=connector) as http:
        start = time.perf_counter()
        tasks = []
        for i, body in enumerate(payloads):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(http, ports[i % len(ports)], body)))
        results = await asyncio.gather(*tasks)
    return [r[0] for r in results], sum(1 for r in results if not r[1])


async def ceiling(ports: list[int], seconds: float, connections: int = 64) -> tuple[float, int]:
    """Closed loop: `connections` workers each send the next request as soon as one answers."""
    rng = random.Random(11)
    # Signing takes time too: enough distinct requests for the run (they are reused in turn).
    payloads = bodies(min(200_000, int(seconds * 5_000)), rng)
    done = errors = 0
    stop = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def worker(w: int) -> None:
            nonlocal done, errors
            i = w
            while time.perf_counter() < stop:
                _, ok = await one(http, ports[i % len(ports)], payloads[i % len(payloads)])
                done += 1
                errors += 0 if ok else 1
                i += connections

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(connections)))
        return done / (time.perf_counter() - t0), errors


def report(name: str, latencies: list[float], errors: int, rate: float) -> None:
    q = statistics.quantiles(latencies, n=100)
    ok = errors == 0 and q[98] * 1000 <= 50
    print(
        f"{name}: {len(latencies):,} requests at {rate:g}/s: {errors} errors, "
        f"p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, max {max(latencies) * 1000:.0f} ms "
        f"(target 0 errors, p99 <= 50 ms: {'met' if ok else 'NOT met'})"
    )


def run_case(name: str, url: str, replicas: int, args: argparse.Namespace) -> None:
    sweep.DUE = 0
    sweep.seed(url, USERS)
    double, api_url = start_double()
    ports = [free_port() for _ in range(replicas)]
    servers = [start_server(url, api_url, port) for port in ports]
    try:
        asyncio.run(wait_healthy(ports))
        latencies, errors = asyncio.run(open_loop(ports, args.rate, args.seconds))
        report(name, latencies, errors, args.rate)
        rps, cerr = asyncio.run(ceiling(ports, args.ceiling_seconds))
        print(f"{name}: ceiling {rps:,.0f} requests/s with 64 connections ({cerr} errors)")
    finally:
        for proc in [*servers, double]:
            proc.terminate()
            proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--ceiling-seconds", type=float, default=15)
    ap.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL", ""))
    ap.add_argument("--smoke", action="store_true", help="a tiny size for CI: does it still run?")
    args = ap.parse_args()
    global USERS
    if args.smoke:
        args.rate, args.seconds, args.ceiling_seconds, USERS = 40, 0.5, 0.5, 300
    with tempfile.TemporaryDirectory() as tmp:
        run_case("sqlite, 1 server", f"sqlite:///{tmp}/load.db", 1, args)
    if args.pg:
        url, drop = sweep.pg_database(args.pg)
        try:
            run_case("postgresql, 2 replicas", url, 2, args)
        finally:
            drop()  # type: ignore[operator]


if __name__ == "__main__":
    main()
