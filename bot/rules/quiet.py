"""When reminders are held back on purpose: a snooze until a moment, a vacation until a day.

Pure: the stored value and the current moment (or day) in, the value still in force out.
"""

from __future__ import annotations

import datetime as dt


def active_snooze(until: dt.datetime | None, now: dt.datetime) -> dt.datetime | None:
    """`until` while the snooze still holds at `now`, else None."""
    return until if until is not None and until > now else None


def active_vacation(until: dt.date | None, today: dt.date) -> dt.date | None:
    """`until` while the vacation still holds on `today` (its last day included), else None."""
    return until if until is not None and until >= today else None
