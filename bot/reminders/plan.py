"""What is due for one person, and when to look again. Pure: state and a moment in, plan out.

Kinds: `renewal` (offsets before a certification's cycle end, then overdue), `ce_pace`
(monthly while CE hours lag the pro-rata line), `stalled` (no step change for 14 days).
After downtime only the latest crossed milestone of each kind is due: no burst of stale ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.catalog import Catalog, Certification
from bot.reminders.timing import cycle_end, local_at, local_midnight, zone

STALL_DAYS = 14
STALL_REPEATS = 3


@dataclass(frozen=True)
class Held:
    code: str
    cycle_start: dt.date
    valid_through: dt.date | None = None


@dataclass(frozen=True)
class CeLog:
    code: str | None
    hours: float
    ethics: bool
    taken_on: dt.date


@dataclass(frozen=True)
class Learner:
    """Everything the planner needs to know about one person."""

    user_id: int
    team_id: str
    slack_user_id: str
    tz: str | None = None
    reminders_on: bool = True
    paused_reason: str | None = None
    last_progress_at: dt.datetime | None = None
    steps_done: int = 0
    next_step: int | None = 1
    done: frozenset[int] = frozenset()
    # (weekday, minute) of the weekly mentor digest, when this person mentors anyone.
    mentor_digest: tuple[int, int] | None = None
    certs: tuple[Held, ...] = ()
    ce: tuple[CeLog, ...] = ()


@dataclass(frozen=True)
class Due:
    """One reminder: its ledger key (kind, period), when it became due, and what it is about."""

    kind: str
    period: str
    due_at: dt.datetime
    data: dict[str, str | int | float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Plan:
    due: list[Due]
    next_check: dt.datetime | None


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
    def gap(self) -> float:
        return max(0.0, self.expected_now - self.logged)


def current_cycle(
    cert: Certification, held: Held, today: dt.date
) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the cycle `today` falls in (or the next one, once over)."""
    end = cycle_end(cert, held.cycle_start, held.valid_through)
    if end is None:
        return None
    start = held.cycle_start
    # A cycle already over: the next one, which began at the end of this one.
    while end < today:
        # The next cycle starts the day after this one ends (an entry dated on the end day
        # belongs to the cycle that ends then, not to both).
        start, end = end + dt.timedelta(days=1), cycle_end(cert, end) or end
        if end <= start:
            break
    return start, end


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
        month_of_pace=cert.ce_hours * 30 / days,
    )


def _renewal(
    cert: Certification, held: Held, today: dt.date, tz: object
) -> tuple[Due | None, dt.date | None]:
    end = cycle_end(cert, held.cycle_start, held.valid_through)
    if end is None or not cert.reminders:
        return None, None
    milestones = [(end - dt.timedelta(days=o), f"d{o}") for o in cert.reminder_offsets_days]
    milestones.append((end + dt.timedelta(days=1), "overdue"))
    crossed = [(day, label) for day, label in milestones if day <= today]
    upcoming = [day for day, _ in milestones if day > today]
    due = None
    if crossed:
        day, label = max(crossed)
        due = Due(
            "renewal",
            f"{cert.code}:{end.isoformat()}:{label}",
            local_midnight(day, tz),  # type: ignore[arg-type]
            {"code": cert.code, "end": end.isoformat(), "label": label},
        )
    return due, min(upcoming) if upcoming else None


def week_moment(now: dt.datetime, day: int, minute: int, tz: ZoneInfo) -> dt.datetime:
    """This local week's `day` (0 = Monday) at `minute`, as a UTC moment."""
    local = now.astimezone(tz).date()
    target = local - dt.timedelta(days=local.weekday()) + dt.timedelta(days=day)
    return local_at(target, minute, tz)


def plan(learner: Learner, catalog: Catalog, now: dt.datetime) -> Plan:
    """The reminders due for `learner` at `now`, and the next moment anything could fall due."""
    if not learner.reminders_on or learner.paused_reason:
        return Plan([], None)
    tz = zone(learner.tz)
    today = now.astimezone(tz).date()
    due: list[Due] = []
    upcoming: list[dt.datetime] = []

    for held in learner.certs:
        cert = catalog.certification(held.code)
        if cert is None:
            continue
        item, next_day = _renewal(cert, held, today, tz)
        if item is not None:
            due.append(item)
        if next_day is not None:
            upcoming.append(local_midnight(next_day, tz))
        pace = ce_pace(cert, held, learner.ce, today)
        if pace is not None and pace.logged < pace.required:
            month = today.strftime("%Y-%m")
            if pace.behind:
                due.append(
                    Due(
                        "ce_pace",
                        f"{cert.code}:{pace.end.isoformat()}:{month}",
                        local_midnight(today.replace(day=1), tz),
                        {"code": cert.code, "end": pace.end.isoformat(), "month": month},
                    )
                )
            first_of_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            upcoming.append(local_midnight(first_of_next, tz))
            if not pace.behind:
                # The day the gap first exceeds a month of pace, if nothing more is logged.
                days = (pace.end - pace.start).days
                per_day = pace.required / max(days, 1)
                ahead = pace.logged + pace.month_of_pace - pace.expected_now
                if per_day > 0:
                    upcoming.append(now + dt.timedelta(days=max(1.0, ahead / per_day + 1)))

    if learner.last_progress_at is not None and learner.steps_done < catalog.step_count:
        since = now - learner.last_progress_at
        n = min(since.days // STALL_DAYS, STALL_REPEATS)
        if n >= 1:
            due.append(
                Due(
                    "stalled",
                    f"{learner.last_progress_at.isoformat(timespec='seconds')}:{n}",
                    learner.last_progress_at + dt.timedelta(days=STALL_DAYS * n),
                    {"n": n},
                )
            )
        if n < STALL_REPEATS:
            upcoming.append(learner.last_progress_at + dt.timedelta(days=STALL_DAYS * (n + 1)))

    if learner.mentor_digest is not None:
        day, minute = learner.mentor_digest
        this_week = week_moment(now, day, minute, tz)
        if now >= this_week:
            year, week, _ = this_week.astimezone(tz).isocalendar()
            due.append(Due("mentor_digest", f"{year}-W{week:02d}", this_week, {}))
            # Next week's moment in local time (not +7×24 h, which drifts across DST).
            upcoming.append(week_moment(now + dt.timedelta(days=7), day, minute, tz))
        else:
            upcoming.append(this_week)

    later = [u for u in upcoming if u > now]
    return Plan(due, min(later) if later else None)
