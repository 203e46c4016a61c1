"""`/careerpath …`: parse, answer, and reply in the ack (no second round trip to Slack)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import notify
from bot.answers import answer
from bot.deps import Deps
from bot.features.common import Who
from bot.zones import ZoneLearner


def register(app: AsyncApp, deps: Deps, zones: ZoneLearner) -> None:
    """`zones` is the app's one timezone learner (its batches, its memory of whom it has
    seen and its share of Slack's rate are the app's, whichever surface a person used)."""

    @app.command("/careerpath")
    async def careerpath(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient) -> None:
        """Every sub-command is answered ephemerally in the acknowledgement itself; messages
        to other people (a mentor's request, a channel post) follow in the background."""
        who = Who(
            team_id=command.get("team_id", ""),
            user_id=command.get("user_id", ""),
            channel_id=command.get("channel_id", ""),
            client=client,
            response_url=command.get("response_url", ""),
        )
        reply = await answer(deps, who, command.get("text") or "")
        if reply.text or reply.blocks:
            await ack(response_type="ephemeral", **reply.message())
        else:
            await ack()  # the reply follows by response_url once its outcome is known
        notify.spawn(reply.effects, client)
        # After a person's first command here, learn their timezone before a reminder needs it.
        learn = zones.effect(who.team_id, who.user_id)
        if learn is not None:
            notify.spawn([learn], client)
