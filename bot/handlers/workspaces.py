"""Workspace lifecycle events, and the Events API retry guard for every event."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse

from bot.deps import Deps
from bot.services import workspaces

log = logging.getLogger(__name__)


async def handled(deps: Deps, body: dict[str, Any]) -> None:
    """Record an event as handled: called by its listener once its work succeeded, so an
    event that failed is answered non-2xx (see the app's error handler), and Slack's retry
    runs it again."""
    event_id = body.get("event_id")
    if event_id:
        async with deps.db.transaction() as conn:
            await workspaces.first_time(
                conn=conn, event_id=str(event_id), team_id=str(body.get("team_id", ""))
            )


def register(app: AsyncApp, deps: Deps) -> None:
    @app.middleware
    async def once_per_event(
        body: dict[str, Any], next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        """Slack retries an event it thinks we missed (X-Slack-Retry-Num); handle each once.
        Only an event handled to the end is recorded (`handled`): a retry of one that failed,
        or whose original never arrived, runs."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and await workspaces.seen(conn=deps.db, event_id=str(event_id)):
            log.info("skipping a repeated event", extra={"team": body.get("team_id")})
            return BoltResponse(status=200, body="")
        await next()
        return None

    async def stop(body: dict[str, Any]) -> None:
        team_id = str(body.get("team_id", ""))
        async with deps.db.transaction() as conn:
            await workspaces.stop(conn=conn, team_id=team_id)
        store = deps.installation_store
        if store is not None:
            await store.async_delete_all(enterprise_id=body.get("enterprise_id"), team_id=team_id)
        log.info("careerpath removed from a workspace; its reminders stop", extra={"team": team_id})

    @app.event("app_uninstalled")
    async def uninstalled(body: dict[str, Any]) -> None:
        await stop(body)
        await handled(deps, body)

    @app.event("tokens_revoked")
    async def revoked(body: dict[str, Any], event: dict[str, Any]) -> None:
        if (event.get("tokens") or {}).get("bot"):
            await stop(body)
        await handled(deps, body)
