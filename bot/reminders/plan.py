"""Moved to `bot.rules` (plan, person, cycles, pace, stall). A re-export for modules not yet
updated; remove once nothing imports it."""

from __future__ import annotations

from bot.rules.cycles import Held, current_cycle
from bot.rules.localtime import week_moment
from bot.rules.pace import CeLog, CePace, ce_pace, ce_since
from bot.rules.person import Learner
from bot.rules.plan import Due, Plan, plan
from bot.rules.stall import STALL_DAYS, STALL_REPEATS

__all__ = [
    "STALL_DAYS",
    "STALL_REPEATS",
    "CeLog",
    "CePace",
    "Due",
    "Held",
    "Learner",
    "Plan",
    "ce_pace",
    "ce_since",
    "current_cycle",
    "plan",
    "week_moment",
]
