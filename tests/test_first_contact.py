"""First contact: the installer's welcome DM, and the App Home's welcome before any progress."""

from __future__ import annotations

from typing import Any

from bot import notify
from bot.signing import action_body, event_body, sign
from tests.test_operations import install, oauth  # noqa: F401  (the OAuth fixture)
from tests.utils import SECRET, Harness, all_text


async def test_the_installer_gets_a_three_line_welcome(oauth: Harness) -> None:  # noqa: F811
    h = oauth
    await install(h, "T9")
    opened = h.slack.of("conversations.open")
    assert [c.params.get("users") for c in opened] == ["UINSTALLER"]
    [dm] = h.slack.of("chat.postMessage")
    assert dm.token == "xoxb-T9-token" and dm.params["channel"] == "DUINSTALLER"
    [block] = dm.params["blocks"]
    lines = block["text"]["text"].split("\n")
    assert len(lines) == 3
    assert "Care Manager" in lines[0]
    assert "/careerpath next" in lines[1]
    assert "cohort create" in lines[2] and "/invite @careerpath" in lines[2]


async def _open_home(h: Harness, user: str, n: int) -> dict[str, Any]:
    event = {"type": "app_home_opened", "user": user, "tab": "home", "event_ts": f"{n}.1"}
    body = event_body(event, team_id="T1", event_id=f"EvHome{user}{n}")
    status, _ = await h.post(body, {**sign(SECRET, body), "content-type": "application/json"})
    assert status == 200
    await notify.drain()
    view: dict[str, Any] = h.slack.of("views.publish")[-1].params["view"]
    return view


def _block_ids(view: dict[str, Any]) -> list[str]:
    return [b.get("block_id", "") for b in view["blocks"]]


async def test_a_first_home_open_welcomes_until_there_is_progress(harness: Harness) -> None:
    h = harness
    welcome = await _open_home(h, "UNEW", 1)
    assert "home_welcome" in _block_ids(welcome)
    text = all_text(welcome)
    assert "export" in text and "forget" in text and "mentor" in text and "cohort" in text
    [actions] = [b for b in welcome["blocks"] if b.get("block_id") == "home_welcome"]
    start = actions["elements"][0]
    assert (start["text"]["text"], start["action_id"], start["value"]) == (
        "Start with step 1",
        "step_details",
        "1",
    )
    # The button shows step 1 in the DM (a Home click has no conversation of its own).
    body = action_body(
        "step_details",
        "1",
        team_id="T1",
        user_id="UNEW",
        block_id="home_welcome",
        container={"type": "view", "view_id": "VHOME"},
    )
    clicked, _ = await h.signed(body)
    assert clicked == 200
    await notify.drain()
    [dm] = [c for c in h.slack.of("chat.postMessage") if c.params["channel"] == "DUNEW"]
    assert "Step 1" in all_text(dm.params)
    # Any progress replaces the welcome with the dashboard.
    await h.command("done 1", user="UNEW")
    await notify.drain()
    dashboard = h.slack.of("views.publish")[-1].params["view"]
    assert "home_welcome" not in _block_ids(dashboard)
    assert "home_next" in _block_ids(dashboard) and "1/10" in all_text(dashboard)
