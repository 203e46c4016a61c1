"""Shortcuts through signed `shortcut` and `message_action` payloads: the Log CE modal opens
(prefilled from the message for "Log as CE"), and submitting it logs the hours."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import notify
from bot.features.shortcuts import title_from_message
from bot.signing import message_action_body, shortcut_body
from tests.test_surfaces import ce_state, submit
from tests.utils import Harness, all_text, check_limits

MANIFEST = Path(__file__).resolve().parent.parent / "manifest.yml"


def title_field(modal: dict[str, Any]) -> dict[str, Any]:
    block = next(b for b in modal["blocks"] if b.get("block_id") == "title")
    return dict(block["element"])


async def shortcut(h: Harness, callback_id: str, user: str = "U1") -> dict[str, Any]:
    before = len(h.slack.of("views.open"))
    status, raw = await h.signed(shortcut_body(callback_id, team_id="T1", user_id=user))
    assert status == 200, raw
    await notify.drain()
    opened = h.slack.of("views.open")
    assert len(opened) == before + 1
    assert opened[-1].params["trigger_id"] == "1.2.local"
    view: dict[str, Any] = opened[-1].params["view"]
    check_limits(view)
    return view


async def message_shortcut(h: Harness, message: dict[str, Any], user: str = "U1") -> dict[str, Any]:
    before = len(h.slack.of("views.open"))
    body = message_action_body(
        "log_as_ce", message, team_id="T1", user_id=user, response_url=h.slack.response_url()
    )
    status, raw = await h.signed(body)
    assert status == 200, raw
    await notify.drain()
    opened = h.slack.of("views.open")
    assert len(opened) == before + 1
    view: dict[str, Any] = opened[-1].params["view"]
    check_limits(view)
    return view


def test_the_manifest_declares_both_shortcuts() -> None:
    m = yaml.safe_load(MANIFEST.read_text())
    shortcuts = {s["callback_id"]: s for s in m["features"]["shortcuts"]}
    assert shortcuts["log_ce"]["type"] == "global"
    assert shortcuts["log_as_ce"]["type"] == "message"
    for s in shortcuts.values():
        assert len(s["name"]) <= 24 and len(s["description"]) <= 150


async def test_global_shortcut_opens_the_ce_modal_and_its_submission_logs(
    harness: Harness,
) -> None:
    h = harness
    await h.command("cert add CMC 2024-03-01")
    modal = await shortcut(h, "log_ce")
    assert modal["callback_id"] == "ce_log"
    assert "initial_value" not in title_field(modal)
    codes = [o["value"] for o in modal["blocks"][2]["element"]["options"]]
    assert codes == ["CMC"]  # the certifications held, as from the App Home button
    assert (await h.row_counts())["ce_entries"] == 0
    ok = await submit(h, modal, ce_state("1.5", "Care planning course", "2026-03-02", "CMC"))
    assert ok == {}
    assert (await h.row_counts())["ce_entries"] == 1
    assert "Care planning course" in all_text(await h.command("ce"))


async def test_message_shortcut_prefills_a_readable_title(harness: Harness) -> None:
    h = harness
    text = (
        "<!channel> :tada: *Webinar:* Dementia care &amp; ethics with <@U0HOST|host> in "
        "<#C0EVENTS|events>,\n\n  register at <https://example.org/w?a=1&amp;b=2|the page> "
        "or <https://example.org/x>"
    )
    modal = await message_shortcut(h, {"text": text})
    title = title_field(modal)["initial_value"]
    assert title == (
        "@channel Webinar: Dementia care & ethics with @host in #events, register at "
        "the page or https://example.org/x"
    )
    assert "<" not in title and "&amp;" not in title
    ok = await submit(h, modal, ce_state("2", title, "2026-03-02"))
    assert ok == {}
    assert (await h.row_counts())["ce_entries"] == 1
    shown = all_text(await h.command("ce"))
    # Shown escaped once in mrkdwn: the `&` as `&amp;`, never a live <!channel>.
    assert "Dementia care &amp; ethics" in shown and "<!channel>" not in shown


async def test_message_shortcut_cuts_a_long_message_to_the_field(harness: Harness) -> None:
    h = harness
    modal = await message_shortcut(h, {"text": "Annual conference " * 40})
    field = title_field(modal)
    assert len(field["initial_value"]) == field["max_length"] == 200
    assert field["initial_value"].endswith("…")
    # A message of attachments only (a bot's post): its attachment's title.
    modal = await message_shortcut(
        h, {"text": "", "attachments": [{"fallback": "Ethics in care &lt;2 h&gt;"}]}
    )
    assert title_field(modal)["initial_value"] == "Ethics in care <2 h>"
    # Nothing readable: the field is left empty for the person to fill in.
    modal = await message_shortcut(h, {"text": ":wave:"})
    assert "initial_value" not in title_field(modal)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("&amp;lt;b&amp;gt;", "&lt;b&gt;"),  # unescaped once, not twice
        ("meet at 10:30: room 2", "meet at 10:30: room 2"),
        ("snake_case and 2 * 3 stay", "snake_case and 2 * 3 stay"),
        ("_Care_ ~old~ `code`", "Care old code"),
        ("<!subteam^S1|@nurses> and <!here>", "@nurses and @here"),
        ("<@U123> hosts", "@U123 hosts"),
        ("<!date^1700000000^{date_short}|Nov 14> session", "Nov 14 session"),
        ("tab\tand\u00a0nbsp", "tab and nbsp"),
    ],
)
def test_title_from_message(raw: str, clean: str) -> None:
    assert title_from_message(raw) == clean


async def test_a_shortcut_payload_is_parsed_as_slack_sends_it(harness: Harness) -> None:
    """The form field `payload` holds JSON, as for buttons (checked on the builder itself)."""
    from urllib.parse import parse_qs

    body = shortcut_body("log_ce", team_id="T1", user_id="U1")
    payload = json.loads(parse_qs(body)["payload"][0])
    assert payload["type"] == "shortcut" and payload["callback_id"] == "log_ce"
    status, _ = await harness.signed(shortcut_body("nope", team_id="T1", user_id="U1"))
    assert status == 404  # a callback nobody handles is not silently accepted
