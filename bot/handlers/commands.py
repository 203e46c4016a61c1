"""`/careerpath …`: parse, answer, and reply in the ack (no second round trip to Slack)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.answers import Who, answer
from bot.deps import Deps


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command("/careerpath")
    async def careerpath(ack: AsyncAck, command: dict[str, Any]) -> None:
        """Every sub-command is answered ephemerally in the acknowledgement itself."""
        who = Who(team_id=command.get("team_id", ""), user_id=command.get("user_id", ""))
        reply = await answer(deps, who, command.get("text") or "")
        await ack(response_type="ephemeral", **reply.message())
