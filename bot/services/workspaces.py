"""Workspaces: stop reminders when careerpath is uninstalled, resume on a new install; and the
Events API's retries, deduplicated by event_id."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import utcnow
from bot.db import Reads, fetch_on
from bot.models import Cohort, Delivery, ProcessedEvent, User, Workspace, oauth_states_table
from bot.sql import insert_for


async def first_time(*, conn: AsyncConnection, event_id: str, team_id: str) -> bool:
    """Record an event id; False if it was seen before (a retry of a handled event)."""
    created = await conn.execute(
        insert_for(conn)(ProcessedEvent)
        .values(event_id=event_id[:64], team_id=team_id[:32], received_at=utcnow())
        .on_conflict_do_nothing()
        .returning(ProcessedEvent.event_id)
    )
    return created.first() is not None


async def forget_old_events(*, conn: AsyncConnection, now: dt.datetime) -> None:
    """Slack retries within minutes; a day of event ids is plenty."""
    await conn.execute(
        delete(ProcessedEvent).where(ProcessedEvent.received_at < now - dt.timedelta(days=1))
    )


async def seen(*, conn: Reads, event_id: str) -> bool:
    """True if this event id was handled already (recorded by `first_time` after success)."""
    rows = await fetch_on(conn, SEEN, {"event_id": event_id[:64]})
    return bool(rows)


SEEN = select(ProcessedEvent.event_id).where(ProcessedEvent.event_id == bindparam("event_id"))


async def forget_expired_oauth_states(*, conn: AsyncConnection, now: dt.datetime) -> int:
    """OAuth states past their expiry (anyone can make one by opening /slack/install)."""
    # slack_sdk stores expire_at as naive UTC.
    naive = now.astimezone(dt.UTC).replace(tzinfo=None)
    result = await conn.execute(
        delete(oauth_states_table).where(oauth_states_table.c.expire_at < naive)
    )
    return int(result.rowcount or 0)


async def stop(*, conn: AsyncConnection, team_id: str) -> None:
    """careerpath was uninstalled (or lost its tokens): no more reminders or digests here."""
    now = utcnow()
    await conn.execute(
        update(Workspace).where(Workspace.team_id == team_id).values(uninstalled_at=now)
    )
    await conn.execute(update(User).where(User.team_id == team_id).values(next_check_at=None))
    await conn.execute(update(Cohort).where(Cohort.team_id == team_id).values(next_digest_at=None))
    await conn.execute(
        update(Delivery)
        .where(Delivery.team_id == team_id, Delivery.state.in_(("pending", "sending")))
        .values(state="cancelled", error="app uninstalled", owner=None)
    )


async def resume(*, conn: AsyncConnection, team_id: str) -> None:
    """Installed (again): plan everyone's reminders at the next sweep."""
    await conn.execute(
        insert_for(conn)(Workspace)
        .values(team_id=team_id, created_at=utcnow())
        .on_conflict_do_nothing()
    )
    await conn.execute(
        update(Workspace).where(Workspace.team_id == team_id).values(uninstalled_at=None)
    )
    await conn.execute(update(User).where(User.team_id == team_id).values(next_check_at=utcnow()))
