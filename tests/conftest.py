"""Shared fixtures: isolated environment, real databases, the local Slack double, the real app."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import create_engine, text

from bot import outbound
from bot.catalog import Catalog, load_catalog
from bot.doubles.slack_api import LocalSlack
from bot.migrate import upgrade
from bot.models import Base
from tests.utils import Harness

_ENV_PREFIXES = ("SLACK_", "DATABASE_URL", "PORT", "CONTENT_DIR", "LOG_", "REMINDER_")
PG_ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "")
PIN_ENV = "CAREERPATH_TEST_NOW"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pin-now",
        action="append",
        default=[],
        metavar="ISO",
        help=f"run every test with the clock starting at this moment (UTC unless it says "
        f"otherwise); repeat it to run each test once per moment; or set {PIN_ENV} "
        f"(comma-separated)",
    )


def _pins(config: pytest.Config) -> list[dt.datetime]:
    raw = list(config.getoption("--pin-now"))
    raw += [v for v in os.environ.get(PIN_ENV, "").split(",") if v.strip()]
    pins = []
    for value in raw:
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise pytest.UsageError(f"--pin-now {value!r} is not an ISO time") from None
        pins.append(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))
    return pins


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    pins = _pins(metafunc.config)
    if pins and "_pinned_clock" in metafunc.fixturenames:
        ids = [p.strftime("%a-%Y-%m-%dT%H:%M%z") for p in pins]
        metafunc.parametrize("_pinned_clock", pins, indirect=True, ids=ids)


@pytest.fixture(autouse=True)
def _pinned_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """With --pin-now, every test starts at that moment and time runs on from there.

    It moves the whole process's clock (`datetime.now`, `date.today`, `time.time`), the app's and
    the test's alike, so signed requests stay inside Slack's five-minute window. Subprocesses keep
    the real clock: tests that start one pass it the moment (`run-once --at`).
    """
    moment = getattr(request, "param", None)
    if moment is None:
        yield
        return
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No setting leaks in from the developer's shell or .env."""
    for key in list(os.environ):
        if key.startswith(_ENV_PREFIXES):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(_sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh, migrated SQLite file database for one test."""
    path = tmp_path / "careerpath.db"
    shutil.copy(_sqlite_template, path)
    return f"sqlite:///{path}"


def _pg_available() -> str | None:
    if not PG_ADMIN_URL:
        return "TEST_DATABASE_URL is not set"
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect means: skip, and say why
        return f"no PostgreSQL answers at TEST_DATABASE_URL ({type(exc).__name__})"
    return None


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """A database of this run's own on the PostgreSQL server, created and dropped here."""
    reason = _pg_available()
    if reason:
        print(f"\nskipping PostgreSQL tests: {reason}")
        pytest.skip(reason)
    from sqlalchemy import make_url

    name = f"careerpath_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _pg_migrated(pg_server_url: str) -> str:
    upgrade(pg_server_url)
    return pg_server_url


@pytest.fixture
def pg_url(_pg_migrated: str) -> str:
    """The run's PostgreSQL database, migrated, with every table emptied for this test."""
    engine = create_engine(_pg_migrated.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return _pg_migrated


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Both backends, for tests that must hold on each."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
async def slack() -> AsyncIterator[LocalSlack]:
    double = LocalSlack(team_id="T1")
    await double.start()
    try:
        yield double
    finally:
        await outbound.close()  # the connections this test's loop made to the double
        await double.stop()


@pytest.fixture
async def harness(sqlite_url: str, slack: LocalSlack, catalog: Catalog) -> AsyncIterator[Harness]:
    """The real Bolt app served over HTTP on loopback, on a SQLite file database."""
    async with Harness.serving(sqlite_url, slack, catalog) as h:
        yield h


@pytest.fixture
async def any_harness(db_url: str, slack: LocalSlack, catalog: Catalog) -> AsyncIterator[Harness]:
    """The same, once on SQLite and once on PostgreSQL."""
    async with Harness.serving(db_url, slack, catalog) as h:
        yield h
