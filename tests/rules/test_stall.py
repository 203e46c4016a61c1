"""Stalled progress: two weeks without a step change, said at most three times."""

from __future__ import annotations

import datetime as dt

from bot.rules.stall import STALL_DAYS, STALL_REPEATS, is_stalled, stall_at, stalls

LAST = dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC)


def test_stalls_count_whole_periods_and_stop() -> None:
    assert stalls(LAST, LAST + dt.timedelta(days=13, hours=23)) == 0
    assert stalls(LAST, LAST + dt.timedelta(days=STALL_DAYS)) == 1
    assert stalls(LAST, LAST + dt.timedelta(days=2 * STALL_DAYS + 1)) == 2
    assert stalls(LAST, LAST + dt.timedelta(days=365)) == STALL_REPEATS
    assert stall_at(LAST, 2) == LAST + dt.timedelta(days=28)


def test_is_stalled() -> None:
    now = LAST + dt.timedelta(days=STALL_DAYS)
    assert is_stalled(LAST, 3, 10, now)
    assert not is_stalled(LAST, 3, 10, now - dt.timedelta(seconds=1))
    assert not is_stalled(LAST, 10, 10, now)  # finished: never stalled
    assert is_stalled(None, 0, 10, now)  # never started
