"""The one clock: what time it is (UTC). Everything else takes `now` from a `Clock`."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def utcnow() -> dt.datetime:
    """The real time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


def ticking_from(start: dt.datetime) -> Clock:
    """A clock that reads `start` now and runs on in real time from there (`--at`)."""
    origin = time.monotonic()
    return lambda: start + dt.timedelta(seconds=time.monotonic() - origin)
