"""Where a learner stands, as a mentor sees it: steps, certifications due soon, CE pace.

Pure: a learner, the catalog and their today in; the values the mentee views show out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from bot.catalog import Catalog
from bot.rules.cycles import cycle_end
from bot.rules.pace import ce_pace
from bot.rules.person import Learner

DUE_WITHIN_DAYS = 90

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
    horizon = today + dt.timedelta(days=DUE_WITHIN_DAYS)
    due: list[tuple[str, dt.date]] = []
    paces: list[tuple[str, PaceState]] = []
    for held in learner.certs:
        cert = catalog.certification(held.code)
        if cert is None:
            continue
        end = cycle_end(cert, held.cycle_start, held.valid_through)
        if end is not None and today <= end <= horizon:
            due.append((cert.code, end))
        pace = ce_pace(cert, held, learner.ce, today)
        if pace is not None:
            state: PaceState = (
                "met"
                if pace.logged >= pace.required
                else ("behind" if pace.logged < pace.expected_now else "on pace")
            )
            paces.append((cert.code, state))
    return Standing(
        slack_user_id=learner.slack_user_id,
        steps_done=learner.steps_done,
        last_progress_at=learner.last_progress_at,
        due_soon=tuple(due),
        pace=tuple(paces),
    )
