"""A mentee's standing: cycles ending within 90 days and CE pace, from the rules."""

from __future__ import annotations

import datetime as dt

from bot.catalog import Catalog
from bot.rules.cycles import Held
from bot.rules.pace import CeLog
from bot.rules.person import Learner
from bot.rules.standing import standing

TODAY = dt.date(2026, 11, 25)


def _learner(*certs: Held, ce: tuple[CeLog, ...] = ()) -> Learner:
    return Learner(user_id=1, team_id="T1", slack_user_id="U1", steps_done=4, certs=certs, ce=ce)


def test_a_cycle_ending_within_90_days_is_due_soon(catalog: Catalog) -> None:
    ends_soon = Held("CCM", dt.date(2022, 1, 10))  # ends 2027-01-10
    s = standing(catalog, _learner(ends_soon), TODAY)
    assert s.due_soon == (("CCM", dt.date(2027, 1, 10)),)
    assert s.slack_user_id == "U1" and s.steps_done == 4


def test_pace_is_behind_on_pace_or_met(catalog: Catalog) -> None:
    held = Held("CCM", dt.date(2025, 1, 10))
    assert standing(catalog, _learner(held), TODAY).pace == (("CCM", "behind"),)
    plenty = (CeLog(None, 1000.0, False, dt.date(2026, 1, 1)),)
    assert standing(catalog, _learner(held, ce=plenty), TODAY).pace == (("CCM", "met"),)
    fresh = Held("CCM", TODAY)
    assert standing(catalog, _learner(fresh), TODAY).pace == (("CCM", "on pace"),)


def test_unknown_certifications_are_left_out(catalog: Catalog) -> None:
    s = standing(catalog, _learner(Held("NOPE", dt.date(2025, 1, 1))), TODAY)
    assert s.due_soon == () and s.pace == ()
