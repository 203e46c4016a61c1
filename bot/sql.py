"""SQL-dialect helpers: the same statement on PostgreSQL and SQLite."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Integer, any_, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

T = TypeVar("T")


def insert_for(conn: AsyncConnection):  # type: ignore[no-untyped-def]
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING on both our backends."""
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


def per_dialect(build: Callable[[Any], T]) -> Callable[[AsyncConnection], T]:
    """A statement built once per dialect from the dialect's INSERT (`insert_for`): hot
    writes that need ON CONFLICT DO NOTHING would otherwise build it on every call, which
    costs more CPU than running it."""
    built: dict[str, T] = {}

    def for_conn(conn: AsyncConnection) -> T:
        name = conn.dialect.name
        if name not in built:
            built[name] = build(insert_for(conn))
        return built[name]

    return for_conn


def in_ids(column: Any, ids: Sequence[int], conn: AsyncConnection) -> Any:
    """`column IN ids`; on PostgreSQL as `= ANY(array)`, one parameter instead of thousands."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(list(ids))
