"""Moved to `bot.rules` (localtime, window, cycles). A re-export for modules not yet updated;
remove once nothing imports it."""

from __future__ import annotations

from bot.rules.cycles import add_years, cycle_end, month_end
from bot.rules.localtime import UTC, is_zone, local_at, local_midnight, zone
from bot.rules.window import (
    DAY_NAMES,
    DEFAULT_END,
    DEFAULT_START,
    WEEKDAYS,
    Window,
    hhmm,
    not_before,
    parse_hhmm,
)

__all__ = [
    "DAY_NAMES",
    "DEFAULT_END",
    "DEFAULT_START",
    "UTC",
    "WEEKDAYS",
    "Window",
    "add_years",
    "cycle_end",
    "hhmm",
    "is_zone",
    "local_at",
    "local_midnight",
    "month_end",
    "not_before",
    "parse_hhmm",
    "zone",
]
