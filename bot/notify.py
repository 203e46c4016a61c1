"""Side effects that go to Slack after a reply: DMs and channel posts, off the ack path.

A handler acknowledges first, then `spawn`s these; failures are logged, never shown as errors
to the person who typed the command (their reply has already gone).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot import outbound

log = logging.getLogger(__name__)

Effect = Callable[[AsyncWebClient], Awaitable[None]]
_tasks: set[asyncio.Task[None]] = set()


def spawn(effects: list[Effect], client: AsyncWebClient) -> None:
    """Run `effects` in the background on the running loop, keeping a reference to each."""
    for effect in effects:
        background(effect(client))


def background(work: Awaitable[Any]) -> None:
    """Run `work` after the reply, on the running loop; failures are logged."""
    task = asyncio.get_running_loop().create_task(_guarded(work))
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


async def _guarded(work: Awaitable[Any]) -> None:
    try:
        await work
    except SlackApiError as exc:
        log.warning("Slack refused a notification: %s", exc.response.get("error"))
    except Exception:  # a notification must never take the process down
        log.exception("a notification failed")


async def drain() -> None:
    """Wait for every notification in flight (tests, and a clean shutdown)."""
    while _tasks:
        await asyncio.gather(*list(_tasks), return_exceptions=True)


async def dm(client: AsyncWebClient, user_id: str, message: dict[str, Any]) -> str:
    """Open the DM with `user_id` and post `message`; the message ts."""
    opened = await client.conversations_open(users=user_id)
    channel = opened["channel"]["id"]
    posted = await client.chat_postMessage(channel=channel, **message)
    return str(posted.get("ts", ""))


def dm_effect(user_id: str, message: dict[str, Any]) -> Effect:
    async def send(client: AsyncWebClient) -> None:
        await dm(client, user_id, message)

    return send


def post_effect(channel: str, message: dict[str, Any]) -> Effect:
    async def send(client: AsyncWebClient) -> None:
        await client.chat_postMessage(channel=channel, **message)

    return send


def channel_post_effect(
    channel: str,
    message: dict[str, Any],
    *,
    response_url: str,
    outcome: Callable[[str | None], dict[str, Any]],
    undo: Callable[[], Awaitable[None]] | None = None,
) -> Effect:
    """Post `message` in `channel`, then tell the person who asked what happened, through
    the command's response_url: `outcome(None)` when it was posted, `outcome(error)` with
    Slack's error (`not_in_channel` when the bot must be invited first) when it was not."""

    async def send(client: AsyncWebClient) -> None:
        error: str | None = None
        try:
            await client.chat_postMessage(channel=channel, **message)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "unknown_error")
            log.info("a channel post was refused: %s", error)
            if undo is not None:
                await undo()
        await respond(response_url, outcome(error))

    return send


async def respond(response_url: str, message: dict[str, Any]) -> None:
    """An ephemeral reply to the person who ran the command or clicked, after the ack."""
    await outbound.respond(response_url, {**message, "response_type": "ephemeral"})


def file_effect(user_id: str, data: dict[str, Any], response_url: str) -> Effect:
    """Send `data` as a JSON file in the DM; if the upload fails, say so in a reply."""

    async def send(client: AsyncWebClient) -> None:
        import json

        try:
            opened = await client.conversations_open(users=user_id)
            await client.files_upload_v2(
                channel=opened["channel"]["id"],
                filename="careerpath-export.json",
                title="Your careerpath data",
                content=json.dumps(data, indent=2),
                initial_comment="Here is everything careerpath holds about you.",
            )
        except Exception as exc:  # any failed upload becomes a reply to the person
            log.warning("export upload failed: %s", exc)
            if response_url:
                text = (
                    "⚠️ I couldn't upload your data file just now (Slack refused the "
                    "upload). Please try `/careerpath export` again in a minute."
                )
                await respond(response_url, {"text": text})

    return send
