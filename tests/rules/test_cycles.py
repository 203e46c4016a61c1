"""Certification cycles: their ends (leap days, month ends, the printed valid-through date),
the cycle a day falls in, and what is due soon."""

from __future__ import annotations

import datetime as dt

from bot.catalog import Catalog
from bot.rules.cycles import Held, add_years, current_cycle, cycle_end, due_soon

D = dt.date


def test_cycle_ends(catalog: Catalog) -> None:
    ccm, cmc = catalog.certification("CCM"), catalog.certification("CMC")
    assert ccm and cmc
    assert cycle_end(ccm, dt.date(2022, 3, 15)) == dt.date(2027, 3, 15)
    # CMC: three years, ending on the last day of the expiry month.
    assert cycle_end(cmc, dt.date(2024, 1, 10)) == dt.date(2027, 1, 31)
    assert cycle_end(cmc, dt.date(2023, 11, 30)) == dt.date(2026, 11, 30)
    # 29 February: the same day years later does not exist outside leap years.
    assert cycle_end(ccm, dt.date(2024, 2, 29)) == dt.date(2029, 2, 28)
    assert cycle_end(cmc, dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert cycle_end(ccm, dt.date(2021, 12, 31)) == dt.date(2026, 12, 31)


def test_valid_through_is_authoritative(catalog: Catalog) -> None:
    ccm = catalog.certification("CCM")
    assert ccm
    assert cycle_end(ccm, D(2022, 3, 15), D(2027, 2, 28)) == D(2027, 2, 28)
    # Even where the content's rule knows no end.
    swcm = catalog.certification("C-SWCM")
    assert swcm
    assert cycle_end(swcm, D(2024, 2, 29)) == D(2026, 2, 28)
    assert cycle_end(swcm, D(2024, 2, 29), D(2026, 3, 1)) == D(2026, 3, 1)


def test_add_years_backwards_from_a_leap_day() -> None:
    assert add_years(D(2024, 2, 29), -1) == D(2023, 2, 28)
    assert add_years(D(2024, 2, 29), -4) == D(2020, 2, 29)


def test_current_cycle_rolls_over_the_day_after_the_end(catalog: Catalog) -> None:
    cmc = catalog.certification("CMC")
    assert cmc
    held = Held("CMC", D(2020, 1, 10))  # ends 2023-01-31
    assert current_cycle(cmc, held, D(2022, 6, 1)) == (D(2020, 1, 10), D(2023, 1, 31))
    assert current_cycle(cmc, held, D(2023, 1, 31)) == (D(2020, 1, 10), D(2023, 1, 31))
    # The next cycle begins the day after; it ends three years after the last one ended.
    assert current_cycle(cmc, held, D(2023, 2, 1)) == (D(2023, 2, 1), D(2026, 1, 31))
    # Two cycles later.
    assert current_cycle(cmc, held, D(2026, 3, 1)) == (D(2026, 2, 1), D(2029, 1, 31))


def test_current_cycle_from_valid_through(catalog: Catalog) -> None:
    ccm = catalog.certification("CCM")
    assert ccm
    held = Held("CCM", D(2022, 3, 15), D(2027, 1, 31))
    assert current_cycle(ccm, held, D(2026, 1, 1)) == (D(2022, 3, 15), D(2027, 1, 31))
    assert current_cycle(ccm, held, D(2027, 2, 1)) == (D(2027, 2, 1), D(2032, 1, 31))


def test_due_soon_is_within_90_days_and_not_over() -> None:
    today = D(2026, 11, 25)
    assert due_soon(today, today)
    assert due_soon(today + dt.timedelta(days=90), today)
    assert not due_soon(today + dt.timedelta(days=91), today)
    assert not due_soon(today - dt.timedelta(days=1), today)
    assert not due_soon(None, today)
