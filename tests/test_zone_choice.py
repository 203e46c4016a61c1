"""The reminder modal's timezone field: type-ahead over IANA zones, the Slack zone first."""

from __future__ import annotations

import json
from typing import Any

from bot import notify
from bot.signing import suggestion_body
from bot.zone_choice import AUTO, chosen_zone, matching_zones, zone_options
from tests.utils import Harness


def test_typing_a_city_finds_its_zone() -> None:
    assert matching_zones("tokyo", slack_zone=None)[0] == "Asia/Tokyo"
    assert matching_zones("London", slack_zone=None)[0] == "Europe/London"
    assert matching_zones("new york", slack_zone=None)[0] == "America/New_York"
    assert "America/Argentina/Buenos_Aires" in matching_zones("buenos", slack_zone=None)
    assert matching_zones("kolk", slack_zone=None) == ["Asia/Kolkata"]
    assert matching_zones("no such place", slack_zone=None) == []


def test_the_slack_zone_comes_first_and_the_list_stays_within_slacks_limit() -> None:
    options = zone_options("", slack_zone="Pacific/Tongatapu")
    assert options[0]["value"] == AUTO and "Pacific/Tongatapu" in str(options[0]["text"])
    assert options[1]["value"] == "Pacific/Tongatapu"
    assert len(options) <= 100
    assert all(len(str(o["text"]["text"])) <= 75 for o in options)  # type: ignore[index]
    # Typing narrows the list; the Slack zone stays first while it still matches.
    narrowed = [o["value"] for o in zone_options("pacific/t", slack_zone="Pacific/Tongatapu")]
    assert [v for v in narrowed if v != AUTO][0] == "Pacific/Tongatapu"
    assert "Europe/London" not in narrowed


def test_only_real_zones_can_be_chosen() -> None:
    assert chosen_zone("Asia/Tokyo") == (True, "Asia/Tokyo")
    assert chosen_zone(AUTO) == (True, None)
    assert chosen_zone(None) == (True, None)
    assert chosen_zone("Atlantis/Capital")[0] is False


async def _suggest(h: Harness, typed: str, user: str) -> list[dict[str, Any]]:
    body = suggestion_body("tz_input", "tz", typed, team_id="T1", user_id=user)
    status, raw = await h.signed(body)
    assert status == 200, raw
    options: list[dict[str, Any]] = json.loads(raw)["options"]
    return options


async def test_type_ahead_through_the_app_puts_the_persons_slack_zone_first(
    harness: Harness,
) -> None:
    h = harness
    h.slack.users["U5"] = {"tz": "America/Sao_Paulo"}
    await h.command("next", user="U5")  # a first command: the zone is learned
    await h.command("done 1", user="U5")
    await notify.drain()
    options = await _suggest(h, "", "U5")
    assert [o["value"] for o in options[:2]] == [AUTO, "America/Sao_Paulo"]
    options = await _suggest(h, "tok", "U5")
    assert options[0]["value"] == "Asia/Tokyo"
