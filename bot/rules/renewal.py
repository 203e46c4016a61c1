"""Renewal reminders, pure: the milestones before (and just after) a cycle's end."""

from __future__ import annotations

import datetime as dt

from bot.catalog import Certification

OVERDUE = "overdue"


def renewal_milestones(cert: Certification, end: dt.date) -> list[tuple[dt.date, str]]:
    """(day, label) of each renewal reminder for a cycle ending on `end`: the content's
    offsets before it (`d180`, `d90`, …), then `overdue` the day after."""
    if not cert.reminders:
        return []
    days = [(end - dt.timedelta(days=o), f"d{o}") for o in cert.reminder_offsets_days]
    return [*days, (end + dt.timedelta(days=1), OVERDUE)]


def latest_crossed(
    milestones: list[tuple[dt.date, str]], today: dt.date
) -> tuple[tuple[dt.date, str] | None, dt.date | None]:
    """The latest milestone on or before `today` (only that one: no burst of stale ones after
    downtime), and the day of the next one still to come."""
    crossed = [m for m in milestones if m[0] <= today]
    upcoming = [day for day, _ in milestones if day > today]
    return (max(crossed) if crossed else None), (min(upcoming) if upcoming else None)
