"""A certificate's printed "valid through" date wins over the computed cycle end everywhere
a cycle end shows: the renewal calendar and the cohort report, as in reminders and `certs`."""

from __future__ import annotations

import datetime as dt

from bot.catalog import Catalog
from bot.rules.cycles import Held, cycle_end
from bot.rules.renewal_calendar import milestones
from bot.rules.report import MemberFacts, rows

D = dt.date
START = D(2022, 3, 15)  # CCM: five years, so the computed end is 15 March 2027
PRINTED = D(2027, 2, 28)  # what the certificate says


def test_the_calendar_ends_the_cycle_on_the_printed_date(catalog: Catalog) -> None:
    ccm = catalog.certification("CCM")
    assert ccm and cycle_end(ccm, START) == D(2027, 3, 15)
    dates = milestones(catalog, [Held("CCM", START, PRINTED)])
    ends = [m.day for m in dates if m.kind == "cycle-end"]
    assert ends == [PRINTED]
    assert all(m.cycle_end == PRINTED for m in dates)
    # The renewal reminders count back from the printed date too.
    renewals = sorted(m.day for m in dates if m.kind.startswith("renewal-d"))
    assert renewals and all(day < PRINTED for day in renewals)
    assert PRINTED - dt.timedelta(days=max(ccm.reminder_offsets_days)) in renewals


def test_the_report_says_due_by_the_printed_date(catalog: Catalog) -> None:
    today = D(2026, 12, 15)
    member = MemberFacts("U1", certs=(Held("CCM", START, PRINTED),))
    [row] = rows([member], catalog, today)
    assert ("CCM", PRINTED) in row.due_soon
    # Without the printed date, the computed end.
    [row] = rows([MemberFacts("U1", certs=(Held("CCM", START),))], catalog, today)
    assert all(day != PRINTED for _, day in row.due_soon)
