"""Local time, pure: IANA zones, local wall-clock moments as UTC, and a person's today."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.UTC
DAY_MINUTES = 24 * 60


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


def today_for(zone_name: str | None, now: dt.datetime) -> dt.date:
    """The calendar day it is at `now` for someone in `zone_name` (UTC when unknown)."""
    return now.astimezone(zone(zone_name)).date()


def local_at(day: dt.date, minute: int, tz: ZoneInfo) -> dt.datetime:
    """Local wall-clock time to UTC.

    A time skipped by a spring-forward jump (02:30 when clocks go 02:00 → 03:00) lands an hour
    later (03:30), and a repeated one (fall back) takes its first occurrence: zoneinfo's fold=0.
    """
    if minute >= DAY_MINUTES:
        return local_at(day + dt.timedelta(days=1), minute - DAY_MINUTES, tz)
    naive = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
    return naive.replace(tzinfo=tz).astimezone(UTC)


def local_midnight(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """The UTC moment a local calendar day begins."""
    return local_at(day, 0, tz)


def week_moment(now: dt.datetime, day: int, minute: int, tz: ZoneInfo) -> dt.datetime:
    """This local week's `day` (0 = Monday) at `minute`, as a UTC moment."""
    local = now.astimezone(tz).date()
    target = local - dt.timedelta(days=local.weekday()) + dt.timedelta(days=day)
    return local_at(target, minute, tz)


class _Answer(Protocol):
    """A Web API answer (a dict, or slack_sdk's response, which reads like one)."""

    def get(self, key: str, default: Any = None) -> Any: ...


def slack_zone(info: _Answer) -> str | None:
    """The IANA zone in a `users.info` answer, or None when it has none we can use."""
    tz = (info.get("user") or {}).get("tz")
    return tz if isinstance(tz, str) and is_zone(tz) else None
