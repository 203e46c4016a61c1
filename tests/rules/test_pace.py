"""CE pace: the pro-rata line, 'behind' by more than a month, and when it would be."""

from __future__ import annotations

import datetime as dt

from bot.catalog import Catalog
from bot.rules.cycles import Held
from bot.rules.pace import CeLog, behind_from, ce_pace, ce_since

D = dt.date


def test_pace_counts_only_the_current_cycle(catalog: Catalog) -> None:
    ccm = catalog.certification("CCM")  # 80 h in 5 years
    assert ccm
    held = Held("CCM", D(2022, 3, 15))  # to 2027-03-15
    logs = [
        CeLog("CCM", 10, False, D(2022, 3, 14)),  # before the cycle
        CeLog("CCM", 20, True, D(2022, 3, 15)),
        CeLog(None, 5, False, D(2024, 1, 1)),  # hours for any certification count
        CeLog("CMC", 7, False, D(2024, 1, 1)),  # another certification's do not
    ]
    pace = ce_pace(ccm, held, logs, D(2024, 9, 14))
    assert pace is not None
    assert (pace.start, pace.end) == (D(2022, 3, 15), D(2027, 3, 15))
    assert (pace.logged, pace.ethics_logged) == (25, 20)
    assert round(pace.expected_now, 1) == 40.0  # half way through
    assert round(pace.month_of_pace, 2) == round(80 * 30 / 1826, 2)
    assert pace.behind and not pace.met
    assert round(pace.gap, 1) == 15.0


def test_a_fresh_cycle_is_not_behind(catalog: Catalog) -> None:
    ccm = catalog.certification("CCM")
    assert ccm
    pace = ce_pace(ccm, Held("CCM", D(2026, 11, 1)), [], D(2026, 11, 25))
    assert pace is not None and not pace.behind
    when = behind_from(pace, dt.datetime(2026, 11, 25, tzinfo=dt.UTC))
    # Behind once the line is more than a month ahead of nothing logged: about 31 days in.
    assert when is not None and when.date() == D(2026, 12, 2)


def test_no_requirement_no_pace(catalog: Catalog) -> None:
    swcm = catalog.certification("C-SWCM")
    assert swcm
    assert ce_pace(swcm, Held("C-SWCM", D(2025, 1, 1)), [], D(2026, 1, 1)) is None
    assert ce_since(catalog, [Held("C-SWCM", D(2025, 1, 1))], D(2026, 1, 1)) is None


def test_ce_since_is_the_earliest_current_cycle(catalog: Catalog) -> None:
    held = [Held("CCM", D(2022, 3, 15)), Held("CMC", D(2024, 1, 10))]
    assert ce_since(catalog, held, D(2026, 1, 1)) == D(2022, 3, 15)
    # Both renewed since: the CMC's new cycle (from 2027-02-01) began first.
    assert ce_since(catalog, held, D(2027, 6, 1)) == D(2027, 2, 1)
