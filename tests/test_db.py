"""`fetch_on` inside a SQLite transaction sends a statement straight to the driver in one trip;
what it writes and returns must be exactly what SQLAlchemy's own execution would."""

from __future__ import annotations

import datetime as dt
from typing import Any

import aiosqlite
from sqlalchemy import bindparam, insert, select
from sqlalchemy.dialects import sqlite

from bot.db import Database, fetch_on
from bot.models import CeEntry, User, Workspace
from bot.sql import in_ids

AT = dt.datetime(2028, 2, 29, 23, 30, tzinfo=dt.UTC)


def counting_trips(db: Database) -> list[str]:
    """Every statement that reaches aiosqlite's thread from here on (SQLAlchemy's execution
    comes through `execute`; the one-trip path through `execute_fetchall`)."""
    seen: list[str] = []
    plain, fetchall = aiosqlite.Connection.execute, aiosqlite.Connection.execute_fetchall

    async def execute(self: aiosqlite.Connection, sql: str, *args: Any) -> Any:
        seen.append("execute")
        return await plain(self, sql, *args)

    async def execute_fetchall(self: aiosqlite.Connection, sql: str, *args: Any) -> Any:
        seen.append("fetchall")
        return await fetchall(self, sql, *args)

    db._restore = (plain, fetchall)  # type: ignore[attr-defined]
    aiosqlite.Connection.execute = execute  # type: ignore[method-assign]
    aiosqlite.Connection.execute_fetchall = execute_fetchall  # type: ignore[method-assign]
    return seen


def restore(db: Database) -> None:
    plain, fetchall = db._restore  # type: ignore[attr-defined]
    aiosqlite.Connection.execute = plain  # type: ignore[method-assign]
    aiosqlite.Connection.execute_fetchall = fetchall  # type: ignore[method-assign]


async def test_one_trip_writes_what_sqlalchemy_writes(sqlite_url: str) -> None:
    """Python-side defaults (a callable and scalars), typed parameters (a UTC time) and
    RETURNING come out the same by both paths."""
    db = Database(sqlite_url)
    new_user = (
        sqlite.insert(User)
        .values(team_id=bindparam("team"), slack_user_id=bindparam("user"))
        .on_conflict_do_nothing()
        .returning(User.id, User.created_at)
    )
    try:
        async with db.transaction() as conn:
            await conn.execute(insert(Workspace).values(team_id="T1"))
            seen = counting_trips(db)
            try:
                fast = await fetch_on(conn, new_user, {"team": "T1", "user": "UFAST"})
            finally:
                restore(db)
            slow = (await conn.execute(new_user, {"team": "T1", "user": "USLOW"})).all()
            again = await fetch_on(conn, new_user, {"team": "T1", "user": "UFAST"})
        assert seen == ["fetchall"]  # one trip
        assert again == []  # ON CONFLICT DO NOTHING: no row, nothing returned
        assert isinstance(fast[0][1], dt.datetime) and fast[0][1].tzinfo is not None
        assert isinstance(slow[0][1], dt.datetime)
        columns = [c for c in User.__table__.c if c.name not in ("id", "slack_user_id")]
        rows = await db.fetch(select(User.slack_user_id, *columns).order_by(User.slack_user_id), {})
        by_path = {r[0]: r[1:] for r in rows}
        skip = [i for i, c in enumerate(columns) if c.name == "created_at"]
        same = [[v for i, v in enumerate(by_path[u]) if i not in skip] for u in ("UFAST", "USLOW")]
        assert same[0] == same[1]  # reminders_on, work_days, digest_day, digest_off, ...
        assert by_path["UFAST"][skip[0]] is not None
    finally:
        await db.dispose()


async def test_typed_values_round_trip_and_fall_back_where_needed(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    try:
        async with db.transaction() as conn:
            await conn.execute(insert(Workspace).values(team_id="T1"))
            uid = (
                await fetch_on(
                    conn,
                    insert(User).values(team_id="T1", slack_user_id="U1").returning(User.id),
                    {},
                )
            )[0][0]
            await fetch_on(
                conn,
                insert(CeEntry).values(
                    user_id=uid, hours=1.5, title="R&D <intro>", taken_on=AT.date(), created_at=AT
                ),
                {},
            )
            rows = await fetch_on(
                conn, select(CeEntry.hours, CeEntry.title, CeEntry.taken_on, CeEntry.created_at), {}
            )
            # An expanding IN list needs SQLAlchemy's execution: it falls back, same answer.
            listed = await fetch_on(
                conn, select(User.id).where(in_ids(User.id, [uid, 999], conn)), {}
            )
        assert rows == [(1.5, "R&D <intro>", AT.date(), AT)]
        assert listed == [(uid,)]
    finally:
        await db.dispose()


async def test_a_rolled_back_transaction_keeps_nothing_written_in_one_trip(
    sqlite_url: str,
) -> None:
    db = Database(sqlite_url)
    try:
        try:
            async with db.transaction() as conn:
                await fetch_on(conn, insert(Workspace).values(team_id="TGONE"), {})
                raise RuntimeError("the unit of work failed")
        except RuntimeError:
            pass
        assert await db.fetch(select(Workspace.team_id), {}) == []
    finally:
        await db.dispose()
