"""The working window: inside and outside, across timezones and DST, snooze and vacation."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.rules.localtime import local_midnight, zone
from bot.rules.window import Window, not_before, parse_hhmm

UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_window_inside_and_outside() -> None:
    w = Window(zone("America/Chicago"))
    wed_10 = utc(2026, 11, 25, 16)  # 10:00 in Chicago (CST, UTC−6), a Wednesday
    assert w.next_open(wed_10) == wed_10
    wed_19 = utc(2026, 11, 26, 1)  # 19:00 Wednesday in Chicago → Thursday 09:00
    assert w.next_open(wed_19) == utc(2026, 11, 26, 15)
    fri_18 = utc(2026, 11, 28, 0)  # 18:00 Friday: the window has just closed → Monday 09:00
    assert w.next_open(fri_18) == utc(2026, 11, 30, 15)


@pytest.mark.parametrize(
    ("name", "offset", "opens"),
    [
        # At 00:00 UTC on Tuesday 1 December 2026: inside the window where it is already
        # working hours (Monday afternoon in Honolulu, Tuesday afternoon in Kiritimati),
        # otherwise the next 09:00 local.
        ("Pacific/Honolulu", -10, utc(2026, 12, 1)),
        ("America/Anchorage", -9, utc(2026, 12, 1)),
        ("UTC", 0, utc(2026, 12, 1, 9)),
        ("Asia/Kolkata", 5.5, utc(2026, 12, 1, 3, 30)),
        ("Asia/Kathmandu", 5.75, utc(2026, 12, 1, 3, 15)),
        ("Pacific/Auckland", 13, utc(2026, 12, 1)),
        ("Pacific/Kiritimati", 14, utc(2026, 12, 1)),
    ],
)
def test_window_across_timezones(name: str, offset: float, opens: dt.datetime) -> None:
    w = Window(zone(name))
    at = utc(2026, 12, 1)
    assert at.astimezone(zone(name)).utcoffset() == dt.timedelta(hours=offset)
    assert w.next_open(at) == opens


def test_dst_spring_forward_and_fall_back() -> None:
    ny = zone("America/New_York")
    w = Window(ny)
    # Sunday 8 March 2026: clocks jump from 02:00 to 03:00; Monday opens at 09:00 EDT = 13:00 UTC.
    assert w.next_open(utc(2026, 3, 8, 12)) == utc(2026, 3, 9, 13)
    # The Friday before, 09:00 EST = 14:00 UTC.
    assert w.next_open(utc(2026, 3, 6, 6)) == utc(2026, 3, 6, 14)
    # Sunday 1 November 2026: back to EST; Monday 09:00 = 14:00 UTC.
    assert w.next_open(utc(2026, 11, 1, 12)) == utc(2026, 11, 2, 14)
    # A remind time inside the skipped hour (02:30 on the spring-forward day) maps after the gap.
    every_day = Window(ny, start=150, end=18 * 60, days=0b1111111)
    opened = every_day.next_open(utc(2026, 3, 8, 5))  # 00:00 EST on the 8th
    assert opened.astimezone(ny).hour == 3
    assert local_midnight(dt.date(2026, 3, 8), ny) == utc(2026, 3, 8, 5)
    assert local_midnight(dt.date(2026, 3, 9), ny) == utc(2026, 3, 9, 4)


def test_remind_time_and_timezone_change_move_the_window() -> None:
    at = utc(2026, 11, 25, 14, 0)  # Wednesday, 08:00 in Chicago
    chicago_default = Window.for_user("America/Chicago", None, 0b11111)
    assert chicago_default.next_open(at) == utc(2026, 11, 25, 15)  # 09:00 CST today
    chicago_late = Window.for_user("America/Chicago", 16 * 60, 0b11111)
    assert chicago_late.next_open(at) == utc(2026, 11, 25, 22)  # 16:00 today
    tokyo = Window.for_user("Asia/Tokyo", None, 0b11111)
    assert tokyo.next_open(at) == utc(2026, 11, 26, 0)  # 09:00 Thursday in Tokyo
    weekends = Window.for_user("UTC", None, 0b1100000)
    assert weekends.next_open(at) == utc(2026, 11, 28, 9)  # Saturday


def test_snooze_and_vacation_ending() -> None:
    tz = zone("Europe/Berlin")
    now = utc(2026, 11, 25, 10)
    assert not_before(now, None, None, tz) == now
    assert not_before(now, utc(2026, 12, 2, 10), None, tz) == utc(2026, 12, 2, 10)
    assert not_before(now, utc(2026, 11, 20), None, tz) == now  # a past snooze does nothing
    # Vacation until the 4th: back at local midnight of the 5th (23:00 UTC on the 4th).
    assert not_before(now, None, dt.date(2026, 12, 4), tz) == utc(2026, 12, 4, 23)
    back = Window(tz).next_open(not_before(now, None, dt.date(2026, 12, 4), tz))
    assert back == utc(2026, 12, 7, 8)  # Saturday 5th → Monday 7th 09:00 CET


def test_parse_hhmm() -> None:
    assert parse_hhmm("08:30") == 510
    assert parse_hhmm("9:05") == 545
    for bad in ("24:00", "8", "8:5", "aa:bb", "08:60", "-1:00", "８:３０"):
        assert parse_hhmm(bad) is None
