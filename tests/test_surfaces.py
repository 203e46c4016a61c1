"""Slack surfaces through signed requests: App Home, buttons, modals, and Slack's limits."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from bot import notify
from bot.catalog import Catalog
from bot.features.common import Who
from bot.features.home import home_data
from bot.reminders.compose import Item, compose
from bot.rules.cycles import Held
from bot.rules.pace import CeLog
from bot.rules.person import Learner
from bot.rules.standing import standing
from bot.signing import event_body, sign, view_body
from bot.views.home import home_view
from bot.views.modals import ce_modal, cert_modal, remind_modal
from bot.views.people import mentees_reply, mentor_digest_part
from tests.reminders.factories import seed_cohort
from tests.utils import SECRET, Harness, all_text, check_limits


async def open_home(
    h: Harness, user: str = "U1", team: str = "T1", event_id: str = "Ev1"
) -> dict[str, Any]:
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D1",
        "tab": "home",
        "event_ts": "1700000000.000100",
    }
    body = event_body(event, team_id=team, event_id=event_id)
    status, _ = await h.post(body, {**sign(SECRET, body), "content-type": "application/json"})
    assert status == 200
    await notify.drain()
    view = h.slack.of("views.publish")[-1].params
    assert view["user_id"] == user
    check_limits(view["view"])
    return dict(view["view"])


async def click(
    h: Harness, action: str, value: str = "", *, home: bool = False, user: str = "U1"
) -> None:
    extra: dict[str, Any] = {}
    if home:
        extra = {"container": {"type": "view", "view_id": "VHOME"}}
    status = await h.click(action, value, user=user, **extra)
    assert status == 200
    await notify.drain()


async def submit(
    h: Harness, view: dict[str, Any], state: dict[str, Any], user: str = "U1"
) -> dict[str, Any]:
    body = view_body(view, state, team_id="T1", user_id=user)
    status, raw = await h.signed(body)
    assert status == 200
    await notify.drain()
    return json.loads(raw) if raw else {}


def ce_state(
    hours: str, title: str, date: str, code: str | None = None, ethics: bool = False
) -> dict[str, Any]:
    state: dict[str, Any] = {
        "hours": {"hours_input": {"type": "number_input", "value": hours}},
        "title": {"title_input": {"type": "plain_text_input", "value": title}},
        "taken_on": {"date_input": {"type": "datepicker", "selected_date": date}},
        "ethics": {
            "ethics_input": {
                "type": "checkboxes",
                "selected_options": [{"value": "ethics"}] if ethics else [],
            }
        },
        "cert": {
            "cert_select": {
                "type": "static_select",
                "selected_option": {"value": code} if code else None,
            }
        },
    }
    return state


async def test_home_opens_and_follows_every_change(harness: Harness) -> None:
    h = harness
    empty = await open_home(h)
    assert "Welcome to careerpath" in all_text(empty), "a welcome before any progress"
    for text, expect in [
        ("done 1", "1/10"),
        ("undo 1", "Welcome to careerpath"),  # nothing recorded any more
        ("cert add CCM 2023-01-15", "CCM"),
        ("ce log 3 CCM Ethics course", "3/80"),
        ("remind time 08:15", "08:15"),
        ("cert remove CCM", "None recorded yet"),
    ]:
        before = len(h.slack.of("views.publish"))
        await h.command(text)
        await notify.drain()
        published = h.slack.of("views.publish")
        assert len(published) == before + 1, text
        assert expect in all_text(published[-1].params["view"]), text
    # A plain question does not republish.
    before = len(h.slack.of("views.publish"))
    await h.command("salary")
    await notify.drain()
    assert len(h.slack.of("views.publish")) == before


async def test_a_done_click_republishes_the_home_only_where_it_is_open(
    harness: Harness,
) -> None:
    """Whether the learner has opened the App Home is read under the step's lock, so the
    click needs no second read; a click from the App Home records that it is open."""
    h = harness
    await click(h, "step_done", "1")  # from a message; the App Home never opened
    assert h.slack.of("views.publish") == []
    await click(h, "step_done", "2", home=True)
    assert "2/10" in all_text(h.slack.of("views.publish")[-1].params["view"])
    await click(h, "step_done", "3")  # from a message again: now known to be open
    published = h.slack.of("views.publish")
    assert "3/10" in all_text(published[-1].params["view"])
    await click(h, "step_done", "3")  # nothing changed, nothing to republish
    assert len(h.slack.of("views.publish")) == len(published)


async def test_home_buttons_and_the_ce_modal(harness: Harness) -> None:
    h = harness
    today = dt.date.today()
    await h.command(f"cert add CMC {today - dt.timedelta(days=400)}")  # a cycle under way
    await notify.drain()
    await click(h, "step_done", "1", home=True)
    assert "1/10" in all_text(h.slack.of("views.publish")[-1].params["view"])
    await click(h, "open_ce_modal", "", home=True)
    modal = h.slack.of("views.open")[-1].params["view"]
    check_limits(modal)
    assert modal["callback_id"] == "ce_log"
    # Invalid: the modal stays open with the problems under their fields; nothing is stored.
    bad = await submit(h, modal, ce_state("0", "", "2099-01-01"))
    assert bad["response_action"] == "errors"
    assert set(bad["errors"]) == {"hours", "title", "taken_on"}
    bad = await submit(h, modal, ce_state("abc", "Course", str(today), code="NOPE"))
    assert set(bad["errors"]) == {"hours", "cert"}
    assert (await h.row_counts())["ce_entries"] == 0
    # Valid: stored, modal closed (empty 200), App Home refreshed.
    before = len(h.slack.of("views.publish"))
    ok = await submit(
        h,
        modal,
        ce_state(
            "2.5",
            "Dementia care webinar",
            str(today - dt.timedelta(days=20)),
            code="CMC",
            ethics=True,
        ),
    )
    assert ok == {}
    assert (await h.row_counts())["ce_entries"] == 1
    assert len(h.slack.of("views.publish")) == before + 1
    assert "2.5/45" in all_text(h.slack.of("views.publish")[-1].params["view"])


async def test_i_renewed_opens_the_prefilled_certification_modal(harness: Harness) -> None:
    h = harness
    await click(h, "open_cert_modal", "CCM")
    modal = h.slack.of("views.open")[-1].params["view"]
    check_limits(modal)
    select = modal["blocks"][0]["element"]
    assert select["initial_option"]["value"] == "CCM"
    bad = await submit(
        h,
        modal,
        {
            "cert": {"cert_select": {"selected_option": None}},
            "since": {"date_input": {"selected_date": "2099-05-05"}},
        },
    )
    assert set(bad["errors"]) == {"cert", "since"}
    ok = await submit(
        h,
        modal,
        {
            "cert": {"cert_select": {"selected_option": {"value": "CCM"}}},
            "since": {"date_input": {"selected_date": "2026-10-01"}},
        },
    )
    assert ok == {}
    assert "since Thu 1 Oct 2026" in all_text(await h.command("certs"))


async def test_reminder_settings_modal(harness: Harness) -> None:
    h = harness
    await click(h, "open_remind_modal", "", home=True)
    modal = h.slack.of("views.open")[-1].params["view"]
    check_limits(modal)
    [tz_block] = [b for b in modal["blocks"] if b.get("block_id") == "tz"]
    assert tz_block["element"]["type"] == "external_select", "a list, not free text"
    bad = await submit(
        h,
        modal,
        {
            "time": {"time_input": {"selected_time": None}},
            "days": {"days_input": {"selected_options": []}},
            "tz": {"tz_input": {"selected_option": {"value": "Atlantis/Capital"}}},
        },
    )
    assert set(bad["errors"]) == {"time", "days", "tz"}
    ok = await submit(
        h,
        modal,
        {
            "time": {"time_input": {"selected_time": "07:45"}},
            "days": {"days_input": {"selected_options": [{"value": "5"}, {"value": "6"}]}},
            "tz": {"tz_input": {"selected_option": {"value": "Asia/Tokyo"}}},
        },
    )
    assert ok == {}
    status = all_text(await h.command("remind"))
    assert "Sat, Sun, 07:45–18:00 (Asia/Tokyo)" in status


async def test_snooze_button_is_not_a_double_action(harness: Harness) -> None:
    h = harness
    await click(h, "remind_snooze", "7")
    assert "Snoozed until" in all_text(h.slack.of("response_url")[-1].params)
    await click(h, "remind_snooze", "7")
    assert "Already snoozed" in all_text(h.slack.of("response_url")[-1].params)


async def test_stale_buttons_do_nothing_twice(harness: Harness) -> None:
    h = harness
    await click(h, "step_done", "2")
    await click(h, "step_done", "2")
    assert "already done" in all_text(h.slack.of("response_url")[-1].params)
    assert (await h.row_counts())["progress_events"] == 1
    await click(h, "step_done", "999")
    assert "out of date" in all_text(h.slack.of("response_url")[-1].params)
    # forget: cancel, then confirm, then a stale confirm.
    reply = await h.command("forget")
    assert "Delete my data" in all_text(reply)
    await click(h, "forget_cancel", "no")
    assert "Nothing was deleted" in all_text(h.slack.of("response_url")[-1].params)
    assert (await h.row_counts())["users"] == 1
    await click(h, "forget_confirm", "yes")
    assert "deleted" in all_text(h.slack.of("response_url")[-1].params)
    counts = await h.row_counts()
    assert counts["users"] == 0 and counts["progress_events"] == 0
    await click(h, "forget_confirm", "yes")
    assert "nothing left" in all_text(h.slack.of("response_url")[-1].params)


# --- every message and view the app can produce, within Slack's limits ---------------------


def _full_learner(catalog: Catalog, n: int = 0) -> Learner:
    certs = tuple(
        Held(c.code, dt.date(2022, 1, 1 + i % 27))
        for i, c in enumerate(catalog.certifications.certifications)
    )
    logs = tuple(
        CeLog(c.code, 1.5, i % 3 == 0, dt.date(2024, 1 + i % 12, 1))
        for i, c in enumerate(catalog.certifications.certifications * 10)
    )
    return Learner(
        user_id=n,
        team_id="T1",
        slack_user_id=f"UFULL{n:04d}",
        tz="UTC",
        last_progress_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
        steps_done=n % 11,
        next_step=1 + n % 10,
        certs=certs,
        ce=logs,
    )


async def test_every_message_and_view_within_limits(harness: Harness, catalog: Catalog) -> None:
    h = harness
    texts = [
        "",
        "help",
        "next",
        "steps",
        "progress",
        "skills",
        "skills hard",
        "skills soft",
        "salary",
        "ladder",
        "certs",
        "ce",
        "specialize",
        "faq",
        "faq how to renew",
        "remind",
        "mentees",
        "cohort status",
        "forget",
        "x" * 2000,
    ]
    texts += [f"step {s.number}" for s in catalog.steps.steps]
    texts += [f"skills {s.slug}" for s in catalog.skills.essential]
    texts += [f"salary {b.slug}" for b in catalog.salaries.bands]
    texts += [f"specialize {p.slug}" for p in catalog.specializations.specializations]
    texts += [f"faq {f.question}" for f in catalog.faq.faqs]
    # Empty, then full: every step, every certification, many CE entries, 60 mentees.
    for text in texts:
        check_limits(await h.command(text, user="UEMPTY"))
    for s in catalog.steps.steps:
        await h.command(f"done {s.number}", user="UFULL")
    for c in catalog.certifications.certifications:
        await h.command(f"cert add {c.code} 2022-06-01", user="UFULL")
    for i in range(40):
        await h.command(
            f"ce log 1.25 {'ethics' if i % 2 else ''} Course number {i} " + "x" * 150, user="UFULL"
        )
    for i in range(60):
        await h.command("mentor add <@UFULL>", user=f"UM{i:03d}")
    await notify.drain()
    for call in h.slack.of("chat.postMessage"):
        if call.params["channel"] == "DUFULL":
            request = next(
                e["value"]
                for b in call.params["blocks"]
                if b["type"] == "actions"
                for e in b["elements"]
                if e["action_id"] == "mentor_accept"
            )
            await h.click("mentor_accept", request, user="UFULL")
    await notify.drain()
    for text in texts:
        check_limits(await h.command(text, user="UFULL"))
    home = home_view(catalog, await home_data(h.deps, Who("T1", "UFULL")))
    check_limits(home)
    assert "Mentees (60)" in all_text(home)
    # A 2,000-member cohort: status (ephemeral and posted) and digest.
    url = str(h.deps.settings.database_url)
    seed_cohort(url, 2000, channel="CHUGE", now=dt.datetime.now(dt.UTC))
    status = await _command_in(h, "cohort status", "M000000", "CHUGE")
    check_limits(status)
    assert "2000 members" in all_text(status)
    # Modals, in every prefill.
    for code in [None, *[c.code for c in catalog.certifications.certifications]]:
        check_limits(ce_modal(catalog, [], dt.date.today(), code))
        check_limits(cert_modal(catalog, dt.date.today(), code))
    check_limits(remind_modal(None, 0b1111111, "America/Argentina/ComodRivadavia"))
    # Reminder messages: every kind at once, for a person with every certification.
    learner = _full_learner(catalog)
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
    items = [
        Item(i, "renewal", f"{c.code}:x:d30", {"code": c.code, "end": "2027-01-01"})
        for i, c in enumerate(catalog.certifications.certifications)
    ]
    parts = [mentor_digest_part(f"U{i}", ["✅ finished step 1"] * 12) for i in range(60)]
    composed = compose(items, learner, catalog, now, extra=parts)
    assert composed.reply is not None
    check_limits(composed.reply.message())
    # Mentees table with 300 mentees (a busy mentor).
    many = [standing(catalog, _full_learner(catalog, n), now.date()) for n in range(300)]
    check_limits(mentees_reply(catalog, many).message())


async def _command_in(h: Harness, text: str, user: str, channel: str) -> dict[str, Any]:
    from bot.signing import command_body

    body = command_body(text, team_id="T1", user_id=user, channel_id=channel)
    status, raw = await h.signed(body)
    assert status == 200
    reply: dict[str, Any] = json.loads(raw)
    return reply


async def test_no_home_publish_for_someone_who_never_opened_it(harness: Harness) -> None:
    h = harness
    await h.command("done 1", user="UNEVER")
    await notify.drain()
    assert h.slack.of("views.publish") == []
    home = await open_home(h, user="UNEVER", event_id="EvFirst")
    assert "1/10" in all_text(home)
    await h.command("done 2", user="UNEVER")
    await notify.drain()
    assert len(h.slack.of("views.publish")) == 2
