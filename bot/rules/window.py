"""The working window, pure: when a person wants to hear from careerpath.

09:00–18:00, Monday to Friday, unless they chose otherwise: defined here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.rules.localtime import DAY_MINUTES, local_at, local_midnight, zone

DEFAULT_START = 9 * 60
DEFAULT_END = 18 * 60
WEEKDAYS = 0b0011111  # Monday..Friday; bit 0 is Monday
EVERY_DAY = 0b1111111
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def start_minute(remind_minute: int | None) -> int:
    """The minute the window opens: the person's own, else 09:00."""
    return DEFAULT_START if remind_minute is None else remind_minute


@dataclass(frozen=True)
class Window:
    """Days, and minutes from local midnight, in one timezone."""

    tz: ZoneInfo
    start: int = DEFAULT_START
    end: int = DEFAULT_END
    days: int = WEEKDAYS

    @classmethod
    def for_user(cls, tz_name: str | None, remind_minute: int | None, days: int) -> Window:
        start = start_minute(remind_minute)
        end = max(DEFAULT_END, min(start + 60, DAY_MINUTES))
        return cls(zone(tz_name), start, end, days or EVERY_DAY)

    def next_open(self, at: dt.datetime) -> dt.datetime:
        """`at` if it falls inside the window, else the next moment the window opens."""
        local = at.astimezone(self.tz)
        for offset in range(0, 15):
            day = local.date() + dt.timedelta(days=offset)
            if not self.days & (1 << day.weekday()):
                continue
            opens, closes = local_at(day, self.start, self.tz), local_at(day, self.end, self.tz)
            if at < opens:
                return opens
            if at < closes:
                return at
        return at  # unreachable with at least one day set

    def describe(self) -> str:
        days = [DAY_NAMES[i] for i in range(7) if self.days & (1 << i)]
        span = "Mon–Fri" if self.days == WEEKDAYS else ", ".join(days)
        return f"{span}, {hhmm(self.start)}–{hhmm(self.end)} ({self.tz.key})"


def hhmm(minute: int) -> str:
    minute %= DAY_MINUTES
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_hhmm(text: str) -> int | None:
    """'9:30' or '09:30' -> minutes after midnight; anything else -> None."""
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    h, m = int(parts[0]), int(parts[1])
    if 0 <= h < 24 and 0 <= m < 60 and len(parts[1]) == 2:
        return h * 60 + m
    return None


def not_before(
    now: dt.datetime,
    snooze_until: dt.datetime | None,
    vacation_until: dt.date | None,
    tz: ZoneInfo,
) -> dt.datetime:
    """The earliest moment reminders may go out, given snooze and vacation."""
    earliest = now
    if snooze_until is not None and snooze_until > earliest:
        earliest = snooze_until
    if vacation_until is not None:
        back = local_midnight(vacation_until + dt.timedelta(days=1), tz)
        if back > earliest:
            earliest = back
    return earliest


def next_weekly(day: int, minute: int, tz_name: str | None, after: dt.datetime) -> dt.datetime:
    """The first `day` (0 = Monday) at `minute`, local to `tz_name`, strictly after `after`."""
    window = Window(zone(tz_name), start=minute, end=min(minute + 1, DAY_MINUTES), days=1 << day)
    return window.next_open(after + dt.timedelta(minutes=1))
