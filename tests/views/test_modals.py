"""Modals: slack_sdk views whose ids are what the submission handlers read back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from slack_sdk.models.views import View

from bot.catalog import Catalog
from bot.views.modals import CE_TITLE_MAX, ce_modal, cert_modal, remind_modal
from tests.utils import check_limits

TODAY = dt.date(2026, 11, 25)


def _ids(view: dict[str, Any]) -> list[tuple[str, str]]:
    return [(b["block_id"], b["element"]["action_id"]) for b in view["blocks"]]


def _element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    [element] = [b["element"] for b in view["blocks"] if b["block_id"] == block_id]
    return element


def _round_trip(view: dict[str, Any]) -> None:
    """What Slack receives parses back into slack_sdk's model unchanged."""
    parsed = View(**view)
    parsed.validate_json()
    assert parsed.to_dict() == view
    check_limits(view)


def test_log_ce_modal(catalog: Catalog) -> None:
    view = ce_modal(catalog, ["CCM"], TODAY, "CCM", "A course " * 40)
    _round_trip(view)
    assert view["callback_id"] == "ce_log" and view["type"] == "modal"
    assert _ids(view) == [
        ("hours", "hours_input"),
        ("title", "title_input"),
        ("cert", "cert_select"),
        ("ethics", "ethics_input"),
        ("taken_on", "date_input"),
    ]
    assert len(_element(view, "title")["initial_value"]) == CE_TITLE_MAX
    assert _element(view, "cert")["initial_option"]["value"] == "CCM"
    assert _element(view, "taken_on")["initial_date"] == "2026-11-25"
    assert [b["optional"] for b in view["blocks"]] == [False, False, True, True, False]


def test_log_ce_modal_without_prefill_offers_every_certification(catalog: Catalog) -> None:
    view = ce_modal(catalog, [], TODAY, "NOPE")
    _round_trip(view)
    codes = [o["value"] for o in _element(view, "cert")["options"]]
    assert codes == [c.code for c in catalog.certifications.certifications]
    assert "initial_option" not in _element(view, "cert")
    assert "initial_value" not in _element(view, "title")


@pytest.mark.parametrize("code", [None, "CCM"])
def test_cert_modal(catalog: Catalog, code: str | None) -> None:
    view = cert_modal(catalog, TODAY, code)
    _round_trip(view)
    assert view["callback_id"] == "cert_add"
    assert _ids(view) == [
        ("cert", "cert_select"),
        ("since", "date_input"),
        ("valid_through", "date_input"),
    ]
    select = _element(view, "cert")
    assert select.get("initial_option", {}).get("value") == code
    assert "initial_date" not in _element(view, "valid_through")


def test_remind_modal_shows_the_days_time_and_zone_it_is_given() -> None:
    view = remind_modal(None, 0b1000001, "America/Argentina/ComodRivadavia")
    _round_trip(view)
    assert view["callback_id"] == "remind_settings"
    assert _ids(view) == [("time", "time_input"), ("days", "days_input"), ("tz", "tz_input")]
    assert _element(view, "time")["initial_time"] == "09:00"
    assert [o["value"] for o in _element(view, "days")["initial_options"]] == ["0", "6"]
    assert _element(view, "tz")["initial_option"]["value"] == "America/Argentina/ComodRivadavia"
    bare = remind_modal(17 * 60 + 5, 0, None)
    assert _element(bare, "time")["initial_time"] == "17:05"
    assert "initial_options" not in _element(bare, "days")
    assert "initial_option" not in _element(bare, "tz")
