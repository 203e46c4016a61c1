"""Engine and session factory: SQLite (WAL, busy timeout) by default, PostgreSQL in production."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _normalise(url: str) -> URL:
    u = make_url(url)
    if u.drivername in ("postgres", "postgresql"):
        u = u.set(drivername="postgresql+psycopg")
    return u


def async_url(url: str) -> URL:
    """The asyncio flavour of a configured URL (aiosqlite, psycopg 3 async)."""
    u = _normalise(url)
    if u.drivername in ("sqlite", "sqlite+pysqlite"):
        u = u.set(drivername="sqlite+aiosqlite")
    return u


def sync_url(url: str) -> URL:
    """The blocking flavour of a configured URL, for alembic and the CLI."""
    u = _normalise(url)
    if u.drivername == "sqlite+aiosqlite":
        u = u.set(drivername="sqlite")
    return u


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_connect(dbapi_conn: Any, _record: ConnectionPoolEntry) -> None:
    # Take transactions out of the driver's hands so BEGIN is ours (savepoints, BEGIN IMMEDIATE).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def configure_sqlite(sync_engine: Engine) -> None:
    """WAL, busy timeout and explicit BEGIN for every connection of a SQLite engine."""
    event.listen(sync_engine, "connect", _sqlite_connect)
    event.listen(sync_engine, "begin", _sqlite_begin)


def ensure_sqlite_dir(url: URL) -> None:
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


class Database:
    """One async engine and its session factory, shared by handlers and the reminder sweep."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = async_url(url)
        ensure_sqlite_dir(self.url)
        kwargs: dict[str, Any] = {"pool_pre_ping": not is_sqlite(self.url)}
        if not is_sqlite(self.url):
            kwargs.update(pool_size=pool_size, max_overflow=pool_size)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        self.sqlite = is_sqlite(self.url)
        if self.sqlite:
            configure_sqlite(self.engine.sync_engine)
        self.sessionmaker: async_sessionmaker[AsyncSession] = async_sessionmaker(
            self.engine, expire_on_commit=False
        )

    async def dispose(self) -> None:
        await self.engine.dispose()
