"""manifest.yml creates the app in one paste: command, events, interactivity, minimal scopes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml
from slack_bolt.request.async_request import AsyncBoltRequest

from bot import notify
from bot.app import build_app
from bot.catalog import Catalog
from bot.deps import Deps
from bot.doubles.slack_api import LocalSlack
from bot.signing import event_body, sign
from tests.utils import SECRET, settings_for

MANIFEST = Path(__file__).resolve().parent.parent / "manifest.yml"


async def test_manifest_matches_what_the_app_handles(
    sqlite_url: str, slack: LocalSlack, catalog: Catalog
) -> None:
    m = yaml.safe_load(MANIFEST.read_text())
    assert [c["command"] for c in m["features"]["slash_commands"]] == ["/careerpath"]
    assert m["features"]["app_home"]["home_tab_enabled"] is True
    assert m["settings"]["interactivity"]["is_enabled"] is True
    scopes = set(m["oauth_config"]["scopes"]["bot"])
    # What the code calls, and nothing more: DMs (open + post), profiles (timezone, admin),
    # the slash command, the export file, and what people type in careerpath's DM.
    assert scopes == {
        "commands",
        "chat:write",
        "im:write",
        "users:read",
        "files:write",
        "im:history",
    }
    assert m["features"]["app_home"]["messages_tab_enabled"] is True
    assert m["features"]["app_home"]["messages_tab_read_only_enabled"] is False
    deps = Deps.build(settings_for(sqlite_url, slack), catalog)
    try:
        app = build_app(deps)
        for i, event in enumerate(m["settings"]["event_subscriptions"]["bot_events"]):
            payload = {"type": event, "user": "U1", "tab": "home", "event_ts": "1.1"}
            if "." in event:  # message.im: a message event in a DM
                kind, channel_type = event.split(".")
                payload.update(type=kind, channel_type=channel_type, channel="DU1", text="help")
            body = event_body(payload, team_id="T1", event_id=f"EvM{i}")
            headers: dict[str, str | Sequence[str]] = {
                **sign(SECRET, body),
                "content-type": "application/json",
            }
            response = await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
            assert response.status == 200, (event, response.status)  # 404: nobody listens
        await notify.drain()
    finally:
        await deps.db.dispose()
    assert len(m["display_information"]["name"]) <= 35
    urls = [
        m["settings"]["interactivity"]["request_url"],
        m["settings"]["interactivity"]["message_menu_options_url"],
        m["settings"]["event_subscriptions"]["request_url"],
        *[c["url"] for c in m["features"]["slash_commands"]],
    ]
    assert all(u.endswith("/slack/events") for u in urls)
