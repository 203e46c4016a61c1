"""Shared fixtures: isolated environment, real databases, the local Slack double, the real app."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.catalog import Catalog, load_catalog
from bot.localslack import LocalSlack
from bot.migrate import upgrade
from bot.models import Base
from tests.utils import Harness

_ENV_PREFIXES = ("SLACK_", "DATABASE_URL", "PORT", "CONTENT_DIR", "LOG_", "REMINDER_")
PG_ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "")


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
