"""Mentors and cohorts through signed requests: who may see what, digests, and failures."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select

from bot import notify
from bot.catalog import Catalog
from bot.models import Cohort
from bot.reminders.engine import Engine
from bot.slack_api import Sender, build_background_client
from bot.views.people import cohort_digest
from tests.reminders.factories import ledger, sync_engine
from tests.utils import TOKEN, Harness, all_text, check_limits

SECRET_STEP = "Understand the role"  # the title of step 1: data only a permitted viewer sees


@pytest.fixture(autouse=True)
def _utc_profiles(slack: Any) -> None:
    slack.default_tz = "UTC"


async def cmd(h: Harness, text: str, user: str, team: str = "T1", channel: str = "C0LOCAL") -> str:
    reply = await h.command(text, user=user, team=team, channel=channel)
    await notify.drain()
    check_limits(reply)
    return all_text(reply)


def request_id(h: Harness, mentor: str) -> str:
    """The mentorship id on the [Accept] button of the DM the mentor received."""
    for call in reversed(h.slack.of("chat.postMessage")):
        if call.params.get("channel") == f"D{mentor}":
            for block in call.params.get("blocks") or []:
                for element in block.get("elements", []):
                    if element.get("action_id") == "mentor_accept":
                        return str(element["value"])
    raise AssertionError("no mentorship request was sent")


async def click(h: Harness, action: str, value: str, user: str, team: str = "T1") -> str:
    status = await h.click(action, value, user=user, team=team)
    assert status == 200
    await notify.drain()
    return all_text(h.slack.of("response_url")[-1].params)


def age_mentorships(h: Harness, *, days: int) -> None:
    """Move every mentorship's request and answer `days` into the past."""
    from sqlalchemy import update

    from bot.models import Mentorship

    engine = sync_engine(str(h.deps.settings.database_url))
    with engine.begin() as conn:
        rows = conn.execute(
            select(Mentorship.id, Mentorship.requested_at, Mentorship.responded_at)
        ).all()
        back = dt.timedelta(days=days)
        for rid, asked, answered in rows:
            conn.execute(
                update(Mentorship)
                .where(Mentorship.id == rid)
                .values(
                    requested_at=_aware(asked) - back,
                    responded_at=_aware(answered) - back if answered else None,
                )
            )
    engine.dispose()


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def refused(text: str) -> bool:
    return "🔒" in text and SECRET_STEP not in text and "steps done" not in text


async def test_authorisation_matrix(harness: Harness) -> None:
    h = harness
    await cmd(h, "done 1", "ULEARN")
    # No mentorship at all.
    assert refused(await cmd(h, "progress <@ULEARN|learner>", "UMENTOR"))
    # Pending: asked, not yet accepted.
    asked = await cmd(h, "mentor add <@UMENTOR|mentor>", "ULEARN")
    assert "Nothing is shared until they accept" in asked
    assert refused(await cmd(h, "progress <@ULEARN>", "UMENTOR"))
    assert "no mentees" in await cmd(h, "mentees", "UMENTOR")
    # Declined.
    rid = request_id(h, "UMENTOR")
    assert "declined" in await click(h, "mentor_decline", rid, "UMENTOR")
    assert refused(await cmd(h, "progress <@ULEARN>", "UMENTOR"))
    # Asking again at once: refused, with the day it can be done; no second DM.
    dms = len(h.slack.of("chat.postMessage"))
    again = await cmd(h, "mentor add <@UMENTOR>", "ULEARN")
    assert "declined your request" in again and "ask them again from" in again
    assert len(h.slack.of("chat.postMessage")) == dms
    age_mentorships(h, days=8)  # the cooldown has passed
    # Someone else can't answer a request meant for another mentor.
    await cmd(h, "mentor add <@UMENTOR>", "ULEARN")
    rid = request_id(h, "UMENTOR")
    assert "isn't yours" in await click(h, "mentor_accept", rid, "USTRANGER")
    assert refused(await cmd(h, "progress <@ULEARN>", "UMENTOR"))
    # Accepted: now the mentor sees the data.
    assert "You now mentor" in await click(h, "mentor_accept", rid, "UMENTOR")
    allowed = await cmd(h, "progress <@ULEARN>", "UMENTOR")
    assert SECRET_STEP in allowed and "<@ULEARN>'s progress" in allowed
    assert "<@ULEARN>" in await cmd(h, "mentees", "UMENTOR")
    assert "Mentored by <@UMENTOR>" in await cmd(h, "progress", "ULEARN")
    # The same user ids in another workspace are strangers.
    assert refused(await cmd(h, "progress <@ULEARN>", "UMENTOR", team="T2"))
    assert "no mentees" in await cmd(h, "mentees", "UMENTOR", team="T2")
    # A stale [Accept] does nothing twice; the mentee was told once.
    assert "already accepted" in await click(h, "mentor_accept", rid, "UMENTOR")
    told = [c for c in h.slack.of("chat.postMessage") if c.params["channel"] == "DULEARN"]
    assert sum("accepted" in all_text(c.params) for c in told) == 1
    # Ended (by the mentee): access stops at once.
    assert "has ended" in await cmd(h, "mentor remove <@UMENTOR>", "ULEARN")
    assert refused(await cmd(h, "progress <@ULEARN>", "UMENTOR"))
    assert "no mentees" in await cmd(h, "mentees", "UMENTOR")


async def test_mentor_ends_it_too_and_bad_mentions(harness: Harness) -> None:
    h = harness
    await cmd(h, "mentor add <@UM>", "UL")
    await click(h, "mentor_accept", request_id(h, "UM"), "UM")
    assert "has ended" in await cmd(h, "mentor remove <@UL|learner>", "UM")
    assert refused(await cmd(h, "progress <@UL>", "UM"))
    assert "Mention the person" in await cmd(h, "mentor add bob", "UL")
    assert "yourself" in await cmd(h, "mentor add <@UL>", "UL")
    assert "Mention the person" in await cmd(h, "progress bob", "UL")


async def test_cohort_permissions(harness: Harness) -> None:
    h = harness
    h.slack.invite("CCOHORT")
    made = await cmd(h, "cohort create Spring cohort", "UOWNER", channel="CCOHORT")
    assert "Spring cohort" in made
    assert "already runs" in await cmd(h, "cohort create Another", "UX", channel="CCOHORT")
    assert "in channels" in await cmd(h, "cohort create Mine", "UX", channel="DPRIVATE")
    # A non-member asking for status: refused, no data.
    await cmd(h, "done 3", "UMEMBER")
    outsider = await cmd(h, "cohort status", "UOUT", channel="CCOHORT")
    assert "🔒" in outsider and "UMEMBER" not in outsider
    # Joining says plainly what the cohort sees.
    joined = await cmd(h, "cohort join", "UMEMBER", channel="CCOHORT")
    assert "will see your step progress" in joined
    status = await cmd(h, "cohort status", "UMEMBER", channel="CCOHORT")
    assert "<@UMEMBER>" in status and "<@UOWNER>" in status
    # A non-owner changing the digest, or posting status: refused.
    assert "🔒" in await cmd(h, "cohort digest monday 09:00", "UMEMBER", channel="CCOHORT")
    assert "🔒" in await cmd(h, "cohort status post", "UMEMBER", channel="CCOHORT")
    # A workspace admin may.
    h.slack.users["UADMIN"] = {"is_admin": True}
    assert "every Monday at 09:00" in await cmd(
        h, "cohort digest mon 09:00", "UADMIN", channel="CCOHORT"
    )
    # The owner posts status to the channel.
    assert "Posted" in await cmd(h, "cohort status post", "UOWNER", channel="CCOHORT")
    posted = [c for c in h.slack.of("chat.postMessage") if c.params["channel"] == "CCOHORT"]
    assert any("<@UMEMBER>" in all_text(c.params) for c in posted)
    # Another workspace's channel with the same id has no cohort.
    assert "No cohort runs" in await cmd(h, "cohort join", "UMEMBER", team="T2", channel="CCOHORT")
    # Leaving removes access at once.
    assert "left" in await cmd(h, "cohort leave", "UMEMBER", channel="CCOHORT")
    assert "🔒" in await cmd(h, "cohort status", "UMEMBER", channel="CCOHORT")
    after = await cmd(h, "cohort status", "UOWNER", channel="CCOHORT")
    assert "UMEMBER" not in after


def engine_for(h: Harness, catalog: Catalog, clock: Any) -> Engine:
    sender = Sender(build_background_client(h.slack.api_url, TOKEN), backoff=0.01)
    return Engine(h.deps, sender, clock=clock)


def digest_moment(h: Harness) -> dt.datetime:
    engine = sync_engine(str(h.deps.settings.database_url))
    with engine.connect() as conn:
        at = conn.execute(select(Cohort.next_digest_at)).scalar_one()
    engine.dispose()
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at


async def test_bot_removed_from_the_cohort_channel(harness: Harness, catalog: Catalog) -> None:
    h = harness
    h.slack.invite("CGONE")
    await cmd(h, "cohort create Autumn", "UOWNER", channel="CGONE")
    await cmd(h, "cohort digest monday 09:00", "UOWNER", channel="CGONE")
    at = digest_moment(h)
    h.slack.remove("CGONE")  # a member took the bot out of the channel
    clock = {"now": at + dt.timedelta(minutes=1)}
    engine = engine_for(h, catalog, lambda: clock["now"])
    result = await engine.sweep()
    assert result.failed == 1
    [row] = [r for r in ledger(str(h.deps.settings.database_url)) if r["kind"] == "cohort_digest"]
    assert (row["state"], row["error"]) == ("failed", "not_in_channel")
    told = [c for c in h.slack.of("chat.postMessage") if c.params["channel"] == "DUOWNER"]
    assert len(told) == 1 and "not_in_channel" in all_text(told[0].params)
    assert "/invite @careerpath" in all_text(told[0].params)
    for _ in range(3):  # later weeks: no retries, no more DMs
        clock["now"] += dt.timedelta(days=7)
        await engine.sweep()
    told = [c for c in h.slack.of("chat.postMessage") if c.params["channel"] == "DUOWNER"]
    assert len(told) == 1


async def test_digests_go_out_once_per_week_with_two_engines(
    any_harness: Harness, catalog: Catalog
) -> None:
    h = any_harness
    h.slack.invite("CWIN")
    await cmd(h, "cohort create Winter", "UOWNER", channel="CWIN")
    await cmd(h, "cohort join", "UMEMBER", channel="CWIN")
    await cmd(h, "done 1", "UMEMBER")
    await cmd(h, "done 2", "UMEMBER")
    await cmd(h, "cohort digest monday 09:00", "UOWNER", channel="CWIN")
    await cmd(h, "mentor add <@UMENTOR>", "UMEMBER")
    await click(h, "mentor_accept", request_id(h, "UMENTOR"), "UMENTOR")
    await cmd(h, "ce log 2 Safeguarding refresher", "UMEMBER")
    monday = digest_moment(h)
    clock = {"now": monday + dt.timedelta(hours=1)}
    one, two = (
        engine_for(h, catalog, lambda: clock["now"]),
        engine_for(h, catalog, lambda: clock["now"]),
    )
    await asyncio.gather(one.sweep(), two.sweep())
    await asyncio.gather(one.sweep(), two.sweep())
    channel_posts = [
        c
        for c in h.slack.of("chat.postMessage")
        if c.params["channel"] == "CWIN" and "this week" in all_text(c.params)
    ]
    assert len(channel_posts) == 1
    digest = all_text(channel_posts[0].params)
    assert "*2* steps completed this week by 1 member" in digest
    assert "renewing within 90 days" in digest
    mentor_posts = [
        c
        for c in h.slack.of("chat.postMessage")
        if c.params["channel"] == "DUMENTOR" and "mentees this week" in all_text(c.params)
    ]
    assert len(mentor_posts) == 1, [
        (r["kind"], r["state"], r["error"], r["recipient"])
        for r in ledger(str(h.deps.settings.database_url))
    ]
    text = all_text(mentor_posts[0].params)
    assert "finished step 1" in text and "logged 2 CE hours" in text
    # The next week, with nothing changed: no mentor digest; the cohort digest comes again.
    clock["now"] += dt.timedelta(days=7)
    await asyncio.gather(one.sweep(), two.sweep())
    mentor_posts = [
        c
        for c in h.slack.of("chat.postMessage")
        if c.params["channel"] == "DUMENTOR" and "mentees this week" in all_text(c.params)
    ]
    assert len(mentor_posts) == 1
    kinds = Counter((r["kind"], r["state"]) for r in ledger(str(h.deps.settings.database_url)))
    assert kinds[("cohort_digest", "sent")] == 2
    assert kinds[("mentor_digest", "sent")] == 1
    assert kinds[("mentor_digest", "cancelled")] == 1


async def test_a_mentor_with_no_mentees_gets_no_digest(harness: Harness, catalog: Catalog) -> None:
    h = harness
    await cmd(h, "mentor add <@UMENTOR>", "UMEMBER")
    await click(h, "mentor_accept", request_id(h, "UMENTOR"), "UMENTOR")
    await cmd(h, "mentor remove <@UMENTOR>", "UMEMBER")
    now = dt.datetime.now(dt.UTC)
    monday = now - dt.timedelta(days=now.weekday()) + dt.timedelta(days=7)
    at = monday.replace(hour=10, minute=0, second=0, microsecond=0)
    await engine_for(h, catalog, lambda: at).sweep()
    assert not [
        c for c in h.slack.of("chat.postMessage") if "mentees this week" in all_text(c.params)
    ]


async def test_a_two_thousand_member_cohort_stays_within_slack_limits(
    harness: Harness, catalog: Catalog
) -> None:
    from tests.reminders.factories import seed_cohort

    url = str(harness.deps.settings.database_url)
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)  # CCM cycles from 2022-01-10 end in 46 days
    seed_cohort(url, 2000, channel="CBIG", now=now)
    harness.slack.invite("CBIG")
    status = await cmd(harness, "cohort status", "M000000", channel="CBIG")
    assert "2000 members" in status and "1980 more" in status
    assert "Posted" in await cmd(harness, "cohort status post", "M000000", channel="CBIG")
    posted = [
        c.params for c in harness.slack.of("chat.postMessage") if c.params["channel"] == "CBIG"
    ]
    check_limits(posted[-1])
    from bot.services import cohorts

    async with harness.deps.db.engine.connect() as conn:
        digest = await cohorts.digest(conn=conn, cohort_id=1, catalog=catalog, now=now)
    assert digest.members == 2000 and digest.renewing == 2000
    check_limits(cohort_digest("Big cohort", digest).message())


async def test_joining_by_id_needs_a_live_cohort_of_the_same_workspace(harness: Harness) -> None:
    from bot.services import cohorts

    h = harness
    await cmd(h, "cohort create Local", "UOWNER", channel="CLOCAL")
    db = h.deps.db
    async with db.transaction() as conn:
        assert not await cohorts.join(conn=conn, cohort_id=1, team_id="T2", user_id="UX")
        assert await cohorts.join(conn=conn, cohort_id=1, team_id="T1", user_id="UX")
        assert not await cohorts.leave(conn=conn, cohort_id=1, team_id="T2", user_id="UX")
