"""Build requests the way Slack sends them: form-encoded bodies signed with the v0 scheme.

`careerpath shell`, the tests and the benchmarks all reach the Bolt app through these.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

# What Slack leaves as markup in a command's text: a mention picked from the autocomplete.
_KEPT = re.compile(r"<[@#][A-Z0-9]+(?:\|[^<>]*)?>")
_BROADCAST = re.compile(r"(?<![\w<])@(channel|here|everyone)\b")
_URL = re.compile(r"(?<![\w<|])(https?://[^\s<>|]+)")


def slack_typed(text: str) -> str:
    """A command's text as Slack delivers what a person typed (`should_escape: true`):
    `&`, `<` and `>` as entities, `@channel`/`@here`/`@everyone` as `<!channel>`…, a bare
    address as `<https://…>`. Mentions written as `<@U123>` or `<@U123|name>` stand for one
    picked from Slack's autocomplete, and arrive unchanged."""
    kept: list[str] = []

    def hold(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    text = _KEPT.sub(hold, text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _BROADCAST.sub(lambda m: f"<!{m.group(1)}>", text)
    text = _URL.sub(lambda m: f"<{m.group(1)}>", text)
    return re.sub("\ue000(\\d+)\ue001", lambda m: kept[int(m.group(1))], text)


def sign(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack would send with `body`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body) or ""
    return {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": ts,
        "x-slack-signature": signature,
    }


def command_body(
    text: str,
    *,
    team_id: str,
    user_id: str,
    channel_id: str = "C0LOCAL",
    response_url: str = "",
    trigger_id: str = "1.2.local",
) -> str:
    return urlencode(
        {
            "token": "legacy-unused",
            "team_id": team_id,
            "team_domain": "local",
            "channel_id": channel_id,
            "channel_name": "local",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": "/careerpath",
            "text": slack_typed(text),
            "api_app_id": "A0CAREER",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    )


def action_body(
    action_id: str,
    value: str,
    *,
    team_id: str,
    user_id: str,
    response_url: str = "",
    block_id: str = "b",
    channel_id: str = "C0LOCAL",
    container: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team_id, "domain": "local"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": team_id},
        "api_app_id": "A0CAREER",
        "trigger_id": "1.2.local",
        "container": container
        or {
            "type": "message",
            "message_ts": "1700000000.000100",
            "channel_id": channel_id,
            "is_ephemeral": True,
        },
        "channel": {"id": channel_id, "name": "local"},
        "response_url": response_url,
        "state": {"values": {}},
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": block_id,
                "value": value,
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    if extra:
        payload.update(extra)
    return urlencode({"payload": json.dumps(payload)})


def event_body(event: dict[str, Any], *, team_id: str, event_id: str) -> str:
    return json.dumps(
        {
            "type": "event_callback",
            "team_id": team_id,
            "api_app_id": "A0CAREER",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
            "authorizations": [{"team_id": team_id, "user_id": "UCAREERBOT", "is_bot": True}],
        }
    )


def view_body(view: dict[str, Any], state: dict[str, Any], *, team_id: str, user_id: str) -> str:
    """A modal submission, as Slack posts it when the person presses the submit button."""
    payload = {
        "type": "view_submission",
        "team": {"id": team_id, "domain": "local"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": team_id},
        "api_app_id": "A0CAREER",
        "trigger_id": "1.2.local",
        "view": {**view, "id": view.get("id", "V0MODAL"), "state": {"values": state}},
    }
    return urlencode({"payload": json.dumps(payload)})


def suggestion_body(
    action_id: str, block_id: str, value: str, *, team_id: str, user_id: str
) -> str:
    """What Slack posts while a person types into an `external_select` (block_suggestion)."""
    payload = {
        "type": "block_suggestion",
        "user": {"id": user_id, "username": user_id.lower(), "team_id": team_id},
        "team": {"id": team_id, "domain": "local"},
        "api_app_id": "A0CAREER",
        "token": "legacy-unused",
        "container": {"type": "view", "view_id": "V0MODAL"},
        "action_id": action_id,
        "block_id": block_id,
        "value": value,
        "view": {"id": "V0MODAL", "type": "modal"},
    }
    return urlencode({"payload": json.dumps(payload)})


def shortcut_body(
    callback_id: str, *, team_id: str, user_id: str, trigger_id: str = "1.2.local"
) -> str:
    """A global shortcut, as Slack posts it when a person picks it from the shortcuts menu."""
    payload = {
        "type": "shortcut",
        "token": "legacy-unused",
        "action_ts": f"{time.time():.6f}",
        "team": {"id": team_id, "domain": "local"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": team_id},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id,
    }
    return urlencode({"payload": json.dumps(payload)})


def message_action_body(
    callback_id: str,
    message: dict[str, Any],
    *,
    team_id: str,
    user_id: str,
    channel_id: str = "C0LOCAL",
    response_url: str = "",
    trigger_id: str = "1.2.local",
) -> str:
    """A message shortcut on `message` (Slack's message JSON: `text` with its markup as
    Slack stores it, `user`, `ts`, maybe `blocks` and `attachments`)."""
    ts = str(message.get("ts") or "1700000000.000300")
    payload = {
        "type": "message_action",
        "token": "legacy-unused",
        "action_ts": f"{time.time():.6f}",
        "team": {"id": team_id, "domain": "local"},
        "user": {"id": user_id, "name": user_id.lower()},
        "channel": {"id": channel_id, "name": "local"},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id,
        "response_url": response_url,
        "message_ts": ts,
        "message": {"type": "message", "user": "U0AUTHOR", "team": team_id, **message, "ts": ts},
    }
    return urlencode({"payload": json.dumps(payload)})
