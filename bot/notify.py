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

log = logging.getLogger(__name__)

Effect = Callable[[AsyncWebClient], Awaitable[None]]
_tasks: set[asyncio.Task[None]] = set()


def spawn(effects: list[Effect], client: AsyncWebClient) -> None:
    """Run `effects` in the background on the running loop, keeping a reference to each."""
    for effect in effects:
        task = asyncio.get_running_loop().create_task(_run(effect, client))
        _tasks.add(task)
        task.add_done_callback(_tasks.discard)


async def _run(effect: Effect, client: AsyncWebClient) -> None:
    try:
        await effect(client)
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
