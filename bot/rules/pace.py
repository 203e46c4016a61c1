"""CE pace, pure: hours logged in the current cycle against the pro-rata line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bot.catalog import Catalog, Certification
from bot.rules.cycles import Held, current_cycle, cycle_end, due_soon

# Days that make "a month of pace": falling further behind than this is "behind".
MONTH_DAYS = 30


@dataclass(frozen=True)
class CeLog:
    """CE hours taken on one day (for one certification, or any when `code` is None)."""

    code: str | None
    hours: float
    ethics: bool
    taken_on: dt.date


@dataclass(frozen=True)
class CePace:
    """CE hours in one certification's current cycle against its requirement."""

    code: str
    start: dt.date
    end: dt.date
    required: float
    ethics_required: float
    logged: float
    ethics_logged: float
    expected_now: float
    month_of_pace: float

    @property
    def behind(self) -> bool:
        """Behind by more than a month's worth of hours (a fresh cycle is not 'behind')."""
        return self.logged < self.required and self.expected_now - self.logged > self.month_of_pace

    @property
    def met(self) -> bool:
        return self.logged >= self.required

    @property
    def gap(self) -> float:
        return max(0.0, self.expected_now - self.logged)


def ce_since(catalog: Catalog, held: Iterable[Held], today: dt.date) -> dt.date | None:
    """The first day of the earliest current cycle among `held`: CE before it counts for
    nothing the views or the planner show (None: nothing held has CE requirements)."""
    starts = []
    for h in held:
        cert = catalog.certification(h.code)
        cycle = current_cycle(cert, h, today) if cert and cert.ce_hours else None
        if cycle is not None:
            starts.append(cycle[0])
    return min(starts) if starts else None


def ce_pace(
    cert: Certification, held: Held, logs: Iterable[CeLog], today: dt.date
) -> CePace | None:
    """The pace of one held certification's CE, or None if the content sets no requirement."""
    cycle = current_cycle(cert, held, today)
    if cycle is None or not cert.ce_hours:
        return None
    start, end = cycle
    days = max((end - start).days, 1)
    elapsed = min(max((today - start).days, 0), days)
    mine = [c for c in logs if (c.code in (None, cert.code)) and start <= c.taken_on <= end]
    return CePace(
        code=cert.code,
        start=start,
        end=end,
        required=cert.ce_hours,
        ethics_required=cert.ethics_hours,
        logged=sum(c.hours for c in mine),
        ethics_logged=sum(c.hours for c in mine if c.ethics),
        expected_now=cert.ce_hours * elapsed / days,
        month_of_pace=cert.ce_hours * MONTH_DAYS / days,
    )


def behind_from(pace: CePace, now: dt.datetime) -> dt.datetime | None:
    """The moment the gap first exceeds a month of pace if nothing more is logged (None when
    already behind or no hours are required)."""
    if pace.behind:
        return None
    per_day = pace.required / max((pace.end - pace.start).days, 1)
    if per_day <= 0:
        return None
    ahead = pace.logged + pace.month_of_pace - pace.expected_now
    return now + dt.timedelta(days=max(1.0, ahead / per_day + 1))


def outlook(
    catalog: Catalog, held: Iterable[Held], logs: Iterable[CeLog], today: dt.date
) -> tuple[list[tuple[str, dt.date]], list[CePace]]:
    """For each held certification the catalog knows, in the order given: its cycle end
    when due soon, and its CE pace where the content sets a requirement. A mentor's view of
    a mentee and the cohort report both read this, so a cycle end (the printed valid-through
    date first) is worked out in one place."""
    logs = tuple(logs)
    due: list[tuple[str, dt.date]] = []
    paces: list[CePace] = []
    for h in held:
        cert = catalog.certification(h.code)
        if cert is None:
            continue
        end = cycle_end(cert, h.cycle_start, h.valid_through)
        if due_soon(end, today):
            assert end is not None
            due.append((cert.code, end))
        pace = ce_pace(cert, h, logs, today)
        if pace is not None:
            paces.append(pace)
    return due, paces
