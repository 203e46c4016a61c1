"""A person's today, and local moments across zones and DST."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.rules.localtime import is_zone, local_at, today_for, week_moment, zone
from bot.rules.person import Person
from bot.rules.window import DEFAULT_START, WEEKDAYS

UTC = dt.UTC


@pytest.mark.parametrize(
    ("name", "today"),
    [
        # 23:30 UTC on Tuesday 1 December 2026.
        ("Pacific/Honolulu", dt.date(2026, 12, 1)),
        ("UTC", dt.date(2026, 12, 1)),
        ("Europe/London", dt.date(2026, 12, 1)),
        ("Europe/Berlin", dt.date(2026, 12, 2)),
        ("Asia/Kolkata", dt.date(2026, 12, 2)),
        ("Pacific/Kiritimati", dt.date(2026, 12, 2)),
        (None, dt.date(2026, 12, 1)),
        ("Not/AZone", dt.date(2026, 12, 1)),
    ],
)
def test_today_for_across_zones(name: str | None, today: dt.date) -> None:
    assert today_for(name, dt.datetime(2026, 12, 1, 23, 30, tzinfo=UTC)) == today


def test_unknown_zones_are_utc() -> None:
    assert zone(None).key == zone("Mars/Olympus").key == "UTC"
    assert is_zone("Asia/Kathmandu") and not is_zone("Mars/Olympus") and not is_zone("")


def test_local_at_past_midnight_and_over_dst() -> None:
    ny = zone("America/New_York")
    # 24:30 is 00:30 the next day.
    assert local_at(dt.date(2026, 11, 25), 24 * 60 + 30, ny) == dt.datetime(
        2026, 11, 26, 5, 30, tzinfo=UTC
    )
    # Fall back: 01:30 happens twice; the first (EDT) is taken.
    assert local_at(dt.date(2026, 11, 1), 90, ny) == dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_week_moment_keeps_local_time_across_dst() -> None:
    berlin = zone("Europe/Berlin")
    # Monday 09:00 in the week of 25 October 2026 (CEST until the 25th) and the week after.
    before = week_moment(dt.datetime(2026, 10, 21, tzinfo=UTC), 0, 9 * 60, berlin)
    after = week_moment(dt.datetime(2026, 10, 28, tzinfo=UTC), 0, 9 * 60, berlin)
    assert before == dt.datetime(2026, 10, 19, 7, tzinfo=UTC)
    assert after == dt.datetime(2026, 10, 26, 8, tzinfo=UTC)


def test_person_defaults_and_zone() -> None:
    p = Person(1, "T1", "U1", tz="Asia/Tokyo")
    assert p.work_days == WEEKDAYS and p.window.start == DEFAULT_START
    assert p.zone_name == "Asia/Tokyo"
    assert Person(tz="Asia/Tokyo", tz_override="Europe/Paris").zone_name == "Europe/Paris"
    assert p.digest_at == (0, DEFAULT_START)
    assert Person(remind_minute=600, digest_day=4).digest_at == (4, 600)
    assert Person(remind_minute=600, digest_minute=420).digest_at == (0, 420)
    now = dt.datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    assert p.today(now) == dt.date(2026, 12, 2)
    # Tuesday 08:30 in Tokyo: the window opens at 09:00 local.
    assert p.earliest(now) == dt.datetime(2026, 12, 2, 0, tzinfo=UTC)
