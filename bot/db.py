"""Engine and session factory: SQLite (WAL, busy timeout) by default, PostgreSQL in production."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeAlias

import aiosqlite
from sqlalchemy import Engine, Executable, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.util import await_only

from bot import direct

SQLITE_BUSY_TIMEOUT_MS = 10_000

# Set while the current task holds one of the Database's connections (a unit of work).
_holding: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "careerpath_db_holding", default=False
)


class SecondConnection(RuntimeError):
    """A unit of work asked for a second connection while holding one: under load every
    holder would wait for a connection only another waiting holder can free (a pool deadlock).
    Pass the connection you hold (`conn=`) instead."""


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
    cur.execute("PRAGMA cache_size = -32768")  # 32 MiB of pages per connection
    cur.execute("PRAGMA mmap_size = 268435456")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    sql = "BEGIN IMMEDIATE" if conn.get_execution_options().get("sqlite_immediate") else "BEGIN"
    driver = conn.connection.driver_connection
    if isinstance(driver, aiosqlite.Connection):
        # One trip to aiosqlite's thread instead of three (cursor, execute, close).
        await_only(driver.execute(sql))
    else:
        conn.exec_driver_sql(sql)


def configure_sqlite(sync_engine: Engine) -> None:
    """WAL, busy timeout and explicit BEGIN for every connection of a SQLite engine."""
    event.listen(sync_engine, "connect", _sqlite_connect)
    event.listen(sync_engine, "begin", _sqlite_begin)


def ensure_sqlite_dir(url: URL) -> None:
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


class Database:
    """One async engine and its session factory, shared by handlers and the reminder sweep."""

    def __init__(self, url: str, *, pool_size: int = 10, pool_timeout: float = 30.0) -> None:
        self.url = async_url(url)
        ensure_sqlite_dir(self.url)
        kwargs: dict[str, Any] = {"pool_pre_ping": not is_sqlite(self.url)}
        if is_sqlite(self.url):
            # Sessions and connections end their own transactions; the pool's extra ROLLBACK
            # at check-in would be one more trip to aiosqlite's thread per unit of work.
            kwargs["pool_reset_on_return"] = None
        if self.url.database not in (None, "", ":memory:"):
            kwargs.update(pool_size=pool_size, max_overflow=pool_size, pool_timeout=pool_timeout)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        self.sqlite = is_sqlite(self.url)
        if self.sqlite:
            configure_sqlite(self.engine.sync_engine)
        self.sessionmaker: async_sessionmaker[AsyncSession] = async_sessionmaker(
            self.engine, expire_on_commit=False
        )
        self._reader: aiosqlite.Connection | None = None
        self._reader_lock = asyncio.Lock()
        # SQLite has one writer at a time: writers of this process queue here, in order,
        # instead of polling the file lock with the busy handler's sleeps.
        self._write_lock = asyncio.Lock()
        self._writer = self.engine.execution_options(sqlite_immediate=True)
        # PostgreSQL: a lone read needs no BEGIN and ROLLBACK around it (two round trips).
        self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """One unit of work that may write, on one Core connection: committed on exit, rolled
        back on error. Every read inside it goes through this connection (`conn=`).

        On SQLite it starts with BEGIN IMMEDIATE: a transaction that reads and then writes
        would otherwise be refused at once ("database is locked") when another writer got
        there first; the busy timeout does not apply to that upgrade.

        Core rather than the ORM session on hot paths: on aiosqlite a session costs about
        1.7 ms more per write (measured in bench/commands.py's write mix).
        """
        self._check_free()
        token = _holding.set(True)
        try:
            if self.sqlite:
                async with self._write_lock, self._writer.begin() as conn:
                    yield conn
            else:
                async with self.engine.begin() as conn:
                    yield conn
        finally:
            _holding.reset(token)

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        """One read-only unit of work on one connection (several reads that belong together)."""
        self._check_free()
        token = _holding.set(True)
        try:
            async with self.engine.connect() as conn:
                yield conn
        finally:
            _holding.reset(token)

    def _check_free(self) -> None:
        if _holding.get():
            raise SecondConnection(SecondConnection.__doc__)

    async def fetch(self, stmt: Executable, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """Run one read-only statement with bound parameters and return its rows, outside any
        unit of work (inside one, read through its connection: `fetch_on`).

        On SQLite this is the hot path of every command: a long-lived autocommit aiosqlite
        connection runs it in one trip to aiosqlite's thread (a session costs five trips:
        cursor, execute, fetch, close, rollback). On PostgreSQL it is a plain pooled read.
        """
        self._check_free()
        if not self.sqlite:
            async with self._autocommit.connect() as conn:
                await conn.begin()  # so the read goes straight to the driver (bot.direct)
                return await fetch_on(conn, stmt, params)
        reader = self._reader or await self._open_reader()
        rows = await direct.run_on(reader, self.engine.dialect, stmt, params)
        if rows is None:  # a statement only SQLAlchemy's execution can run
            async with self.engine.connect() as conn:
                return await fetch_on(conn, stmt, params)
        return rows

    async def _open_reader(self) -> aiosqlite.Connection:
        async with self._reader_lock:
            if self._reader is None:
                conn = await aiosqlite.connect(self.url.database or "", isolation_level=None)
                await conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
                await conn.execute("PRAGMA query_only = ON")
                await conn.execute("PRAGMA cache_size = -32768")
                await conn.execute("PRAGMA mmap_size = 268435456")
                self._reader = conn
            return self._reader

    async def dispose(self) -> None:
        if self._reader is not None:
            await self._reader.close()
            self._reader = None
        await self.engine.dispose()


Reads: TypeAlias = Database | AsyncConnection
"""Where a read goes: the connection of the unit of work in hand, or, outside any unit of
work, the Database itself (SQLite's fast reader; a brief pooled read on PostgreSQL)."""


async def fetch_on(conn: Reads, stmt: Executable, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Rows of one statement (a read, or a write's RETURNING rows; none for a write without
    one), on the unit of work's connection or, for a read, through `Database.fetch`.

    Inside a transaction the statement goes straight to the driver (`bot.direct`): on
    SQLite one trip to aiosqlite's thread instead of three or four, on PostgreSQL about
    half the CPU of SQLAlchemy's execution.
    """
    if isinstance(conn, Database):
        return await conn.fetch(stmt, params)
    rows = await direct.run(conn, stmt, params)
    if rows is not None:
        return rows
    result = await conn.execute(stmt, params)
    return [tuple(r) for r in result.all()] if result.returns_rows else []
