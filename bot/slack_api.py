"""Calling Slack from background work: pace to a rate, wait out 429s, classify failures.

Waiting uses `asyncio.sleep` on the shared event loop, so a sender that is waiting out a
Retry-After blocks no request handler. Request handlers use Bolt's client directly.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.metrics import SLACK_ERRORS
from bot.outbound import PooledWebClient

log = logging.getLogger(__name__)

# Errors that no retry will fix: the person or the channel is gone, or the bot is out of it.
PERMANENT = frozenset(
    {
        "account_inactive",
        "user_not_found",
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "user_disabled",
        "cannot_dm_bot",
        "invalid_auth",
        "token_revoked",
        "missing_scope",
        "restricted_action",
        "team_access_not_granted",
        "not_authed",
        "msg_too_long",
        "invalid_blocks",
        "ekm_access_denied",
        "channel_is_archived",
    }
)


class PermanentError(Exception):
    """Slack refused for good; `code` is Slack's error string."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class TransientError(Exception):
    """Slack could not be reached or failed for now; try again later."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def build_background_client(base_url: str, token: str | None) -> AsyncWebClient:
    """A Web API client with no built-in retries: the Sender owns waiting and retrying."""
    return PooledWebClient(token=token, base_url=base_url, timeout=10, retry_handlers=[])


class Sender:
    """Calls each Slack Web API method at most `rate` times a second per workspace, honouring
    Retry-After.

    429 → every caller for that workspace waits until Retry-After has passed, then retries
    (not counted as a failure); Slack limits each workspace separately, so one workspace's
    429 holds up no other. 5xx and timeouts → up to `retries` quick retries with backoff,
    then TransientError. Permanent errors → PermanentError at once.
    """

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        rate: float | None = None,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.client = client
        self.rate = rate
        self.retries = retries
        self.backoff = backoff
        # Keyed by workspace (its token; "" for the client's own) and method.
        self._next_slot: dict[tuple[str, str], float] = {}
        self._paused_until: dict[str, float] = {}
        self._lock = asyncio.Lock()
        self.stats: Counter[str] = Counter()
        self.waited = 0.0

    async def _pace(self, workspace: str, method: str) -> None:
        """Space calls of one method `1/rate` apart (Slack limits each method separately)."""
        async with self._lock:
            now = time.monotonic()
            slot = (workspace, method)
            start = max(now, self._next_slot.get(slot, 0.0), self._paused_until.get(workspace, 0.0))
            if self.rate:
                self._next_slot[slot] = start + 1.0 / self.rate
        delay = start - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)

    def _pause(self, workspace: str, seconds: float) -> None:
        until = time.monotonic() + seconds
        if until > self._paused_until.get(workspace, 0.0):
            self._paused_until[workspace] = until
            self.waited += seconds

    async def call(self, method: str, *, token: str | None = None, **params: Any) -> dict[str, Any]:
        """Call `method` through slack_sdk's own method function (`users.info` →
        `client.users_info`), which encodes it the way Slack accepts: read methods as query or
        form arguments (Slack ignores a JSON body there), write methods as JSON.
        `token` is the workspace's bot token in multi-workspace mode."""
        function = getattr(self.client, method.replace(".", "_"), None)
        if function is None:
            raise ValueError(f"slack_sdk has no method function for {method}")
        if token:
            params = {**params, "token": token}
        failures = 0
        while True:
            await self._pace(token or "", method)
            try:
                response = await function(**params)
                self.stats[f"{method}:ok"] += 1
                return dict(response.data) if isinstance(response.data, dict) else {}
            except SlackApiError as exc:
                status = exc.response.status_code
                data = exc.response.data
                error = str(data.get("error") or "") if isinstance(data, dict) else ""
                SLACK_ERRORS.labels(method, error or f"http_{status}").inc()
                if status == 429 or error == "ratelimited":
                    self.stats["429"] += 1
                    self._pause(token or "", _retry_after(exc.response.headers))
                    continue
                if error in PERMANENT:
                    self.stats[f"error:{error}"] += 1
                    raise PermanentError(error) from None
                reason = error or f"http_{status}"
                self.stats[f"error:{reason}"] += 1
                if status < 500 and error:
                    # An unexpected ok=false (e.g. a bug in our payload): don't hammer Slack.
                    raise PermanentError(error) from None
            except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                reason = type(exc).__name__
                SLACK_ERRORS.labels(method, reason).inc()
                self.stats[f"error:{reason}"] += 1
            failures += 1
            if failures > self.retries:
                raise TransientError(reason)
            await asyncio.sleep(self.backoff * 2 ** (failures - 1))


def _retry_after(headers: Any) -> float:
    """Seconds from a Retry-After header; 1 s when it is missing or unreadable."""
    raw = None
    if headers is not None:
        for key in ("Retry-After", "retry-after"):
            value = headers.get(key)
            if value:
                raw = value[0] if isinstance(value, list) else value
                break
    try:
        return max(0.0, min(float(raw), 300.0)) if raw is not None else 1.0
    except (TypeError, ValueError):
        return 1.0
