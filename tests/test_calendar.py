"""`/careerpath calendar` and the App Home button: an RFC 5545 file, read back with icalendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from icalendar import Calendar

from bot import notify
from bot.catalog import Catalog
from bot.rules.cycles import Held
from bot.rules.renewal_calendar import add_months, checkpoints, milestones
from tests.test_surfaces import click, open_home
from tests.utils import Harness, all_text


def events(raw: bytes) -> list[Any]:
    cal = Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0"
    assert "careerpath" in str(cal["PRODID"])
    return list(cal.walk("VEVENT"))


def by_summary(raw: bytes) -> dict[str, Any]:
    return {str(e["SUMMARY"]): e for e in events(raw)}


async def export(h: Harness, user: str = "U1") -> bytes:
    before = len(h.slack.uploads)
    reply = await h.command("calendar", user=user)
    assert "on its way" in all_text(reply)
    await notify.drain()
    assert len(h.slack.uploads) == before + 1
    return h.slack.uploads[-1]


def day_of(event: Any, key: str) -> dt.date:
    value = event.decoded(key)
    # All-day: a DATE, not a DATE-TIME, so no timezone can move it to another day.
    assert type(value) is dt.date, (key, value)
    assert event[key].params.get("VALUE") == "DATE"
    return value


@pytest.mark.parametrize(
    "tz", ["Pacific/Tongatapu", "Pacific/Honolulu", "UTC", "America/Chicago", "Europe/London"]
)
async def test_cycle_end_is_the_persons_own_date_in_every_timezone(
    harness: Harness, tz: str
) -> None:
    h = harness
    h.slack.users["U1"] = {"tz": tz}
    await h.command(f"remind tz {tz}")
    await h.command("cert add CCM 2024-02-29")  # 5 years, same day: 28 Feb 2029
    await h.command("cert add CMC 2023-11-15")  # 3 years, end of month: 30 Nov 2026
    raw = await export(h)
    got = by_summary(raw)

    ccm_end = got["CCM cycle ends: renew"]
    assert day_of(ccm_end, "DTSTART") == dt.date(2029, 2, 28)
    assert day_of(ccm_end, "DTEND") == dt.date(2029, 3, 1)
    cmc_end = got["CMC cycle ends: renew"]
    assert day_of(cmc_end, "DTSTART") == dt.date(2026, 11, 30)
    assert day_of(cmc_end, "DTEND") == dt.date(2026, 12, 1)

    for days in (180, 90, 30, 7):
        ev = got[f"CCM renewal: {days} days left"]
        assert day_of(ev, "DTSTART") == dt.date(2029, 2, 28) - dt.timedelta(days=days)
        assert day_of(ev, "DTEND") == day_of(ev, "DTSTART") + dt.timedelta(days=1)
    # CE pace checkpoints at each anniversary: 29 Feb becomes 28 Feb, except in leap years.
    checkpoints = sorted(
        (day_of(e, "DTSTART"), s) for s, e in got.items() if s.startswith("CCM CE checkpoint")
    )
    assert [d for d, _ in checkpoints] == [
        dt.date(2025, 2, 28),
        dt.date(2026, 2, 28),
        dt.date(2027, 2, 28),
        dt.date(2028, 2, 29),
    ]
    assert checkpoints[0][1] == "CCM CE checkpoint: 16 of 80 h"
    assert checkpoints[-1][1] == "CCM CE checkpoint: 64 of 80 h"
    assert len(got) == len(events(raw)) == 2 * 5 + 4 + 2  # no duplicate summaries

    for ev in events(raw):
        assert "check with the certifying body" in str(ev["DESCRIPTION"])
        stamp = ev.decoded("DTSTAMP")
        assert isinstance(stamp, dt.datetime) and stamp.utcoffset() == dt.timedelta(0)
        assert str(ev["TRANSP"]) == "TRANSPARENT"


async def test_the_file_is_rfc5545_text_with_stable_uids(harness: Harness) -> None:
    h = harness
    await h.command("cert add CCM 2024-05-01")
    first = await export(h)
    # CRLF line endings, lines folded at 75 octets.
    assert first.endswith(b"\r\n") and b"\n" not in first.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in first.split(b"\r\n"))
    assert first.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"METHOD:PUBLISH" in first

    second = await export(h)
    uids = {str(e["UID"]): str(e["SUMMARY"]) for e in events(first)}
    assert len(uids) == len(events(first))  # unique
    assert {str(e["UID"]): str(e["SUMMARY"]) for e in events(second)} == uids
    # Another person with the same certification gets events of their own.
    await h.command("cert add CCM 2024-05-01", user="U2")
    theirs = {str(e["UID"]) for e in events(await export(h, user="U2"))}
    assert not theirs & set(uids)
    # A renewal starts a new cycle: its events are new ones.
    await h.command("cert add CCM 2025-06-01")
    renewed = {str(e["UID"]) for e in events(await export(h))}
    assert not renewed & set(uids)


async def test_no_certifications_no_file(harness: Harness) -> None:
    h = harness
    reply = await h.command("calendar")
    await notify.drain()
    assert "no certifications recorded" in all_text(reply)
    assert h.slack.uploads == [] and h.slack.of("files.getUploadURLExternal") == []
    assert "no extra words" in all_text(await h.command("calendar please"))


async def test_a_failed_upload_gets_a_reply(harness: Harness) -> None:
    h = harness
    await h.command("cert add CMC 2024-01-10")
    h.slack.faults.method_errors["files.completeUploadExternal"] = "not_allowed"
    reply = await h.command("calendar")
    assert "on its way" in all_text(reply)
    await notify.drain()
    said = [all_text(c.params) for c in h.slack.of("response_url")]
    assert any("couldn't send your renewal calendar" in t for t in said), said


async def test_the_app_home_button_sends_the_same_calendar(harness: Harness) -> None:
    h = harness
    home = await open_home(h)
    assert "Add renewals to my calendar" not in all_text(home)
    await h.command("cert add CMC 2024-01-10")
    by_command = await export(h)
    home = await open_home(h, event_id="Ev2")
    buttons = [
        e
        for b in home["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["text"]["text"] == "Add renewals to my calendar"
    ]
    assert len(buttons) == 1
    await click(h, buttons[0]["action_id"], buttons[0].get("value", ""), home=True)
    assert len(h.slack.uploads) == 2
    by_button = h.slack.uploads[-1]
    assert {(str(e["UID"]), e.decoded("DTSTART")) for e in events(by_button)} == {
        (str(e["UID"]), e.decoded("DTSTART")) for e in events(by_command)
    }
    dm = h.slack.of("files.completeUploadExternal")[-1].params
    assert dm["channel_id"] == "DU1"


def test_quarterly_checkpoints_for_short_cycles(catalog: Catalog) -> None:
    cert = catalog.certification("CMC")
    assert cert is not None
    short = cert.model_copy(update={"cycle_years": 1, "cycle_end": "same_day"})
    start = dt.date(2024, 11, 30)
    end = dt.date(2025, 11, 30)
    got = checkpoints(short, start, end)
    assert [(k, d) for k, _, d in got] == [
        ("ce-q1", dt.date(2025, 2, 28)),
        ("ce-q2", dt.date(2025, 5, 30)),
        ("ce-q3", dt.date(2025, 8, 30)),
    ]
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    # No CE requirement (C-SWCM): the cycle end and renewal milestones only.
    kinds = {m.kind for m in milestones(catalog, [Held("C-SWCM", dt.date(2025, 1, 1))])}
    assert kinds == {"cycle-end", "renewal-d180", "renewal-d90", "renewal-d30", "renewal-d7"}
