"""APScheduler 3 as the local tick: one interval job with a stable id, on the app's loop.

The job holds no reminders (the database does); a missed or doubled tick costs nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.reminders.engine import Engine

log = logging.getLogger(__name__)
JOB_ID = "careerpath-reminder-sweep"


async def _tick(engine: Engine) -> None:
    try:
        await engine.sweep()
    except Exception:  # the tick must survive a database outage or a bug in one sweep
        log.exception("reminder sweep failed; the next tick will try again")


def start(engine: Engine, seconds: int) -> AsyncIOScheduler:
    """Start ticking on the running event loop; the first sweep runs at once."""
    scheduler = AsyncIOScheduler(timezone=dt.UTC)
    scheduler.add_job(
        _tick,
        "interval",
        args=[engine],
        seconds=seconds,
        id=JOB_ID,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        misfire_grace_time=seconds,
        next_run_time=dt.datetime.now(dt.UTC),
    )
    scheduler.start()
    return scheduler
