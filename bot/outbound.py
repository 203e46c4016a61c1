"""One HTTP connection pool per event loop for everything careerpath sends to Slack.

slack_sdk's async clients open a new aiohttp session, so a new TCP and TLS connection, for
every call that is not given one: every reply by response_url and every Web API call paid
a handshake. Measured in bench/burst.py (200 [Done] presses at once): a response_url reply
cost about a third of a click's CPU, most of it in making the connection.

`session()` is the running loop's session, made on first use; `close()` closes it at
shutdown (the server, the shell, the tests' harness).
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

TIMEOUT = 10  # seconds for one call, once it has a connection, as our Web API clients had

_sessions: dict[asyncio.AbstractEventLoop, aiohttp.ClientSession] = {}


def session() -> aiohttp.ClientSession:
    """The running loop's shared session.

    Its connections are not capped (as with a session per call, a burst opens what it
    needs, and later calls reuse them), so no call waits in a queue for a free one: a
    queued call would spend its timeout waiting and fail unsent.
    """
    loop = asyncio.get_running_loop()
    current = _sessions.get(loop)
    if current is None or current.closed:
        _forget_ended_loops()
        current = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0, ttl_dns_cache=300),
            timeout=aiohttp.ClientTimeout(total=TIMEOUT),
        )
        _sessions[loop] = current
    return current


async def close() -> None:
    """Close the running loop's session, if it has one."""
    current = _sessions.pop(asyncio.get_running_loop(), None)
    if current is not None and not current.closed:
        await current.close()
    _forget_ended_loops()


def _forget_ended_loops() -> None:
    """Loops that ended without close() (a process that forgot, a loop cut short): keep
    neither them nor their sessions."""
    for gone in [loop for loop in _sessions if loop.is_closed()]:
        del _sessions[gone]


class PooledWebClient(AsyncWebClient):
    """An AsyncWebClient whose calls share the running loop's connections.

    Bolt builds a client per request for each installed workspace from this one's
    `session`, so those calls share the pool too."""

    @property
    def session(self) -> aiohttp.ClientSession:
        return session()

    @session.setter
    def session(self, _: Any) -> None:
        """slack_sdk assigns its `session` argument; ours is always the loop's own."""


async def respond(response_url: str, message: dict[str, Any]) -> None:
    """Send `message` to a response_url (a reply after the ack)."""
    await AsyncWebhookClient(response_url, session=session(), timeout=TIMEOUT).send_dict(message)
