"""`fetch_on` inside a transaction sends a statement straight to the driver (on SQLite in one
trip); what it writes and returns, and the errors it raises, must be exactly what
SQLAlchemy's own execution would give."""

from __future__ import annotations

import datetime as dt
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.db import Database, fetch_on
from bot.models import CeEntry, User, Workspace
from bot.sql import in_ids, insert_for

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


async def test_the_driver_path_writes_what_sqlalchemy_writes(db_url: str) -> None:
    """Python-side defaults (a callable and scalars), typed parameters (a UTC time) and
    RETURNING come out the same by both paths, on both databases."""
    db = Database(db_url)
    try:
        async with db.transaction() as conn:
            new_user = (
                insert_for(conn)(User)
                .values(team_id=bindparam("team"), slack_user_id=bindparam("user"))
                .on_conflict_do_nothing()
                .returning(User.id, User.created_at)
            )
            await conn.execute(insert(Workspace).values(team_id="T1"))
            seen = counting_trips(db)
            try:
                fast = await fetch_on(conn, new_user, {"team": "T1", "user": "UFAST"})
            finally:
                restore(db)
            slow = (await conn.execute(new_user, {"team": "T1", "user": "USLOW"})).all()
            again = await fetch_on(conn, new_user, {"team": "T1", "user": "UFAST"})
        if db.sqlite:
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


async def test_typed_values_round_trip_and_fall_back_where_needed(db_url: str) -> None:
    db = Database(db_url)
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


async def test_a_rolled_back_transaction_keeps_nothing_written_on_the_driver_path(
    db_url: str,
) -> None:
    db = Database(db_url)
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


async def test_driver_errors_are_sqlalchemys_errors(db_url: str) -> None:
    """A duplicate is an IntegrityError (cohort creation catches it), and any other refusal
    is the same SQLAlchemy error `conn.execute` raises (the error handler reads those)."""
    db = Database(db_url)
    missing = text("SELECT * FROM no_such_table")
    try:
        with pytest.raises(IntegrityError):
            async with db.transaction() as conn:
                await fetch_on(conn, insert(Workspace).values(team_id="TDUP"), {})
                await fetch_on(conn, insert(Workspace).values(team_id="TDUP"), {})
        with pytest.raises(DBAPIError) as by_driver:
            async with db.transaction() as conn:
                await fetch_on(conn, select(Workspace.id), {})  # begun
                await fetch_on(conn, missing, {})
        with pytest.raises(DBAPIError) as by_sqlalchemy:
            async with db.transaction() as conn:
                await conn.execute(missing)
        assert type(by_driver.value) is type(by_sqlalchemy.value)
        assert type(by_driver.value.orig) is type(by_sqlalchemy.value.orig)
    finally:
        await db.dispose()


async def test_a_write_sets_the_columns_its_parameters_name(db_url: str) -> None:
    """As with `conn.execute`, a parameter named after a column of the written table sets it
    (the statement is compiled for the names it is given)."""
    db = Database(db_url)
    rename = (
        update(Workspace).values(team_id=bindparam("new")).where(Workspace.id == bindparam("wid"))
    )
    try:
        async with db.transaction() as conn:
            wid = (
                await fetch_on(
                    conn, insert(Workspace).values(team_id="TOLD").returning(Workspace.id), {}
                )
            )[0][0]
            await fetch_on(conn, rename, {"new": "TNEW", "wid": wid, "uninstalled_at": AT})
        assert await db.fetch(select(Workspace.team_id, Workspace.uninstalled_at), {}) == [
            ("TNEW", AT)
        ]
    finally:
        await db.dispose()


async def test_a_default_that_reads_the_context_is_left_to_sqlalchemy(db_url: str) -> None:
    metadata = MetaData()
    table = Table(
        "scratch_defaults",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("name", String(20)),
        Column(
            "shout", String(20), default=lambda ctx: ctx.get_current_parameters()["name"].upper()
        ),
    )
    db = Database(db_url)
    try:
        async with db.transaction() as conn:
            await conn.run_sync(metadata.create_all)
            await fetch_on(conn, insert(table), {"name": "quiet"})
            await fetch_on(conn, insert(table), {"name": "calm"})
        rows = await db.fetch(select(table.c.name, table.c.shout).order_by(table.c.id), {})
        assert rows == [("quiet", "QUIET"), ("calm", "CALM")]
    finally:
        async with db.transaction() as conn:
            await conn.run_sync(metadata.drop_all)
        await db.dispose()


async def test_a_refused_read_outside_a_unit_of_work_is_sqlalchemys_error(db_url: str) -> None:
    """SQLite's fast reader too: "database is locked" must read as "temporarily unavailable"."""
    db = Database(db_url)
    try:
        with pytest.raises(DBAPIError):
            await db.fetch(text("SELECT * FROM no_such_table"), {})
    finally:
        await db.dispose()
