"""Calendar dates read as the same day for every reader; modals start on the person's own day.

The zones are the two ends of the clock: Pacific/Kiritimati is UTC+14 and Pacific/Pago_Pago is
UTC-11, so at 10:30 UTC on Monday 30 November 2026 it is Tuesday 1 December in the one and still
Sunday 29 November in the other.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine

from bot import notify
from tests.utils import Harness, all_text, as_seen_in

EAST, WEST = "Pacific/Kiritimati", "Pacific/Pago_Pago"
MOMENT = dt.datetime(2026, 11, 30, 10, 30, tzinfo=dt.UTC)


def forms(day: dt.date) -> str:
    """The day as we write it ("1 May 2027") or as Slack renders a date token ("May 1, 2027")."""
    return rf"\b({day.day} {day:%b %Y}|{day:%b} {day.day}, {day.year})\b"


def assert_shows_day(text: str, day: dt.date) -> None:
    """Every reader, east or west, sees `day` and neither of its neighbours."""
    for reader in (EAST, WEST):
        seen = as_seen_in(text, reader)
        assert re.search(forms(day), seen), (reader, seen)
        for other in (day - dt.timedelta(days=1), day + dt.timedelta(days=1)):
            assert not re.search(forms(other), seen), (reader, other, seen)


async def in_zone(h: Harness, user: str, zone: str) -> None:
    h.slack.users[user] = {"tz": zone}
    assert zone in all_text(await h.command(f"remind tz {zone}", user=user))


@pytest.mark.parametrize("zone", [EAST, WEST])
async def test_dates_without_a_time_show_the_same_day_to_every_reader(
    harness: Harness, zone: str
) -> None:
    h = harness
    with time_machine.travel(MOMENT, tick=True):
        await in_zone(h, "U1", zone)
        added = all_text(await h.command("cert add CCM 2022-05-01"))  # the cycle ends 1 May 2027
        assert_shows_day(added, dt.date(2027, 5, 1))
        assert_shows_day(all_text(await h.command("certs")), dt.date(2027, 5, 1))
        logged = all_text(await h.command("ce log 2 ccm 2026-05-01 Dementia care webinar"))
        assert "Logged 2 h" in logged
        assert_shows_day(all_text(await h.command("ce")), dt.date(2026, 5, 1))
        assert "until" in all_text(await h.command("remind vacation 2026-12-24"))
        assert_shows_day(all_text(await h.command("remind")), dt.date(2026, 12, 24))
        # A moment keeps Slack's token: each reader sees it in their own zone.
        assert "<!date^" in all_text(await h.command("remind snooze 3"))


def _initial_date(view: dict[str, Any]) -> str:
    [day] = [
        b["element"]["initial_date"]
        for b in view["blocks"]
        if b.get("type") == "input" and "initial_date" in b.get("element", {})
    ]
    return str(day)


@pytest.mark.parametrize(
    ("zone", "today"),
    [(EAST, "2026-12-01"), (WEST, "2026-11-29"), ("UTC", "2026-11-30")],
)
async def test_modals_start_on_the_persons_own_day(harness: Harness, zone: str, today: str) -> None:
    h = harness
    with time_machine.travel(MOMENT, tick=True):
        await in_zone(h, "U1", zone)
        for action, value in (("open_ce_modal", ""), ("open_cert_modal", "CCM")):
            assert await h.click(action, value, user="U1") == 200
            await notify.drain()
            assert _initial_date(h.slack.of("views.open")[-1].params["view"]) == today, action
