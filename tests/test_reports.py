"""`/careerpath cohort report`: a CSV and a PNG chart in the DM, for the owner or an admin,
holding members only; and the same from the owner's App Home."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any
from zoneinfo import ZoneInfo

from bot import notify
from bot.chart import draw
from bot.reports import csv_bytes, safe_cell
from bot.rules.cycles import add_years
from bot.rules.report import ReportRow, weekly
from tests.test_surfaces import click, open_home
from tests.utils import Harness, all_text

CHANNEL = "CPROG"
PNG = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG)
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


async def cmd(h: Harness, text: str, user: str, channel: str = CHANNEL) -> dict[str, Any]:
    """One command, then its background work (SQLite writers take turns: see the report)."""
    reply = await h.command(text, user=user, channel=channel)
    await notify.drain()
    return reply


async def seed(h: Harness) -> dt.date:
    """A cohort owned by UOWN with members UA, UB, UC; UX has progress but never joined;
    UL joined, made progress and left. Returns the date UA's CCM cycle ends."""
    h.slack.invite(CHANNEL)
    await cmd(h, "cohort create R&D <care> =SUM(A1)", "UOWN")
    for user in ("UA", "UB", "UC", "UL"):
        await cmd(h, "cohort join", user)
    for n in (1, 2, 3):
        await cmd(h, f"done {n}", "UA")
    await cmd(h, "done 1", "UB")
    for n in range(1, 6):
        await cmd(h, f"done {n}", "UX")
    await cmd(h, "done 1", "UL")
    await cmd(h, "cohort leave", "UL")
    # A cycle ending about 30 days from now, whatever day the test runs.
    start = add_years(dt.datetime.now(dt.UTC).date() + dt.timedelta(days=30), -5)
    await cmd(h, f"cert add CCM {start.isoformat()}", "UA")
    await cmd(h, "ce log 2 CCM Ethics webinar", "UA")
    await cmd(h, "cert add CMC 2025-01-10", "UB")
    await notify.drain()
    end = add_years(start, 5)
    return end


def uploaded(h: Harness, before: int) -> tuple[bytes, list[dict[str, str]]]:
    new = h.slack.uploads[before:]
    assert len(new) == 2, len(new)
    png = next(b for b in new if b.startswith(PNG))
    table = next(b for b in new if not b.startswith(PNG))
    return png, list(csv.DictReader(io.StringIO(table.decode("utf-8"))))


async def test_the_owner_gets_a_csv_and_a_chart_of_members_only(any_harness: Harness) -> None:
    h = any_harness
    ends = await seed(h)
    before = len(h.slack.uploads)
    reply = await cmd(h, "cohort report", "UOWN")
    text = all_text(reply)
    assert "on its way" in text
    assert "R&amp;D &lt;care&gt;" in text  # the cohort's name escaped once
    await notify.drain()
    png, rows = uploaded(h, before)

    assert [r["member"] for r in rows] == ["UA", "UB", "UC", "UOWN"]  # furthest along first
    ua = rows[0]
    assert ua["steps_done"] == "3" and ua["last_step"] == "3"
    assert ua["last_step_on_utc"] == dt.datetime.now(dt.UTC).date().isoformat()
    assert ua["certifications_due_within_90_days"] == f"CCM {ends.isoformat()}"
    assert ua["ce_pace"].startswith("CCM 2/80 h, behind by ")
    ub = rows[1]
    assert ub["steps_done"] == "1" and ub["certifications_due_within_90_days"] == ""
    assert ub["ce_pace"].startswith("CMC 0/45 h")
    assert rows[2]["steps_done"] == "0" and rows[2]["last_step"] == ""

    assert png_size(png) == (800, 900)
    complete = h.slack.of("files.completeUploadExternal")[-1].params
    assert complete["channel_id"] == "DUOWN"
    titles = [f["title"] for f in json.loads(complete["files"])]
    assert any(
        "steps done by 4 members" in t and "completed in the last 12 weeks" in t for t in titles
    )
    alt = [c.params.get("alt_txt") for c in h.slack.of("files.getUploadURLExternal")]
    assert any(a and "steps done by 4 members" in a for a in alt)


async def test_anyone_else_is_refused_and_sees_nothing(harness: Harness) -> None:
    h = harness
    await seed(h)
    before = len(h.slack.uploads)
    for user in ("UA", "UX"):  # a member, and someone outside the cohort
        text = all_text(await cmd(h, "cohort report", user))
        assert "Only the cohort's owner or a workspace admin" in text
        assert not any(u in text for u in ("UA", "UB", "UC", "UOWN")), text
    await notify.drain()
    assert len(h.slack.uploads) == before
    # A workspace admin may, member or not.
    h.slack.users["UADMIN"] = {"is_admin": True}
    assert "on its way" in all_text(await cmd(h, "cohort report", "UADMIN"))
    await notify.drain()
    _, rows = uploaded(h, before)
    assert {r["member"] for r in rows} == {"UA", "UB", "UC", "UOWN"}
    # Outside a cohort's channel: the usual explanation, no file.
    assert "No cohort runs in this channel" in all_text(
        await h.command("cohort report", user="UOWN", channel="COTHER")
    )


async def test_a_failed_upload_gets_a_reply(harness: Harness) -> None:
    h = harness
    await seed(h)
    h.slack.faults.method_errors["files.getUploadURLExternal"] = "missing_scope"
    assert "on its way" in all_text(await cmd(h, "cohort report", "UOWN"))
    await notify.drain()
    said = [all_text(c.params) for c in h.slack.of("response_url")]
    assert any("couldn't send the report" in t for t in said), said


async def test_the_owners_app_home_offers_the_report(harness: Harness) -> None:
    h = harness
    await seed(h)
    home = await open_home(h, user="UOWN")
    buttons = [
        e for b in home["blocks"] if b.get("block_id") == "home_reports" for e in b["elements"]
    ]
    assert len(buttons) == 1 and "R&D <care>" in buttons[0]["text"]["text"]
    assert "home_reports" not in json.dumps(await open_home(h, user="UA", event_id="Ev2"))
    before = len(h.slack.uploads)
    await click(h, buttons[0]["action_id"], buttons[0]["value"], home=True, user="UOWN")
    _, rows = uploaded(h, before)
    assert len(rows) == 4
    # The same button pressed by someone else (a forged or forwarded click): refused.
    before = len(h.slack.uploads)
    await click(h, buttons[0]["action_id"], buttons[0]["value"], home=True, user="UA")
    assert len(h.slack.uploads) == before
    refused = h.slack.of("chat.postMessage")[-1].params
    assert refused["channel"] == "DUA" and "Only the cohort's owner" in refused["text"]


def row(member: str, steps: int) -> ReportRow:
    return ReportRow(member, steps, steps or None, None, (), ())


def test_csv_cells_cannot_become_formulas() -> None:
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    for risky in ("+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(risky) == "'" + risky
    assert safe_cell("U123") == "U123" and safe_cell(3) == "3" and safe_cell(None) == ""
    table = csv_bytes([row("=cmd|' /C calc'!A0", 2), row("U1", 1)]).decode()
    parsed = list(csv.reader(io.StringIO(table)))
    assert parsed[1][0] == "'=cmd|' /C calc'!A0"
    assert table.endswith("\r\n")


def test_a_large_cohort_is_drawn_as_members_per_step_count() -> None:
    members = [(f"U{i:04d}", i % 11) for i in range(40)]
    weeks = [(dt.date(2026, 1, 5) + dt.timedelta(weeks=k), k % 3) for k in range(12)]
    small = draw(members[:5], weeks, 10)
    large = draw(members, weeks, 10)
    assert png_size(small) == png_size(large) == (800, 900)
    assert small != large


def test_weeks_are_counted_where_the_reader_is() -> None:
    # Sunday 11:30 UTC is already Monday in Tongatapu (UTC+13), still Sunday in Honolulu.
    moment = dt.datetime(2026, 3, 8, 11, 30, tzinfo=dt.UTC)
    today = dt.date(2026, 3, 12)
    tonga = dict(weekly([moment], ZoneInfo("Pacific/Tongatapu"), today, weeks=3))
    hawaii = dict(weekly([moment], ZoneInfo("Pacific/Honolulu"), today, weeks=3))
    assert tonga == {dt.date(2026, 2, 23): 0, dt.date(2026, 3, 2): 0, dt.date(2026, 3, 9): 1}
    assert hawaii == {dt.date(2026, 2, 23): 0, dt.date(2026, 3, 2): 1, dt.date(2026, 3, 9): 0}
