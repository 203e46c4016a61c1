"""SQL-dialect helpers: the same statement on PostgreSQL and SQLite."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, any_, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection


def insert_for(conn: AsyncConnection):  # type: ignore[no-untyped-def]
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING on both our backends."""
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


def in_ids(column: Any, ids: Sequence[int], conn: AsyncConnection) -> Any:
    """`column IN ids`; on PostgreSQL as `= ANY(array)`, one parameter instead of thousands."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(list(ids))
