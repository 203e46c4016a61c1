"""What is due for one person, and when to look again. Pure: state and a moment in, plan out.

Kinds: `renewal` (offsets before a certification's cycle end, then overdue), `ce_pace`
(monthly while CE hours lag the pro-rata line), `stalled` (no step change for 14 days),
`mentor_digest` (weekly, for mentors). After downtime only the latest crossed milestone of
each kind is due: no burst of stale ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.catalog import Catalog
from bot.rules.cycles import cycle_end
from bot.rules.kinds import Kind
from bot.rules.localtime import local_midnight, week_moment, zone
from bot.rules.pace import behind_from, ce_pace
from bot.rules.person import Learner
from bot.rules.renewal import latest_crossed, renewal_milestones
from bot.rules.stall import STALL_REPEATS, stall_at, stalls


@dataclass(frozen=True)
class Due:
    """One reminder: its ledger key (kind, period), when it became due, and what it is about."""

    kind: Kind
    period: str
    due_at: dt.datetime
    data: dict[str, str | int | float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Plan:
    due: list[Due]
    next_check: dt.datetime | None


def plan(learner: Learner, catalog: Catalog, now: dt.datetime) -> Plan:
    """The reminders due for `learner` at `now`, and the next moment anything could fall due."""
    if not learner.reminders_on or learner.paused_reason:
        return Plan([], None)
    tz = zone(learner.zone_name)
    today = now.astimezone(tz).date()
    due: list[Due] = []
    upcoming: list[dt.datetime] = []

    for held in learner.certs:
        cert = catalog.certification(held.code)
        if cert is None:
            continue
        end = cycle_end(cert, held.cycle_start, held.valid_through)
        if end is not None:
            crossed, next_day = latest_crossed(renewal_milestones(cert, end), today)
            if crossed is not None:
                day, label = crossed
                due.append(
                    Due(
                        Kind.RENEWAL,
                        f"{cert.code}:{end.isoformat()}:{label}",
                        local_midnight(day, tz),
                        {"code": cert.code, "end": end.isoformat(), "label": label},
                    )
                )
            if next_day is not None:
                upcoming.append(local_midnight(next_day, tz))
        pace = ce_pace(cert, held, learner.ce, today)
        if pace is not None and not pace.met:
            month = today.strftime("%Y-%m")
            if pace.behind:
                due.append(
                    Due(
                        Kind.CE_PACE,
                        f"{cert.code}:{pace.end.isoformat()}:{month}",
                        local_midnight(today.replace(day=1), tz),
                        {"code": cert.code, "end": pace.end.isoformat(), "month": month},
                    )
                )
            first_of_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            upcoming.append(local_midnight(first_of_next, tz))
            behind = behind_from(pace, now)
            if behind is not None:
                upcoming.append(behind)

    last = learner.last_progress_at
    if last is not None and learner.steps_done < catalog.step_count:
        n = stalls(last, now)
        if n >= 1:
            due.append(
                Due(
                    Kind.STALLED,
                    f"{last.isoformat(timespec='seconds')}:{n}",
                    stall_at(last, n),
                    {"n": n},
                )
            )
        if n < STALL_REPEATS:
            upcoming.append(stall_at(last, n + 1))

    if learner.mentor_digest is not None:
        weekday, minute = learner.mentor_digest
        this_week = week_moment(now, weekday, minute, tz)
        if now >= this_week:
            year, week, _ = this_week.astimezone(tz).isocalendar()
            due.append(Due(Kind.MENTOR_DIGEST, f"{year}-W{week:02d}", this_week, {}))
            # Next week's moment in local time (not +7×24 h, which drifts across DST).
            upcoming.append(week_moment(now + dt.timedelta(days=7), weekday, minute, tz))
        else:
            upcoming.append(this_week)

    later = [u for u in upcoming if u > now]
    return Plan(due, min(later) if later else None)
