"""The planner: what falls due when, with no burst after downtime."""

from __future__ import annotations

import datetime as dt

from bot.catalog import Catalog
from bot.rules.cycles import Held
from bot.rules.pace import CeLog, ce_pace
from bot.rules.person import Learner
from bot.rules.plan import plan

UTC = dt.UTC


def learner(**kw: object) -> Learner:
    base: dict[str, object] = {"user_id": 1, "team_id": "T1", "slack_user_id": "U1", "tz": "UTC"}
    base.update(kw)
    return Learner(**base)  # type: ignore[arg-type]


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), UTC)


def test_renewal_offsets_in_turn(catalog: Catalog) -> None:
    start = dt.date(2022, 3, 15)  # CCM cycle ends 2027-03-15
    person = learner(certs=(Held("CCM", start),), ce=(CeLog("CCM", 80, True, dt.date(2023, 1, 1)),))
    end = dt.date(2027, 3, 15)
    periods = {}
    for days_before in (200, 180, 120, 90, 30, 10, 7, 1, 0, -1, -20):
        p = plan(person, catalog, at(end - dt.timedelta(days=days_before)))
        renewals = [d.period for d in p.due if d.kind == "renewal"]
        periods[days_before] = renewals
    assert periods[200] == []
    assert periods[180] == ["CCM:2027-03-15:d180"]
    assert periods[120] == ["CCM:2027-03-15:d180"]
    assert periods[90] == ["CCM:2027-03-15:d90"]
    assert periods[7] == periods[1] == periods[0] == ["CCM:2027-03-15:d7"]
    assert periods[-1] == periods[-20] == ["CCM:2027-03-15:overdue"]


def test_after_downtime_only_the_latest_milestone(catalog: Catalog) -> None:
    # Added when 20 days remain: 180/90/30 were all crossed; only the 30-day one is due.
    end = dt.date(2027, 3, 15)
    person = learner(
        certs=(Held("CCM", dt.date(2022, 3, 15)),), ce=(CeLog(None, 80, True, dt.date(2024, 1, 1)),)
    )
    p = plan(person, catalog, at(end - dt.timedelta(days=20)))
    assert [d.period for d in p.due if d.kind == "renewal"] == ["CCM:2027-03-15:d30"]
    # Next check: the day the 7-day milestone is crossed, at local midnight.
    assert p.next_check == dt.datetime(2027, 3, 8, tzinfo=UTC)


def test_next_check_is_local_midnight(catalog: Catalog) -> None:
    person = learner(tz="Pacific/Honolulu", certs=(Held("C-SWCM", dt.date(2025, 6, 1)),))
    p = plan(person, catalog, dt.datetime(2026, 11, 1, tzinfo=UTC))
    # 2027-06-01 minus 180 days = 2026-12-03, 00:00 in Honolulu (UTC−10) = 10:00 UTC.
    assert p.next_check == dt.datetime(2026, 12, 3, 10, tzinfo=UTC)


def test_ce_pace(catalog: Catalog) -> None:
    ccm = catalog.certification("CCM")
    assert ccm
    held = Held("CCM", dt.date(2024, 1, 1))
    today = dt.date(2026, 7, 2)  # half way through a five-year cycle: 40 h expected
    behind = ce_pace(ccm, held, [CeLog("CCM", 20, False, dt.date(2025, 1, 1))], today)
    assert behind and behind.behind and round(behind.expected_now) == 40
    ahead = ce_pace(ccm, held, [CeLog(None, 45, False, dt.date(2025, 1, 1))], today)
    assert ahead and not ahead.behind
    # Hours outside the cycle, or for another certification, don't count.
    other = ce_pace(
        ccm,
        held,
        [
            CeLog("CMC", 45, False, dt.date(2025, 1, 1)),
            CeLog("CCM", 45, False, dt.date(2023, 1, 1)),
        ],
        today,
    )
    assert other and other.logged == 0
    person = learner(certs=(held,), ce=(CeLog("CCM", 20, False, dt.date(2025, 1, 1)),))
    p = plan(person, catalog, at(today))
    assert [d.period for d in p.due if d.kind == "ce_pace"] == ["CCM:2029-01-01:2026-07"]
    # A brand-new cycle is not "behind".
    fresh = learner(certs=(Held("CCM", today - dt.timedelta(days=3)),))
    assert not [d for d in plan(fresh, catalog, at(today)).due if d.kind == "ce_pace"]


def test_stalled_progress(catalog: Catalog) -> None:
    last = dt.datetime(2026, 11, 1, 15, tzinfo=UTC)
    person = learner(last_progress_at=last, steps_done=2)
    assert plan(person, catalog, last + dt.timedelta(days=13)).due == []
    p = plan(person, catalog, last + dt.timedelta(days=15))
    assert [d.kind for d in p.due] == ["stalled"]
    assert p.next_check == last + dt.timedelta(days=28)
    done = learner(last_progress_at=last, steps_done=10)
    assert plan(done, catalog, last + dt.timedelta(days=30)).due == []


def test_off_or_paused_plans_nothing(catalog: Catalog) -> None:
    certs = (Held("CCM", dt.date(2022, 3, 15)),)
    now = at(dt.date(2027, 3, 1))
    assert plan(learner(certs=certs, reminders_on=False), catalog, now).due == []
    assert plan(learner(certs=certs, paused_reason="account_inactive"), catalog, now).due == []
