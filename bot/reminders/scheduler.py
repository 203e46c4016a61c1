"""APScheduler 3 as the local tick: the sweep and a daily clean-up, each one interval job
with a stable id, on the app's loop.

The job holds no reminders (the database does); a missed or doubled tick costs nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import utcnow
from bot.reminders.engine import Engine

log = logging.getLogger(__name__)
JOB_ID = "careerpath-reminder-sweep"
CLEANUP_JOB_ID = "careerpath-daily-cleanup"


async def _tick(engine: Engine) -> None:
    try:
        await engine.sweep()
    except Exception:  # the tick must survive a database outage or a bug in one sweep
        log.exception("reminder sweep failed; the next tick will try again")


async def _cleanup(engine: Engine) -> None:
    try:
        await engine.cleanup()
    except Exception:  # like the tick: tomorrow's run tries again
        log.exception("daily clean-up failed; it runs again tomorrow")


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
        next_run_time=utcnow(),  # APScheduler runs on real time, whatever the app's clock
    )
    scheduler.add_job(
        _cleanup,
        "interval",
        args=[engine],
        days=1,
        id=CLEANUP_JOB_ID,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
        next_run_time=utcnow() + dt.timedelta(minutes=1),
    )
    scheduler.start()
    return scheduler
