"""The dates of a renewal calendar, pure: held certifications in, dated milestones out.

For each held certification with a cycle, on the person's own calendar dates (date-only:
no moment, so no timezone can move them):
- `cycle-end`: the last day of the recorded cycle;
- `renewal-d<N>`: N days before it, for each of the content's reminder offsets
  (180/90/30/7), as the renewal reminders count them;
- `ce-y<k>` / `ce-q<k>`: CE pace checkpoints, where the pro-rata line of `ce_pace` stands:
  each anniversary of the cycle start for cycles of two years or more (a 5-year cycle gets
  years 1–4), each quarter for shorter cycles. The final checkpoint is the cycle end itself.
A recorded cycle that has already ended still gives its dates: renewing (`cert add`) starts
a new cycle, and with it a new set of events.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bot.catalog import Catalog, Certification
from bot.rules.cycles import Held, add_years, cycle_end

QUARTERLY_BELOW_YEARS = 2


@dataclass(frozen=True)
class Milestone:
    """One dated event of a certification's cycle."""

    code: str
    cycle_start: dt.date
    cycle_end: dt.date
    kind: str
    day: dt.date
    # CE hours on the pro-rata line at `day` (None when the content sets no requirement).
    ce_expected: float | None = None
    # "year 1 of 5", "quarter 2 of 4": where a checkpoint sits in the cycle.
    period: str = ""

    @property
    def days_left(self) -> int:
        return (self.cycle_end - self.day).days


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def pro_rata(cert: Certification, start: dt.date, end: dt.date, day: dt.date) -> float | None:
    """CE hours expected by `day`: the line `ce_pace` measures against."""
    if not cert.ce_hours:
        return None
    days = max((end - start).days, 1)
    elapsed = min(max((day - start).days, 0), days)
    return cert.ce_hours * elapsed / days


def checkpoints(
    cert: Certification, start: dt.date, end: dt.date
) -> list[tuple[str, str, dt.date]]:
    """(kind, period, day) of the CE pace checkpoints strictly inside the cycle."""
    if not cert.ce_hours or not cert.cycle_years:
        return []
    if cert.cycle_years >= QUARTERLY_BELOW_YEARS:
        n = cert.cycle_years
        days = [(f"ce-y{k}", f"year {k} of {n}", add_years(start, k)) for k in range(1, n)]
    else:
        n = 4 * cert.cycle_years
        days = [(f"ce-q{k}", f"quarter {k} of {n}", add_months(start, 3 * k)) for k in range(1, n)]
    return [(kind, period, day) for kind, period, day in days if start < day < end]


def milestones(catalog: Catalog, held: Iterable[Held]) -> list[Milestone]:
    """Every calendar date of every held certification, in date order."""
    out: list[Milestone] = []
    for h in held:
        cert = catalog.certification(h.code)
        end = cycle_end(cert, h.cycle_start, h.valid_through) if cert is not None else None
        if cert is None or end is None:
            continue

        start = h.cycle_start
        dates = [("cycle-end", end, "")]
        if cert.reminders:
            for offset in cert.reminder_offsets_days:
                day = end - dt.timedelta(days=offset)
                if day > start:
                    dates.append((f"renewal-d{offset}", day, ""))
        dates += [(kind, day, period) for kind, period, day in checkpoints(cert, start, end)]
        out += [
            Milestone(cert.code, start, end, kind, day, pro_rata(cert, start, end, day), period)
            for kind, day, period in dates
        ]
    return sorted(out, key=lambda m: (m.day, m.code, m.kind))
