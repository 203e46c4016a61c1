"""Certification cycles, pure: when a cycle ends, which cycle a day falls in.

Dates only: a cycle begins and ends on the person's own calendar days, so no timezone moves
them. A certificate's printed "valid through" date, when known, is authoritative.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from bot.catalog import Certification

# A cycle ending within this many days (and not yet ended) is "due soon" wherever shown.
DUE_SOON_DAYS = 90


@dataclass(frozen=True)
class Held:
    """A certification someone holds: the day its recorded cycle began."""

    code: str
    cycle_start: dt.date
    valid_through: dt.date | None = None


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    target = day.year + years
    return day.replace(year=target, day=min(day.day, calendar.monthrange(target, day.month)[1]))


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def cycle_end(
    cert: Certification, start: dt.date, valid_through: dt.date | None = None
) -> dt.date | None:
    """The last day of the cycle that began on `start`: the certificate's own "valid through"
    date when known (it is authoritative), else by the content's rule for `cert`."""
    if valid_through is not None:
        return valid_through
    if not cert.cycle_years:
        return None
    end = add_years(start, cert.cycle_years)
    if cert.cycle_end == "end_of_month":
        return month_end(end)
    return end


def current_cycle(
    cert: Certification, held: Held, today: dt.date
) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the cycle `today` falls in (or the next one, once over)."""
    end = cycle_end(cert, held.cycle_start, held.valid_through)
    if end is None:
        return None
    start = held.cycle_start
    # A cycle already over: the next one, which began at the end of this one.
    while end < today:
        # The next cycle starts the day after this one ends (an entry dated on the end day
        # belongs to the cycle that ends then, not to both).
        start, end = end + dt.timedelta(days=1), cycle_end(cert, end) or end
        if end <= start:
            break
    return start, end


def due_soon(end: dt.date | None, today: dt.date, days: int = DUE_SOON_DAYS) -> bool:
    """The cycle ending on `end` ends within `days` from `today`, and has not ended yet."""
    return end is not None and today <= end <= today + dt.timedelta(days=days)
