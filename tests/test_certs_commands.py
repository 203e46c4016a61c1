"""cert, certs, ce and remind through the real app: replies, validation, and what is stored."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.utils import Harness, all_text, check_limits


async def test_cert_add_certs_and_remove(harness: Harness) -> None:
    added = all_text(await harness.command("cert add ccm 2022-03-15"))
    assert "Added *CCM*" in added and "Mon 15 Mar 2027" in added  # the cycle's end, as a date
    mine = await harness.command("certs")
    check_limits(mine)
    text = all_text(mine)
    assert (
        "Your certifications" in text and "CCM" in text and "check with the certifying body" in text
    )
    renewed = all_text(await harness.command("cert add CCM 2026-03-15"))
    assert "Updated *CCM*" in renewed
    assert (await harness.row_counts())["held_certifications"] == 1
    assert "Removed CCM" in all_text(await harness.command("cert remove ccm"))
    assert "nothing changed" in all_text(await harness.command("cert remove ccm"))
    assert (await harness.row_counts())["held_certifications"] == 0


async def test_cmc_cycle_ends_on_the_last_day_of_the_month(harness: Harness) -> None:
    text = all_text(await harness.command("cert add CMC 2024-02-10"))
    assert "28 Feb 2027" in text


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("cert add XYZ 2020-01-01", "Known ones"),
        ("cert add CCM", "Add the date"),
        ("cert add CCM 15/03/2022", "not a date"),
        ("cert add CCM 2099-01-01", "in the future"),
        ("cert", "cert add CCM"),
        ("ce log", "How many hours"),
        ("ce log abc Course", "not a number"),
        ("ce log 0.1 Course", "between 0.25 and 100"),
        ("ce log 101 Course", "between 0.25 and 100"),
        ("ce log nan Course", "not a number"),
        ("ce log inf Course", "not a number"),
        ("ce log 2 CCM", "Add a title"),
        ("ce log 2 2099-05-01 Future course", "in the future"),
        ("ce frobnicate", "ce log 1.5"),
        ("remind time 25:00", "HH:MM"),
        ("remind snooze forever", "1 to 365"),
        ("remind vacation 2020-01-01", "has passed"),
        ("remind vacation someday", "YYYY-MM-DD"),
        ("remind tz Mars/Olympus", "IANA"),
        ("remind dance", "remind status"),
    ],
)
async def test_bad_input_gets_a_clear_reply_and_changes_nothing(
    harness: Harness, text: str, expect: str
) -> None:
    before = await harness.row_counts()
    reply = await harness.command(text)
    check_limits(reply)
    assert expect in all_text(reply)
    after = await harness.row_counts()
    assert after["ce_entries"] == before["ce_entries"]
    assert after["held_certifications"] == before["held_certifications"]


async def test_ce_log_and_pace(harness: Harness) -> None:
    today = dt.date.today()
    start = (today - dt.timedelta(days=365)).isoformat()
    await harness.command(f"cert add CCM {start}")
    taken = (today - dt.timedelta(days=30)).isoformat()  # inside the cycle, whatever today is
    reply = all_text(await harness.command(f"ce log 2.5 ccm ethics {taken} Ethics in practice"))
    assert "Logged 2.5 h" in reply and "ethics 2.5/8" in reply and "behind pace" in reply
    await harness.command("ce log 20 Big conference")  # no code: counts toward every cycle
    text = all_text(await harness.command("ce"))
    assert "22.5/80" in text and "ahead of pace" in text
    assert (await harness.row_counts())["ce_entries"] == 2


async def test_remind_settings_round_trip(harness: Harness) -> None:
    assert "Reminders: *on*" in all_text(await harness.command("remind"))
    assert "08:30" in all_text(await harness.command("remind time 8:30"))
    assert "Snoozed until" in all_text(await harness.command("remind snooze 7"))
    assert "Europe/Lisbon" in all_text(await harness.command("remind tz Europe/Lisbon"))
    assert "Reminders: *off*" in all_text(await harness.command("remind off"))
    status = all_text(await harness.command("remind status"))
    assert "Reminders: *off*" in status and "08:30" in status
