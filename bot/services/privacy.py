"""A person's own data: everything we hold about them, and deleting all of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.models import Base, User, installations_table
from bot.services.progress import find_user_id


def _about_user() -> list[tuple[Table, list[str]]]:
    """Every table with a foreign key to users, and those columns (read from the metadata,
    so a new table that refers to users is exported and deleted without more code)."""
    found = []
    for table in Base.metadata.sorted_tables:
        cols = [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == "users"]
        if cols:
            found.append((table, cols))
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


async def export(*, conn: AsyncConnection, team_id: str, user_id: str) -> dict[str, Any] | None:
    """Every row about the person, table by table, as plain JSON-ready values."""
    uid = await find_user_id(conn=conn, team_id=team_id, user_id=user_id)
    if uid is None:
        return None
    data: dict[str, Any] = {}
    user = (await conn.execute(select(User.__table__).where(User.id == uid))).mappings().one()
    data["users"] = [{k: _plain(v) for k, v in user.items()}]
    for table, cols in _about_user():
        rows: list[dict[str, Any]] = []
        for col in cols:
            result = await conn.execute(select(table).where(table.c[col] == uid))
            rows.extend({k: _plain(v) for k, v in r.items()} for r in result.mappings())
        if rows:
            data[table.name] = rows
    installs = (
        (
            await conn.execute(
                select(installations_table).where(
                    installations_table.c.team_id == team_id,
                    installations_table.c.user_id == user_id,
                )
            )
        )
        .mappings()
        .all()
    )
    if installs:
        data["slack_installations"] = [
            {k: _plain(v) for k, v in r.items() if "token" not in k} for r in installs
        ]
    return data


async def forget(*, conn: AsyncConnection, team_id: str, user_id: str) -> bool:
    """Delete the person's row; every row about them goes with it (ON DELETE CASCADE:
    progress, history, certifications, CE, ledger, mentorships both ways, memberships)."""
    uid = await find_user_id(conn=conn, team_id=team_id, user_id=user_id)
    if uid is None:
        return False
    # The installation they made, if any (the workspace's bot token lives on in slack_bots).
    await conn.execute(
        delete(installations_table).where(
            installations_table.c.team_id == team_id, installations_table.c.user_id == user_id
        )
    )
    result = await conn.execute(delete(User).where(User.id == uid))
    return bool(result.rowcount)
