"""Multi-workspace install: Slack's OAuth flow with slack_sdk's stores in our database.

Switched on by SLACK_CLIENT_ID and SLACK_CLIENT_SECRET. The tables come from an alembic
migration; the stores only read and write them.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from bot import notify
from bot.config import Settings
from bot.db import Database
from bot.services import workspaces

ROTATE_BEFORE_MINUTES = 120
BOT_SCOPES = ["commands", "chat:write", "im:write", "users:read", "files:write", "im:history"]


class Installations(AsyncSQLAlchemyInstallationStore):
    """slack_sdk's store; saving an installation also (re)starts that workspace's reminders."""

    def __init__(self, db: Database, client_id: str, client_secret: str | None = None) -> None:
        super().__init__(client_id=client_id, engine=db.engine)
        self.db = db
        self.client_secret = client_secret

    async def async_save(self, installation: Installation) -> None:
        await super().async_save(installation)
        if installation.team_id:
            async with self.db.transaction() as conn:
                await workspaces.resume(conn=conn, team_id=installation.team_id)

    async def bot_token(self, team_id: str, client: AsyncWebClient | None = None) -> str | None:
        """A workspace's bot token for background work (reminders), rotated first when it is
        a rotating token that expires within ROTATE_BEFORE_MINUTES: nobody's request may have
        come in to make Bolt rotate it."""
        bot = await self.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            return None
        if client is not None and bot.bot_refresh_token and self.client_secret:
            rotator = AsyncTokenRotator(
                client_id=self.client_id, client_secret=self.client_secret, client=client
            )
            fresh = await rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=ROTATE_BEFORE_MINUTES
            )
            if fresh is not None:
                await self.async_save_bot(fresh)
                bot = fresh
        return bot.bot_token


def welcome_on_install(settings: Settings, welcome: dict[str, Any]) -> AsyncCallbackOptions:
    """After a successful install, DM the person who installed: what careerpath does, how to
    start, how an organisation runs a cohort. The install page is Bolt's own."""

    async def success(args: AsyncSuccessArgs) -> BoltResponse:
        installation = args.installation
        if installation.user_id and installation.bot_token:
            client = AsyncWebClient(
                token=installation.bot_token, base_url=settings.slack_api_url, timeout=10
            )
            notify.spawn([notify.dm_effect(installation.user_id, welcome)], client)
        return await args.default.success(args)

    async def failure(args: AsyncFailureArgs) -> BoltResponse:
        return await args.default.failure(args)

    return AsyncCallbackOptions(success=success, failure=failure)


def oauth_settings(
    settings: Settings, store: Installations, *, welcome: dict[str, Any] | None = None
) -> AsyncOAuthSettings:
    assert settings.slack_client_id and settings.slack_client_secret
    return AsyncOAuthSettings(
        callback_options=welcome_on_install(settings, welcome) if welcome else None,
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=BOT_SCOPES,
        installation_store=store,
        state_store=AsyncSQLAlchemyOAuthStateStore(expiration_seconds=600, engine=store.engine),
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
        token_rotation_expiration_minutes=ROTATE_BEFORE_MINUTES,
    )
