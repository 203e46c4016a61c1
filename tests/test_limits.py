"""Limits and refusals through signed requests: mentor requests, cohort posts and ownership,
input that only breaks later, failed events retried by Slack, and the daily clean-up."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import insert, make_url, select

from bot import notify
from bot.catalog import Catalog
from bot.models import CeEntry, Cohort, Mentorship, User, Workspace, oauth_states_table
from bot.reminders.engine import Engine
from bot.signing import event_body, sign, view_body
from bot.slack_api import Sender, build_background_client
from tests.reminders.factories import sync_engine
from tests.test_faults import Proxy, behind_proxy
from tests.test_mentors_cohorts import age_mentorships, cmd, request_id
from tests.utils import SECRET, TOKEN, Harness, all_text


@pytest.fixture(autouse=True)
def _utc_profiles(slack: Any) -> None:
    slack.default_tz = "UTC"


def dms_to(h: Harness, user: str) -> list[str]:
    return [
        all_text(c.params)
        for c in h.slack.of("chat.postMessage")
        if c.params["channel"] == f"D{user}"
    ]


def rows(h: Harness, stmt: Any, url: str | None = None) -> list[Any]:
    engine = sync_engine(url or str(h.deps.settings.database_url))
    with engine.connect() as conn:
        found = list(conn.execute(stmt).all())
    engine.dispose()
    return found


# --- mentor requests ------------------------------------------------------------------------


async def test_one_request_dm_per_person_and_none_for_a_withdrawal(harness: Harness) -> None:
    h = harness
    assert "I've asked" in await cmd(h, "mentor add <@UM>", "UL")
    assert len(dms_to(h, "UM")) == 1
    # Asked again while pending: said plainly, no second DM.
    again = await cmd(h, "mentor add <@UM>", "UL")
    assert "haven't answered yet" in again and "won't message them again" in again
    assert len(dms_to(h, "UM")) == 1
    # Withdrawn before any answer: no DM at all, and no "ended the mentorship".
    withdrawn = await cmd(h, "mentor remove <@UM>", "UL")
    assert "withdrew your request" in withdrawn and "ended" not in withdrawn
    assert len(dms_to(h, "UM")) == 1
    assert not any("ended the mentorship" in t for t in dms_to(h, "UM"))
    # Five add/remove pairs in a row: still the one DM; each refusal says when.
    for _ in range(5):
        refusal = await cmd(h, "mentor add <@UM>", "UL")
        assert "You withdrew your request" in refusal and "ask them again from" in refusal
        await cmd(h, "mentor remove <@UM>", "UL")
    assert len(dms_to(h, "UM")) == 1
    # After the cooldown, asking works again (one more DM).
    age_mentorships(h, days=8)
    assert "I've asked" in await cmd(h, "mentor add <@UM>", "UL")
    assert len(dms_to(h, "UM")) == 2


async def test_a_declined_request_waits_seven_days(harness: Harness) -> None:
    h = harness
    await cmd(h, "mentor add <@UM>", "UL")
    await h.click("mentor_decline", request_id(h, "UM"), user="UM")
    await notify.drain()
    told = len(dms_to(h, "UM"))
    refusal = await cmd(h, "mentor add <@UM>", "UL")
    assert "declined your request" in refusal and "ask them again from" in refusal
    assert len(dms_to(h, "UM")) == told
    age_mentorships(h, days=6)
    assert "declined your request" in await cmd(h, "mentor add <@UM>", "UL")
    age_mentorships(h, days=2)
    assert "I've asked" in await cmd(h, "mentor add <@UM>", "UL")
    assert len(dms_to(h, "UM")) == told + 1


async def test_a_mentor_removing_a_request_declines_it_quietly(harness: Harness) -> None:
    h = harness
    await cmd(h, "mentor add <@UM>", "UL")
    reply = await cmd(h, "mentor remove <@UL>", "UM")
    assert "declined" in reply
    assert dms_to(h, "UL") == []  # the learner is not messaged
    [(state,)] = rows(h, select(Mentorship.state))
    assert state == "declined"


async def test_at_most_five_pending_requests(harness: Harness) -> None:
    h = harness
    for i in range(5):
        assert "I've asked" in await cmd(h, f"mentor add <@UM{i}>", "UL")
    refusal = await cmd(h, "mentor add <@UM9>", "UL")
    assert "5 mentor requests waiting" in refusal and "mentor remove" in refusal
    assert dms_to(h, "UM9") == []
    # One answered: room for another.
    await h.click("mentor_accept", request_id(h, "UM0"), user="UM0")
    await notify.drain()
    assert "I've asked" in await cmd(h, "mentor add <@UM9>", "UL")
    assert len(dms_to(h, "UM9")) == 1


async def test_ending_an_accepted_mentorship_still_tells_the_other(harness: Harness) -> None:
    h = harness
    await cmd(h, "mentor add <@UM>", "UL")
    await h.click("mentor_accept", request_id(h, "UM"), user="UM")
    await notify.drain()
    assert "has ended" in await cmd(h, "mentor remove <@UM>", "UL")
    assert any("ended the mentorship" in t for t in dms_to(h, "UM"))


# --- cohorts ----------------------------------------------------------------------------------


def channel_posts(h: Harness, channel: str) -> list[str]:
    return [
        all_text(c.params) for c in h.slack.of("chat.postMessage") if c.params["channel"] == channel
    ]


async def test_status_post_once_an_hour(harness: Harness) -> None:
    h = harness
    h.slack.invite("CPOST")
    await cmd(h, "cohort create Spring", "UOWNER", channel="CPOST")
    await cmd(h, "cohort join", "UMEMBER", channel="CPOST")
    assert "Posted" in await cmd(h, "cohort status post", "UOWNER", channel="CPOST")
    posts = len(channel_posts(h, "CPOST"))
    for _ in range(3):
        refusal = await cmd(h, "cohort status post", "UOWNER", channel="CPOST")
        assert "was posted here" in refusal and "posted again from" in refusal
    assert len(channel_posts(h, "CPOST")) == posts
    # The member can still see it privately.
    assert "<@UMEMBER>" in await cmd(h, "cohort status", "UMEMBER", channel="CPOST")
    # An hour later it may be posted again.
    engine = sync_engine(str(h.deps.settings.database_url))
    with engine.begin() as conn:
        [at] = conn.execute(select(Cohort.status_posted_at)).scalars().all()
        at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
        from sqlalchemy import update

        conn.execute(update(Cohort).values(status_posted_at=at - dt.timedelta(minutes=61)))
    engine.dispose()
    assert "Posted" in await cmd(h, "cohort status post", "UOWNER", channel="CPOST")
    assert len(channel_posts(h, "CPOST")) == posts + 1


async def test_close_and_hand_over_for_the_owner_or_an_admin(
    harness: Harness, catalog: Catalog
) -> None:
    h = harness
    h.slack.invite("CCLOSE")
    await cmd(h, "cohort create Autumn", "UOWNER", channel="CCLOSE")
    await cmd(h, "cohort join", "UMEMBER", channel="CCLOSE")
    await cmd(h, "cohort digest monday 09:00", "UOWNER", channel="CCLOSE")
    # A member may do neither.
    assert "🔒" in await cmd(h, "cohort close", "UMEMBER", channel="CCLOSE")
    assert "🔒" in await cmd(h, "cohort owner <@UMEMBER>", "UMEMBER", channel="CCLOSE")
    assert "Mention the new owner" in await cmd(h, "cohort owner bob", "UOWNER", channel="CCLOSE")
    # The owner hands it over; the old owner may no longer post, the new one may.
    handed = await cmd(h, "cohort owner <@UMEMBER|member>", "UOWNER", channel="CCLOSE")
    assert "<@UMEMBER> now owns" in handed
    assert "🔒" in await cmd(h, "cohort status post", "UOWNER", channel="CCLOSE")
    assert "Posted" in await cmd(h, "cohort status post", "UMEMBER", channel="CCLOSE")
    # A workspace admin may close it.
    h.slack.users["UADMIN"] = {"is_admin": True}
    closed = await cmd(h, "cohort close", "UADMIN", channel="CCLOSE")
    assert "is closed" in closed and "digest stops" in closed
    [(active, closed_at, next_digest)] = rows(
        h, select(Cohort.active, Cohort.closed_at, Cohort.next_digest_at)
    )
    assert not active and closed_at is not None and next_digest is None
    # Its digest stops: a sweep a week on posts nothing to the channel.
    sender = Sender(build_background_client(h.slack.api_url, TOKEN), backoff=0.01)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    before = len(channel_posts(h, "CCLOSE"))
    await Engine(h.deps, sender, clock=lambda: later).sweep()
    assert len(channel_posts(h, "CCLOSE")) == before
    # The channel can start a new cohort.
    assert "No cohort runs" in await cmd(h, "cohort status", "UMEMBER", channel="CCLOSE")
    assert "Winter" in await cmd(h, "cohort create Winter", "UMEMBER", channel="CCLOSE")


# --- input cleaned at the edge ---------------------------------------------------------------


async def test_bad_numbers_get_clear_replies_on_both_backends(any_harness: Harness) -> None:
    h = any_harness
    replies = {}
    for text in ("ce log 1_0 Course", "ce log ٣ Course", "ce log 1e1 Course", "ce log inf x"):
        replies[text] = await cmd(h, text, "UL")
        assert "is not a number of hours" in replies[text], text
    huge = "9" * 5000
    reply = await cmd(h, f"done {huge}", "UL")
    assert "not a step number" in reply and "from 1 to" in reply
    assert "went wrong" not in await cmd(h, f"step {huge}", "UL")
    assert "Snooze for 1 to 365 days" in await cmd(h, f"remind snooze {huge}", "UL")
    assert "went wrong" not in await cmd(h, huge, "UL")
    assert rows(h, select(CeEntry.id)) == []
    # Buttons: out of range is out of date, never an integer overflow.
    for action in ("step_done", "mentor_accept", "mentor_decline", "remind_snooze"):
        for value in ("2147483648", huge, "-1", "abc"):
            status = await h.click(action, value, user="UL")
            assert status == 200, (action, value)
            await notify.drain()
            answer = all_text(h.slack.of("response_url")[-1].params)
            assert "out of date" in answer, (action, value, answer)
    assert rows(h, select(User.snooze_until).where(User.snooze_until.is_not(None))) == []


async def test_nul_and_lone_surrogates_never_reach_the_database(any_harness: Harness) -> None:
    h = any_harness
    from bot.signing import command_body

    body = command_body(
        "ce log 1.5 Safety\x00 webinar", team_id="T1", user_id="UL", channel_id="CX"
    )
    status, raw = await h.signed(body)
    assert status == 200 and "Logged" in all_text(json.loads(raw)), raw
    body = command_body(
        "cohort create Night\x00 shift", team_id="T1", user_id="UL", channel_id="CNUL"
    )
    status, raw = await h.signed(body)
    assert status == 200 and "Night shift" in all_text(json.loads(raw)), raw
    # A modal (JSON) can carry lone surrogates too.
    await h.click("open_ce_modal", "", user="UL")
    await notify.drain()
    modal = h.slack.of("views.open")[-1].params["view"]
    state = {
        "hours": {"hours_input": {"type": "number_input", "value": "2"}},
        "title": {"title_input": {"type": "plain_text_input", "value": "Care\ud800 plan\x00s"}},
        "taken_on": {"date_input": {"type": "datepicker", "selected_date": _today()}},
        "ethics": {"ethics_input": {"type": "checkboxes", "selected_options": []}},
        "cert": {"cert_select": {"type": "static_select", "selected_option": None}},
    }
    body = view_body(modal, state, team_id="T1", user_id="UL")
    status, raw = await h.signed(body)
    assert status == 200 and raw in ("", "{}"), raw
    titles = sorted(t for (t,) in rows(h, select(CeEntry.title)))
    assert titles == ["Care plans", "Safety webinar"]
    assert [n for (n,) in rows(h, select(Cohort.name))] == ["Night shift"]


def _today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


# --- events ----------------------------------------------------------------------------------


@pytest.fixture
async def flaky_db(
    pg_url: str, slack: Any, catalog: Catalog
) -> AsyncIterator[tuple[Harness, Proxy]]:
    """The app on PostgreSQL behind a proxy that can cut the database off."""
    async with behind_proxy(pg_url, slack, catalog, database_pool_timeout_seconds=2) as running:
        yield running


async def test_an_event_that_failed_runs_again_on_slacks_retry(
    flaky_db: tuple[Harness, Proxy], pg_url: str
) -> None:
    h, proxy = flaky_db
    await h.command("cert add C-SWCM 2024-12-10", user="U1")
    body = event_body({"type": "app_uninstalled"}, team_id="T1", event_id="EvFlaky")
    headers = {**sign(SECRET, body), "content-type": "application/json"}
    proxy.cut()  # the database is unreachable for a moment
    status, _ = await h.post(body, headers)
    assert status >= 500  # not handled: Slack will retry
    proxy.restore()
    retry = {**headers, "x-slack-retry-num": "1", "x-slack-retry-reason": "http_error"}
    status, _ = await h.post(body, retry)
    assert status == 200
    [(next_check,)] = rows(h, select(User.next_check_at), pg_url)
    assert next_check is None  # the workspace's reminders stopped
    [(gone,)] = rows(h, select(Workspace.uninstalled_at), pg_url)
    assert gone is not None
    # Handled now: a further retry is skipped.
    status, _ = await h.post(body, {**retry, "x-slack-retry-num": "2"})
    assert status == 200


async def test_an_event_whose_work_failed_is_not_recorded(
    pg_url: str, slack: Any, catalog: Catalog
) -> None:
    """The event reaches its listener (the retry guard passed) and its work fails on a
    locked table: nothing is recorded, so Slack's retry does the work."""
    from sqlalchemy import text

    from bot.models import ProcessedEvent

    url = make_url(pg_url).update_query_dict({"options": "-c lock_timeout=500"})
    async with Harness.serving(url.render_as_string(hide_password=False), slack, catalog) as h:
        await h.command("cert add C-SWCM 2024-12-10", user="U1")
        body = event_body({"type": "app_uninstalled"}, team_id="T1", event_id="EvLocked")
        headers = {**sign(SECRET, body), "content-type": "application/json"}
        blocker = sync_engine(pg_url)
        with blocker.begin() as conn:  # maintenance holds the ledger for a moment
            conn.execute(text("LOCK TABLE deliveries IN ACCESS EXCLUSIVE MODE"))
            status, _ = await h.post(body, headers)
        blocker.dispose()
        assert status >= 500
        assert rows(h, select(ProcessedEvent.event_id), pg_url) == []
        status, _ = await h.post(body, {**headers, "x-slack-retry-num": "1"})
        assert status == 200
        [(next_check,)] = rows(h, select(User.next_check_at), pg_url)
        assert next_check is None
        assert [e for (e,) in rows(h, select(ProcessedEvent.event_id), pg_url)] == ["EvLocked"]


# --- the daily clean-up -----------------------------------------------------------------------


async def test_daily_cleanup_deletes_expired_oauth_states(any_harness: Harness) -> None:
    h = any_harness
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
    naive = now.replace(tzinfo=None)
    engine = sync_engine(str(h.deps.settings.database_url))
    with engine.begin() as conn:
        conn.execute(
            insert(oauth_states_table),
            [
                {"state": "old", "expire_at": naive - dt.timedelta(minutes=1)},
                {"state": "fresh", "expire_at": naive + dt.timedelta(minutes=5)},
            ],
        )
    engine.dispose()
    sender = Sender(build_background_client(h.slack.api_url, TOKEN), backoff=0.01)
    await Engine(h.deps, sender, clock=lambda: now).cleanup()
    assert [s for (s,) in rows(h, select(oauth_states_table.c.state))] == ["fresh"]


async def test_the_scheduler_runs_the_cleanup_daily_under_a_stable_id(harness: Harness) -> None:
    from bot.reminders import scheduler

    sender = Sender(build_background_client(harness.slack.api_url, TOKEN), backoff=0.01)
    running = scheduler.start(Engine(harness.deps, sender), 3600)
    try:
        job = running.get_job(scheduler.CLEANUP_JOB_ID)
        assert job is not None and job.trigger.interval == dt.timedelta(days=1)
        assert [j.id for j in running.get_jobs()].count(scheduler.CLEANUP_JOB_ID) == 1
    finally:
        running.shutdown(wait=False)


async def test_a_refused_status_post_does_not_count_against_the_hour(harness: Harness) -> None:
    h = harness
    await cmd(h, "cohort create Spring", "UOWNER", channel="CLATE")
    refused = await cmd(h, "cohort status post", "UOWNER", channel="CLATE")
    assert "/invite @careerpath" in refused and "Posted" not in refused
    h.slack.invite("CLATE")  # invited, as the reply says: posting works at once
    assert "Posted" in await cmd(h, "cohort status post", "UOWNER", channel="CLATE")
