"""Shortcuts: "Log CE hours" from anywhere, and "Log as CE" on any message."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.features import shortcuts
from bot.handlers.actions import who_clicked


def register(app: AsyncApp, deps: Deps) -> None:
    @app.global_shortcut(shortcuts.GLOBAL_CALLBACK)
    async def log_ce(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await shortcuts.open_ce_log(deps, who_clicked(body), client, body["trigger_id"])

    @app.message_shortcut(shortcuts.MESSAGE_CALLBACK)
    async def log_as_ce(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        text = shortcuts.message_text(body.get("message") or {})
        await shortcuts.open_ce_log(
            deps,
            who_clicked(body),
            client,
            body["trigger_id"],
            title=shortcuts.title_from_message(text),
        )
