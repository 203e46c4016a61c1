"""The App Home: a welcome until something is recorded, then a dashboard within 100 blocks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from slack_sdk.models.views import View

from bot.catalog import Catalog
from bot.rules.standing import Standing
from bot.views.home import HomeData, home_view
from tests.utils import all_text, check_limits


def _data(**kw: Any) -> HomeData:
    base: dict[str, Any] = dict(
        done=frozenset({1}),
        next_step=2,
        held=(),
        reminders_on=True,
        window="09:00–17:00 Mon–Fri",
        snooze_until=None,
        vacation_until=None,
        paused=None,
        mentees=(),
        cohorts=(),
        mentors=(),
    )
    return HomeData(**{**base, **kw})


def _block_ids(view: dict[str, Any]) -> list[str]:
    return [b["block_id"] for b in view["blocks"] if "block_id" in b]


def test_a_fresh_person_gets_the_welcome(catalog: Catalog) -> None:
    view = home_view(catalog, _data(done=frozenset(), next_step=1))
    assert view["type"] == "home"
    assert _block_ids(view) == ["home_welcome"]
    assert View(**view).to_dict() == view


def test_the_dashboard_shows_what_it_is_given(catalog: Catalog) -> None:
    until = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    view = home_view(
        catalog,
        _data(snooze_until=until, vacation_until=dt.date(2026, 12, 24), owned_cohorts=((7, "A"),)),
    )
    assert _block_ids(view) == ["home_next", "home_certs", "home_remind", "home_reports"]
    text = all_text(view)
    assert f"<!date^{int(until.timestamp())}^" in text and "Thu 24 Dec 2026" in text
    [report] = [b for b in view["blocks"] if b.get("block_id") == "home_reports"]
    assert [(e["action_id"], e["value"]) for e in report["elements"]] == [("cohort_report_0", "7")]
    assert View(**view).to_dict() == view


def test_a_snooze_or_vacation_not_given_is_not_shown(catalog: Catalog) -> None:
    text = all_text(home_view(catalog, _data()))
    assert "Snoozed" not in text and "vacation" not in text


def test_the_home_stays_within_100_blocks_whatever_the_data(catalog: Catalog) -> None:
    mentees = tuple(
        Standing(f"U{n:04d}", n % 11, None, due_soon=(("CCM", dt.date(2027, 1, 1)),))
        for n in range(500)
    )
    view = home_view(
        catalog,
        _data(
            done=frozenset(range(1, 11)),
            next_step=None,
            mentees=mentees,
            cohorts=tuple(f"Cohort {i}" for i in range(50)),
            mentors=tuple(f"UM{i}" for i in range(50)),
            owned_cohorts=tuple((i, f"C{i}") for i in range(50)),
        ),
    )
    check_limits(view)
    assert "Mentees (500)" in all_text(view)
