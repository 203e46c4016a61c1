"""A cohort's programme report, pure: members' facts and a date in, report rows out.

Per member: steps done, the step marked done most recently and when, certifications whose
cycle ends within 90 days (not yet ended), and the CE pace of each held certification with
a requirement (as `/careerpath ce` shows it). The cohort: step completions per week.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.catalog import Catalog
from bot.rules.cycles import Held
from bot.rules.pace import CeLog, CePace, outlook

WEEKS = 12


@dataclass(frozen=True)
class MemberFacts:
    """One member of a cohort, as the report needs them. Only members are ever loaded."""

    slack_user_id: str
    steps: tuple[tuple[int, dt.datetime], ...] = ()  # (step, when it was marked done)
    certs: tuple[Held, ...] = ()
    ce: tuple[CeLog, ...] = ()


@dataclass(frozen=True)
class ReportRow:
    member: str  # a Slack user id: the report holds no names
    steps_done: int
    last_step: int | None
    last_step_at: dt.datetime | None
    due_soon: tuple[tuple[str, dt.date], ...]
    pace: tuple[CePace, ...]


def rows(facts: Iterable[MemberFacts], catalog: Catalog, today: dt.date) -> list[ReportRow]:
    """One row per member, furthest along first (ties by member id, as `cohort status`)."""
    out = []
    for f in facts:
        last = max(f.steps, key=lambda s: (s[1], s[0]), default=None)
        due, paces = outlook(catalog, sorted(f.certs, key=lambda h: h.code), f.ce, today)
        out.append(
            ReportRow(
                member=f.slack_user_id,
                steps_done=len({s for s, _ in f.steps}),
                last_step=last[0] if last else None,
                last_step_at=last[1] if last else None,
                due_soon=tuple(due),
                pace=tuple(paces),
            )
        )
    return sorted(out, key=lambda r: (-r.steps_done, r.member))


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly(
    moments: Iterable[dt.datetime], tz: ZoneInfo, today: dt.date, weeks: int = WEEKS
) -> list[tuple[dt.date, int]]:
    """Completions in each of the last `weeks` weeks (Monday to Sunday, in `tz`), oldest
    first, ending with the current week; weeks with none count 0."""
    current = week_start(today)
    starts = [current - dt.timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    counts = Counter(week_start(m.astimezone(tz).date()) for m in moments)
    return [(s, counts.get(s, 0)) for s in starts]


def pace_text(pace: CePace) -> str:
    """`CCM 12/80 h, behind by 4.0 h`, `CMC 45/45 h, met`."""
    line = f"{pace.code} {_num(pace.logged)}/{_num(pace.required)} h"
    if pace.logged >= pace.required:
        return line + ", met"
    diff = pace.logged - pace.expected_now
    return line + (f", ahead by {diff:.1f} h" if diff >= 0 else f", behind by {-diff:.1f} h")


def median(values: Sequence[int]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return 0.0
    mid = n // 2
    return float(ordered[mid]) if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _num(x: float) -> str:
    return f"{x:g}" if x == round(x, 2) else f"{x:.2f}"
