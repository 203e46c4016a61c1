"""How long one reminder sweep takes to find and claim what is due, as the workspace grows.

10,000 and 100,000 users, each with a certification and CE entries; the same 1,000 are due
in both. One sweep = plan the due users (ledger rows inserted) + claim every due row, i.e.
all the database work of a sweep; sending is measured by bench/delivery.py. Runs on SQLite
and, when it answers, on PostgreSQL (TEST_DATABASE_URL or --pg).

    python bench/sweep.py [--sizes 10000 100000] [--pg postgresql://postgres@127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_bolt.async_app import AsyncApp  # noqa: E402
from slack_bolt.request.async_request import AsyncBoltRequest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from bot.app import build_app  # noqa: E402
from bot.catalog import Catalog, load_catalog  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db import sync_url  # noqa: E402
from bot.deps import Deps  # noqa: E402
from bot.doubles.slack_api import LocalSlack  # noqa: E402
from bot.migrate import upgrade  # noqa: E402
from bot.reminders.engine import Engine  # noqa: E402
from bot.signing import sign  # noqa: E402
from bot.slack_api import Sender, build_background_client  # noqa: E402

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)  # a Wednesday
DUE = 1000
TEAM = "T0BENCH"


def rows_for(n: int, rng: random.Random) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Users, their certifications and CE entries. The first DUE users are due now."""
    users, certs, ce = [], [], []
    later = NOW + dt.timedelta(days=30)
    for i in range(n):
        due = i < DUE
        users.append(
            (
                i + 1,
                TEAM,
                f"U{i:07d}",
                NOW - dt.timedelta(days=400),
                "UTC",
                NOW,
                True,
                31,
                NOW - dt.timedelta(minutes=5) if due else later,
                f"DU{i:07d}",
            )
        )
        code = "CCM" if i % 2 else "CMC"
        # Due users: a cycle ending in 20 days (the 30-day reminder); others: years away.
        start = (
            (dt.date(2021, 12, 15) if code == "CCM" else dt.date(2023, 11, 15))
            if due
            else dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(300))
        )
        certs.append((i + 1, i + 1, code, start, NOW))
        for k in range(3):
            hours = 30.0 if due else float(rng.choice([1, 1.5, 2, 3]))  # due: on pace
            ce.append(
                (
                    len(ce) + 1,
                    i + 1,
                    code,
                    hours,
                    k == 0,
                    "course",
                    start + dt.timedelta(days=30 * (k + 1)),
                    NOW,
                )
            )
    return users, certs, ce


USER_COLS = (
    "id, team_id, slack_user_id, created_at, tz, tz_checked_at, reminders_on, "
    "work_days, next_check_at, dm_channel"
)


def seed(url: str, n: int) -> None:
    upgrade(url)
    users, certs, ce = rows_for(n, random.Random(1))
    engine = create_engine(sync_url(url))
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        if engine.dialect.name == "sqlite":
            cur = raw.cursor()
            cur.execute(
                "INSERT INTO workspaces (team_id, created_at) VALUES (?, ?)",
                (TEAM, NOW.isoformat(" ")),
            )
            fix = [
                tuple(
                    v.replace(tzinfo=None).isoformat(" ") if isinstance(v, dt.datetime) else v
                    for v in row
                )
                for row in users
            ]
            cur.executemany(f"INSERT INTO users ({USER_COLS}) VALUES ({','.join('?' * 10)})", fix)
            cur.executemany(
                "INSERT INTO held_certifications (id, user_id, code, cycle_start, "
                "created_at) VALUES (?,?,?,?,?)",
                [(a, b, c, d, e.replace(tzinfo=None).isoformat(" ")) for a, b, c, d, e in certs],
            )
            cur.executemany(
                "INSERT INTO ce_entries (id, user_id, code, hours, ethics, title, "
                "taken_on, created_at) VALUES (?,?,?,?,?,?,?,?)",
                [(*r[:7], r[7].replace(tzinfo=None).isoformat(" ")) for r in ce],
            )
        else:
            cur = raw.cursor()
            cur.execute("INSERT INTO workspaces (team_id, created_at) VALUES (%s, %s)", (TEAM, NOW))
            with cur.copy(f"COPY users ({USER_COLS}) FROM STDIN") as copy:
                for row in users:
                    copy.write_row(row)
            with cur.copy(
                "COPY held_certifications (id, user_id, code, cycle_start, created_at) FROM STDIN"
            ) as copy:
                for row in certs:
                    copy.write_row(row)
            with cur.copy(
                "COPY ce_entries (id, user_id, code, hours, ethics, title, taken_on, "
                "created_at) FROM STDIN"
            ) as copy:
                for row in ce:
                    copy.write_row(row)
            for table in ("users", "held_certifications", "ce_entries"):
                # Rows copied with their ids: move the sequences past them for later inserts.
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                )
            cur.execute("ANALYZE")
        conn.exec_driver_sql(
            "INSERT INTO ce_day_totals (user_id, code, ethics, taken_on, hours, entries) "
            "SELECT user_id, COALESCE(code, ''), ethics, taken_on, SUM(hours), COUNT(*) "
            "FROM ce_entries GROUP BY user_id, COALESCE(code, ''), ethics, taken_on"
        )
    engine.dispose()


def rearm(url: str) -> None:
    """Make the same 1,000 users due again, with an empty ledger."""
    engine = create_engine(sync_url(url))
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM deliveries"))
        conn.execute(
            text("UPDATE users SET next_check_at = :t WHERE id <= :n"),
            {
                "t": (NOW - dt.timedelta(minutes=5)).replace(tzinfo=None)
                if engine.dialect.name == "sqlite"
                else NOW - dt.timedelta(minutes=5),
                "n": DUE,
            },
        )
    engine.dispose()


async def one_sweep(url: str) -> tuple[float, int, int]:
    settings = Settings(
        _env_file=None,
        database_url=url,  # type: ignore[call-arg]
        slack_api_url="http://127.0.0.1:9/api/",
    )
    deps = Deps.build(settings, load_catalog())
    engine = Engine(
        deps,
        Sender(build_background_client(settings.slack_api_url, None)),
        clock=lambda: NOW,
        batch=1000,
    )
    try:
        await deps.db.fetch(text("SELECT 1"), {})  # connect before timing
        t0 = time.perf_counter()
        planned = await engine.plan_due()
        claimed = 0
        while rows := await engine.claim():
            claimed += len(rows)
        return time.perf_counter() - t0, planned.queued, claimed
    finally:
        await deps.close()


def measure(url: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        rearm(url)
        seconds, queued, claimed = asyncio.run(one_sweep(url))
        if queued != DUE or claimed != DUE:
            raise SystemExit(f"expected {DUE} queued and claimed, got {queued} and {claimed}")
        times.append(seconds)
    return statistics.median(times)


def pg_database(admin: str) -> tuple[str, object]:
    from sqlalchemy import make_url

    name = f"careerpath_bench_{uuid.uuid4().hex[:8]}"
    eng = create_engine(sync_url(admin), isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with eng.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        eng.dispose()

    return make_url(admin).set(database=name).render_as_string(hide_password=False), drop


async def bench_app(
    url: str, secret: str, team: str = TEAM, catalog: Catalog | None = None
) -> tuple[LocalSlack, Deps, AsyncApp]:
    """The real Bolt app on the database at `url`, as `careerpath run` builds it, with a
    local Slack double (started) as its Web API. Close with `deps.close()`, `slack.stop()`."""
    slack = LocalSlack(team_id=team)
    await slack.start()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token="xoxb-bench",
        slack_signing_secret=secret,
        slack_api_url=slack.api_url,
        database_url=url,
    )
    deps = Deps.build(settings, catalog or load_catalog())
    return slack, deps, build_app(deps)


async def timed(app: AsyncApp, bodies: list[str], secret: str) -> list[float]:
    """Seconds each signed request took through `app`; a reply that is not a 200 or says
    something went wrong stops the bench."""
    out = []
    for body in bodies:
        headers = sign(secret, body)
        t0 = time.perf_counter()
        resp = await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
        out.append(time.perf_counter() - t0)
        if resp.status != 200 or "went wrong" in resp.body:
            raise SystemExit(f"unexpected reply {resp.status}: {resp.body[:300]}")
    return out


def databases(pg: str, name: str) -> Iterator[tuple[str, str]]:
    """(backend, url): SQLite in a temporary file, then PostgreSQL in a database of its own
    when `pg` is set (else a printed reason it is skipped). Each is removed after its turn."""
    with tempfile.TemporaryDirectory() as tmp:
        yield "sqlite", f"sqlite:///{tmp}/{name}.db"
    if not pg:
        print("postgresql: skipped (set TEST_DATABASE_URL or --pg)")
        return
    try:
        url, drop = pg_database(pg)
    except Exception as exc:  # noqa: BLE001 - say why and go on
        print(f"postgresql: skipped ({type(exc).__name__}: {exc})")
        return
    try:
        yield "postgresql", url
    finally:
        drop()  # type: ignore[operator]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs=2, default=[10_000, 100_000])
    ap.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL", ""))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--smoke", action="store_true", help="a tiny size for CI: does it still run?")
    args = ap.parse_args()
    global DUE
    if args.smoke:
        args.sizes, args.repeats, DUE = [200, 400], 1, 50
    print(f"one sweep (plan + claim) with {DUE:,} due; median of {args.repeats}")
    by_backend: dict[str, dict[int, float]] = {}
    for n in args.sizes:
        for backend, url in databases(args.pg, "sweep"):
            t0 = time.perf_counter()
            seed(url, n)
            seeded = time.perf_counter() - t0
            results = by_backend.setdefault(backend, {})
            results[n] = measure(url, args.repeats)
            print(
                f"{backend:10} {n:>8,} users: {results[n] * 1000:7.1f} ms "
                f"(seeded in {seeded:.1f} s)"
            )
    for backend, results in by_backend.items():
        if len(results) == 2:
            small, big = args.sizes
            ratio = results[big] / results[small]
            ok = results[big] <= 0.25 and ratio <= 1.5
            print(
                f"{backend:10} ratio {big:,}/{small:,}: {ratio:.2f}  "
                f"(targets: <= 250 ms at {big:,}, ratio <= 1.5: {'met' if ok else 'NOT met'})"
            )


if __name__ == "__main__":
    main()
