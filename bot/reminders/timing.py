"""Calendar rules, pure: certification cycles, working windows in the user's timezone.

Every function takes the moment as an argument (no clock inside), so tests can walk through
DST changes, leap days and far-flung timezones.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.catalog import Certification

DEFAULT_START = 9 * 60
DEFAULT_END = 18 * 60
WEEKDAYS = 0b0011111  # Monday..Friday; bit 0 is Monday
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
UTC = dt.UTC


def zone(name: str | None) -> ZoneInfo:
    """The named IANA zone, or UTC for a missing or unknown name."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo("UTC")


def is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


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


def local_midnight(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """The UTC moment a local calendar day begins."""
    return local_at(day, 0, tz)


def local_at(day: dt.date, minute: int, tz: ZoneInfo) -> dt.datetime:
    """Local wall-clock time to UTC.

    A time skipped by a spring-forward jump (02:30 when clocks go 02:00 → 03:00) lands an hour
    later (03:30), and a repeated one (fall back) takes its first occurrence: zoneinfo's fold=0.
    """
    if minute >= 24 * 60:
        return local_at(day + dt.timedelta(days=1), minute - 24 * 60, tz)
    naive = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
    return naive.replace(tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class Window:
    """When a person wants to hear from careerpath: days, and minutes from local midnight."""

    tz: ZoneInfo
    start: int = DEFAULT_START
    end: int = DEFAULT_END
    days: int = WEEKDAYS

    @classmethod
    def for_user(cls, tz_name: str | None, remind_minute: int | None, days: int) -> Window:
        start = DEFAULT_START if remind_minute is None else remind_minute
        end = max(DEFAULT_END, min(start + 60, 24 * 60))
        return cls(zone(tz_name), start, end, days or 0b1111111)

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
    minute %= 24 * 60
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
