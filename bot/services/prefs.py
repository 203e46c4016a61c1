"""Reminder preferences: on/off, time of day, snooze, vacation, timezone and working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db import Reads, fetch_on
from bot.models import Delivery, User, utcnow
from bot.reminders.timing import WEEKDAYS, Window

PREFS = select(
    User.tz,
    User.tz_override,
    User.reminders_on,
    User.remind_minute,
    User.work_days,
    User.snooze_until,
    User.vacation_until,
    User.paused_reason,
).where(User.team_id == bindparam("team"), User.slack_user_id == bindparam("user"))


@dataclass(frozen=True)
class Prefs:
    tz: str | None = None
    tz_override: str | None = None
    reminders_on: bool = True
    remind_minute: int | None = None
    work_days: int = WEEKDAYS
    snooze_until: dt.datetime | None = None
    vacation_until: dt.date | None = None
    paused_reason: str | None = None

    @property
    def zone_name(self) -> str | None:
        return self.tz_override or self.tz

    @property
    def window(self) -> Window:
        return Window.for_user(self.zone_name, self.remind_minute, self.work_days)


async def get(*, conn: Reads, team_id: str, user_id: str) -> Prefs:
    rows = await fetch_on(conn, PREFS, {"team": team_id, "user": user_id})
    if not rows:
        return Prefs()
    tz, override, on, minute, days, snooze, vacation, paused = rows[0]
    return Prefs(tz, override, bool(on), minute, int(days), snooze, vacation, paused)


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
