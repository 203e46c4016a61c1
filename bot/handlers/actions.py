"""Buttons on careerpath's messages.

Each click is idempotent: a stale button says what is true now.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot import render
from bot.answers import Who, set_step
from bot.deps import Deps


def who_clicked(body: dict[str, Any]) -> Who:
    user = body.get("user") or {}
    team = (body.get("team") or {}).get("id") or user.get("team_id", "")
    return Who(team_id=team, user_id=user.get("id", ""))


def action_value(body: dict[str, Any]) -> str | None:
    try:
        value = body["actions"][0]["value"]
    except (KeyError, IndexError, TypeError):
        return None
    return value if isinstance(value, str) else None


def step_value(body: dict[str, Any], step_count: int) -> int | None:
    raw = action_value(body)
    if raw is None or not raw.isdigit():
        return None
    n = int(raw)
    return n if 1 <= n <= step_count else None


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action("step_done")
    async def step_done(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        n = step_value(body, deps.catalog.step_count)
        if n is None:
            await respond(
                **render.error_reply("That button is out of date.").message(),
                response_type="ephemeral",
                replace_original=False,
            )
            return
        reply = await set_step(deps, who_clicked(body), n, done=True)
        await respond(**reply.message(), response_type="ephemeral", replace_original=False)

    @app.action("step_details")
    async def step_details(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        n = step_value(body, deps.catalog.step_count)
        if n is None:
            await respond(
                **render.error_reply("That button is out of date.").message(),
                response_type="ephemeral",
                replace_original=False,
            )
            return
        from bot.answers import answer

        reply = await answer(deps, who_clicked(body), f"step {n}")
        await respond(**reply.message(), response_type="ephemeral", replace_original=False)
