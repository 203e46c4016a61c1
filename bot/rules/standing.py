"""Where a learner stands, as a mentor sees it: steps, certifications due soon, CE pace.

Pure: a learner, the catalog and their today in; the values the mentee views show out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from bot.catalog import Catalog
from bot.rules.pace import CePace, outlook
from bot.rules.person import Learner

PaceState = Literal["met", "behind", "on pace"]


@dataclass(frozen=True)
class Standing:
    """One mentee: steps done, last progress, cycles ending within 90 days, CE pace."""

    slack_user_id: str
    steps_done: int
    last_progress_at: dt.datetime | None
    due_soon: tuple[tuple[str, dt.date], ...] = ()  # (certification code, cycle end)
    pace: tuple[tuple[str, PaceState], ...] = ()  # (certification code, state)


def standing(catalog: Catalog, learner: Learner, today: dt.date) -> Standing:
    """`learner` on `today`: certifications unknown to the catalog are left out."""
    due, paces = outlook(catalog, learner.certs, learner.ce, today)
    return Standing(
        slack_user_id=learner.slack_user_id,
        steps_done=learner.steps_done,
        last_progress_at=learner.last_progress_at,
        due_soon=tuple(due),
        pace=tuple((pace.code, pace_state(pace)) for pace in paces),
    )


def pace_state(pace: CePace) -> PaceState:
    if pace.logged >= pace.required:
        return "met"
    return "behind" if pace.logged < pace.expected_now else "on pace"
