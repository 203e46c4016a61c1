"""The App Home tab: published when opened, and again after every change a person makes."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import notify
from bot.deps import Deps
from bot.features.common import Who
from bot.features.home import refresh_home
from bot.handlers.workspaces import handled


def register(app: AsyncApp, deps: Deps) -> None:
    @app.event("app_home_opened")
    async def home_opened(
        event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab", "home") != "home":
            return
        who = Who(team_id=str(body.get("team_id", "")), user_id=str(event.get("user", "")))
        notify.spawn([refresh_home(deps, who, opened=True)], client)
        await handled(deps, body)
