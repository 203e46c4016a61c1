"""Stalled progress, pure: no step change for two weeks, said at most three times."""

from __future__ import annotations

import datetime as dt

STALL_DAYS = 14
STALL_REPEATS = 3


def stalls(last_progress_at: dt.datetime, now: dt.datetime) -> int:
    """How many whole stall periods have passed since the last step change (capped)."""
    return min((now - last_progress_at).days // STALL_DAYS, STALL_REPEATS)


def stall_at(last_progress_at: dt.datetime, n: int) -> dt.datetime:
    """The moment the `n`th stall period ends."""
    return last_progress_at + dt.timedelta(days=STALL_DAYS * n)


def is_stalled(
    last_progress_at: dt.datetime | None, steps_done: int, step_count: int, now: dt.datetime
) -> bool:
    """Not finished, and no step change for `STALL_DAYS` (or none ever)."""
    if steps_done >= step_count:
        return False
    return last_progress_at is None or now - last_progress_at >= dt.timedelta(days=STALL_DAYS)
