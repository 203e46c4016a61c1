"""Statements sent straight to the driver, inside a transaction SQLAlchemy began.

SQLAlchemy compiles each statement once (cached here by the statement itself) and applies
its own parameter and result processing, so values go in and come back exactly as through
`conn.execute`; only the execution is skipped. What that saves, measured with
bench/burst.py (200 [Done] presses at once on 2 replicas):

- SQLite: one trip to aiosqlite's thread per statement instead of three or four (cursor,
  execute, fetch, close). A writer holds SQLite's one write lock for all its trips, and
  each trip waits for the event loop to come round again, busy under a burst with everyone
  else's requests. p99 went from about 0.9-1.0 s to 0.4 s.
- PostgreSQL: about half the CPU of a statement (235 µs -> 115 µs, a primary-key read).

Errors are raised as SQLAlchemy's (`DBAPIError.instance`), as from `conn.execute`, so
"database is locked" and a lost connection still read as "temporarily unavailable".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeAlias

import aiosqlite
from sqlalchemy import Executable
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.compiler import SQLCompiler

COMPILED_CACHE_SIZE = 512

Rows: TypeAlias = list[tuple[Any, ...]]
Types: TypeAlias = list[Any] | None  # the result columns' types; None for textual SQL
Prepared: TypeAlias = tuple[str, tuple[Any, ...] | dict[str, Any], Types]


async def run(conn: AsyncConnection, stmt: Executable, params: dict[str, Any]) -> Rows | None:
    """The rows of `stmt` run straight on `conn`'s driver connection; None when it must go
    through SQLAlchemy's execution instead (no transaction begun yet, or a statement that
    needs it: expanding IN lists, SQL or sequence defaults)."""
    if not conn.in_transaction():
        return None  # SQLAlchemy begins the transaction on its first statement
    driver = conn.sync_connection.connection.driver_connection  # type: ignore[union-attr]
    return await run_on(driver, conn.dialect, stmt, params)


async def run_on(
    driver: Any, dialect: Dialect, stmt: Executable, params: dict[str, Any]
) -> Rows | None:
    """The rows of `stmt` run on a driver connection (aiosqlite's, or psycopg's): `run`'s
    transaction, or SQLite's long-lived reader; None when SQLAlchemy's execution must run it."""
    rows: Any
    prepared = prepare(dialect, stmt, params)
    if prepared is None:
        return None
    sql, args, types = prepared
    dbapi = dialect.loaded_dbapi
    codes = None  # the database's type of each result column (PostgreSQL's numerics need it)
    try:
        if isinstance(driver, aiosqlite.Connection):
            rows = await driver.execute_fetchall(sql, args)
        elif driver is not None and dialect.name == "postgresql":
            async with driver.cursor() as cursor:
                await cursor.execute(sql, args)
                description = cursor.description
                rows = await cursor.fetchall() if description is not None else []
                codes = [d[1] for d in description or ()]
        else:
            return None
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, args, exc, dbapi.Error) from exc
    if not types and getattr(stmt, "is_dml", False):
        return []  # a write without RETURNING (PostgreSQL's implicit RETURNING id aside)
    return typed(rows, types, dialect, codes)


# (id(stmt), dialect, a write's parameter names) -> (stmt, compiled, result types): the
# entry keeps the statement alive, so its id cannot be reused by another statement while
# the entry exists.
Compiled: TypeAlias = tuple[Executable, SQLCompiler, Types]
compiled_cache: dict[tuple[int, str, tuple[str, ...]], Compiled] = {}


def compile_once(dialect: Dialect, stmt: Executable, names: Iterable[str] = ()) -> Compiled:
    """`stmt` compiled for `dialect`, once. A write is compiled for the parameter `names`
    it is given, as `conn.execute` does: a parameter named after a column sets that column."""
    keys = tuple(sorted(names)) if getattr(stmt, "is_dml", False) else ()
    key = (id(stmt), dialect.name, keys)
    found = compiled_cache.get(key)
    if found is None or found[0] is not stmt:
        compiled = stmt.compile(dialect=dialect, column_keys=list(keys))  # type: ignore[attr-defined]
        columns = getattr(stmt, "exported_columns", None)
        types = None if columns is None else [c.type for c in columns]
        if len(compiled_cache) >= COMPILED_CACHE_SIZE:
            compiled_cache.clear()  # statements built per call would grow it forever
        found = compiled_cache[key] = (stmt, compiled, types)
    return found


def prepare(dialect: Dialect, stmt: Executable, params: dict[str, Any]) -> Prepared | None:
    """The SQL, arguments (positional or named, as the driver takes them) and result
    column types with which the driver itself can run `stmt`; None when only SQLAlchemy's
    execution can (expanding IN lists, defaults that are SQL or sequences, on-update
    defaults)."""
    _, compiled, types = compile_once(dialect, stmt, params)
    if compiled.post_compile_params or compiled.literal_execute_params or compiled.update_prefetch:
        return None
    values = compiled.construct_params(params) or {}
    for column in compiled.insert_prefetch:  # Python-side column defaults, as on execute
        value = _python_default(column.default)
        if value is _NO_DEFAULT:
            return None
        values[compiled._within_exec_param_key_getter(column)] = value
    # Typed parameters (dates, UTC times) as the database takes them.
    binds: dict[str, Any] = compiled._bind_processors  # type: ignore[assignment]
    if compiled.positiontup is not None:
        args: tuple[Any, ...] | dict[str, Any] = tuple(
            binds[n](values[n]) if n in binds else values[n] for n in compiled.positiontup
        )
    else:
        args = {n: binds[n](v) if n in binds else v for n, v in values.items()}
    return compiled.string, args, types


_NO_DEFAULT = object()


def _python_default(default: Any) -> Any:
    """A column's scalar or plain-callable default, or _NO_DEFAULT for any other kind."""
    if default is None:
        return None
    if default.is_scalar:
        return default.arg
    plain = getattr(default.arg, "__wrapped__", None) if default.is_callable else None
    if plain is not None:  # a no-argument callable, which SQLAlchemy wraps to take a context
        return plain()
    return _NO_DEFAULT  # one that reads the execution context: SQLAlchemy's execution runs it


def typed(rows: Any, types: Types, dialect: Dialect, codes: list[Any] | None = None) -> Rows:
    """Rows with SQLAlchemy's own result processing, so values come back typed the same on
    both databases (SQLite stores dates and times as text). `codes`: the driver's type of
    each column, where the dialect's processing depends on it."""
    if types is None:  # textual SQL: no column types to apply
        return [tuple(r) for r in rows]
    processors = [
        t._cached_result_processor(dialect, code)
        for t, code in zip(types, codes or [None] * len(types), strict=True)
    ]
    return [
        tuple(p(v) if p is not None else v for p, v in zip(processors, r, strict=True))
        for r in rows
    ]
