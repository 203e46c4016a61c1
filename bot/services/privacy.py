"""A person's own data: everything we hold about them, and deleting all of it."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db import Database
from bot.models import User
from bot.services.progress import find_user_id


async def forget(*, conn: AsyncConnection, db: Database, team_id: str, user_id: str) -> bool:
    """Delete the person's row; every row about them goes with it (ON DELETE CASCADE:
    progress, history, certifications, CE, ledger, mentorships both ways, memberships)."""
    uid = await find_user_id(db=db, team_id=team_id, user_id=user_id)
    if uid is None:
        return False
    result = await conn.execute(delete(User).where(User.id == uid))
    return bool(result.rowcount)
