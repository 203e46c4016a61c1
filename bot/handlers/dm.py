"""A conversation in careerpath's DM (the Messages tab): what a person types there is
answered exactly as `/careerpath <text>` would be, through the same parse and answer path.

Only a person's own new messages are answered: bot messages (careerpath's own echo among
them), edits, deletions and every other subtype are ignored. Retried events are deduplicated
by the events guard in `workspaces.py`, as every event is.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot import notify
from bot.answers import answer
from bot.deps import Deps
from bot.features.common import Who
from bot.handlers.workspaces import handled
from bot.zones import ZoneLearner

# Longer than any command or question; Slack allows 40,000 characters in a message.
MAX_DM_TEXT = 4000


def from_a_person(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """A new message typed by a person in careerpath's DM."""
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and bool(event.get("user"))
        and event.get("user") != bot_user_id
        and isinstance(event.get("text"), str)
    )


def register(app: AsyncApp, deps: Deps, zones: ZoneLearner) -> None:
    """`zones` is the app's one timezone learner (its batches, its memory of whom it has
    seen and its share of Slack's rate are the app's, whichever surface a person used)."""

    @app.event("message")
    async def direct_message(
        event: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        if not from_a_person(event, context.bot_user_id):
            return
        who = Who(
            team_id=str(body.get("team_id") or event.get("team") or ""),
            user_id=str(event["user"]),
            channel_id=str(event.get("channel", "")),
            client=client,
        )
        reply = await answer(deps, who, str(event["text"])[:MAX_DM_TEXT])
        message = reply.message()
        if event.get("thread_ts"):  # asked in a thread: answer there
            message = {**message, "thread_ts": event["thread_ts"]}
        post = notify.post_effect(who.channel_id, message) if message.get("text") else None
        notify.spawn([e for e in (post, *reply.effects) if e is not None], client)
        learn = zones.effect(who.team_id, who.user_id)
        if learn is not None:
            notify.spawn([learn], client)
        await handled(deps, body)  # only now: a retry of a failed one runs again
