"""Reminder preferences: on/off, time of day, snooze, vacation, timezone and working days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import utcnow
from bot.db import Reads, fetch_on
from bot.models import Delivery, User
from bot.rules.person import Person
from bot.services.learners import person_columns, person_of

# A person's preferences are their users row: `Person` carries them (zone_name, window).
Prefs = Person

PREFS = select(*person_columns()).where(
    User.team_id == bindparam("team"), User.slack_user_id == bindparam("user")
)


async def get(*, conn: Reads, team_id: str, user_id: str) -> Person:
    """This person's row; the defaults (nothing stored yet) if they have never written."""
    rows = await fetch_on(conn, PREFS, {"team": team_id, "user": user_id})
    return person_of(rows[0]) if rows else Person(team_id=team_id, slack_user_id=user_id)


async def change(*, conn: AsyncConnection, user_row_id: int, **values: Any) -> None:
    """Update preferences; the sweep re-plans the user and re-times pending reminders."""
    await conn.execute(
        update(User).where(User.id == user_row_id).values(**values, next_check_at=utcnow())
    )
    if "reminders_on" in values and values["reminders_on"]:
        # Turning reminders back on also lifts a pause left by a delivery failure.
        await conn.execute(update(User).where(User.id == user_row_id).values(paused_reason=None))
    if values.get("reminders_on") is False:
        await conn.execute(
            update(Delivery)
            .where(Delivery.user_id == user_row_id, Delivery.state == "pending")
            .values(state="cancelled", error="reminders turned off")
        )


async def set_learned_zones(
    *, conn: AsyncConnection, zones: list[tuple[int, str]], now: dt.datetime
) -> None:
    """Store zones learned from Slack, for people whose zone is still unknown (one
    statement for the batch)."""
    if zones:
        await conn.execute(
            update(User)
            .where(User.id == bindparam("uid"), User.tz.is_(None))
            .values(tz=bindparam("zone"), tz_checked_at=now),
            [{"uid": uid, "zone": zone} for uid, zone in zones],
        )
