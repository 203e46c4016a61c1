"""A snooze or a vacation counts only while it holds."""

from __future__ import annotations

import datetime as dt

from bot.rules.quiet import active_snooze, active_vacation

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


def test_a_snooze_holds_until_its_moment() -> None:
    later = NOW + dt.timedelta(minutes=1)
    assert active_snooze(later, NOW) == later
    assert active_snooze(NOW, NOW) is None
    assert active_snooze(None, NOW) is None


def test_a_vacation_holds_through_its_last_day() -> None:
    today = NOW.date()
    assert active_vacation(today, today) == today
    assert active_vacation(today - dt.timedelta(days=1), today) is None
    assert active_vacation(None, today) is None
