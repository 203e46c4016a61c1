"""Bare questions, one credential in full, the corrected content, and the certificate's
valid-through date: through the real app."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.catalog import Catalog
from bot.rules.cycles import Held
from bot.rules.person import Learner
from bot.rules.plan import plan
from tests.utils import Harness, all_text, check_limits


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("how do I renew my CMC?", "three years"),
        ("working with old people", "Geriatric"),
        ("ccm renewal fee", "$285"),
        ("What does a care manager do?", "Roles and responsibilities"),
    ],
)
async def test_a_bare_question_is_answered_like_faq(
    harness: Harness, text: str, expect: str
) -> None:
    reply = await harness.command(text)
    check_limits(reply)
    assert all_text(reply) == all_text(await harness.command(f"faq {text}"))
    assert expect in all_text(reply)


@pytest.mark.parametrize(
    ("text", "guess"), [("nxt", "next"), ("stpes", "steps"), ("salry", "salary")]
)
async def test_only_near_misses_of_a_subcommand_get_did_you_mean(
    harness: Harness, text: str, guess: str
) -> None:
    body = all_text(await harness.command(text))
    assert f"Did you mean `/careerpath {guess}`?" in body


async def test_a_bare_question_the_guide_does_not_cover(harness: Harness) -> None:
    body = all_text(await harness.command("can I work remotely"))
    assert "doesn't cover" in body and "Eligibility" not in body and "Did you mean" not in body


async def test_help_says_questions_work(harness: Harness) -> None:
    assert "just ask" in all_text(await harness.command("help")).lower()


async def test_certs_code_shows_one_credential_in_full(harness: Harness) -> None:
    ccm = await harness.command("certs ccm")
    check_limits(ccm)
    text = all_text(ccm)
    for fact in (
        "Commission for Case Manager Certification",
        "12 months",  # eligibility
        "three testing windows",
        "live remote proctoring",
        "$225",
        "$195",
        "five years",
        "8 of those hours must be in ethics",
        "$175 late fee",
        "30 days",
        "ccmcertification.org",
        "verified_on 2026-11-30",
    ):
        assert fact in text, fact
    cmc = all_text(await harness.command("certs CMC"))
    for fact in ("master's", "50 hours a year", "6-month extension", "$100", "$195", "naccm.net"):
        assert fact in cmc, fact
    assert "Which one?" in all_text(await harness.command("certs acm"))
    assert "Known ones" in all_text(await harness.command("certs XYZ"))


def test_corrected_content(catalog: Catalog) -> None:
    ccm = catalog.certification("CCM")
    assert ccm is not None and "confirms you shows" not in ccm.summary
    late = " ".join(f.text for f in ccm.facts if f.field == "late")
    assert "$175" in late and "licence" in late
    assert all(f.source and f.verified_on for f in ccm.facts)
    cmc = catalog.certification("CMC")
    assert cmc is not None
    cmc_text = " ".join(f.text for f in cmc.facts)
    assert "$100" in cmc_text and "90 days past due" in cmc_text and "throughout" in cmc_text
    step1 = catalog.steps.steps[0]
    words = " ".join([step1.summary, *step1.details])
    for term in ("care coordination", "coordinate services", "care plan"):
        assert term in words, term
    periods = {a.period for a in catalog.salaries.anchors}
    assert periods == {"May 2023"}
    assert {a.occupation for a in catalog.salaries.anchors} >= {
        "Medical and health services managers",
        "Social workers (all)",
    }


async def test_open_ended_salary_bands_keep_their_plus(harness: Harness) -> None:
    for level in ("director", "vp"):
        reply = await harness.command(f"salary {level}")
        assert "+" in reply["text"] and "+" in all_text(reply).split("\n")[2]
    assert "$200,000+" in all_text(await harness.command("faq vp of care management salary"))


async def test_cert_add_until_stores_the_valid_through_date(harness: Harness) -> None:
    until = (dt.date.today() + dt.timedelta(days=400)).replace(day=28)
    text = all_text(await harness.command(f"cert add CCM until {until.isoformat()}"))
    assert "Added *CCM*" in text and until.strftime("%d %b %Y") in text
    # It wins over the end computed from the start date, in replies and the App Home.
    start = (dt.date.today() - dt.timedelta(days=100)).isoformat()
    text = all_text(await harness.command(f"cert add CCM {start} until {until.isoformat()}"))
    assert "Updated *CCM*" in text and until.strftime("%d %b %Y") in text
    assert until.strftime("%d %b %Y") in all_text(await harness.command("certs"))
    # A new cycle without the date goes back to the computed end.
    text = all_text(await harness.command(f"cert add CCM {start}"))
    computed = dt.date.fromisoformat(start).replace(year=dt.date.fromisoformat(start).year + 5)
    assert computed.strftime("%d %b %Y") in text


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("cert add CCM until", "Add the valid-through date"),
        ("cert add CCM until soon", "not a date"),
        ("cert add CCM until 2099-01-01", "too far ahead"),
        ("cert add CCM 2024-06-01 until 2024-01-01", "must come after"),
    ],
)
async def test_cert_add_until_refuses_bad_dates(harness: Harness, text: str, expect: str) -> None:
    assert expect in all_text(await harness.command(text))
    assert (await harness.row_counts())["held_certifications"] == 0


def test_reminders_use_the_valid_through_date(catalog: Catalog) -> None:
    now = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    start = dt.date(2021, 12, 1)  # computed end: 2026-12-01, 1 day away
    until = dt.date(2027, 1, 15)  # the certificate says otherwise: 46 days away
    computed = plan(Learner(1, "T1", "U1", certs=(Held("CCM", start),)), catalog, now)
    printed = plan(Learner(1, "T1", "U1", certs=(Held("CCM", start, until),)), catalog, now)
    ends = {d.data.get("end") for d in computed.due if d.kind == "renewal"}
    assert ends == {"2026-12-01"}
    due = [d for d in printed.due if d.kind == "renewal"]
    assert [d.data["end"] for d in due] == ["2027-01-15"] and due[0].data["label"] == "d90"


async def test_the_certification_modal_takes_the_valid_through_date(harness: Harness) -> None:
    from tests.test_surfaces import click, submit

    await click(harness, "open_cert_modal", "CMC")
    modal = harness.slack.of("views.open")[-1].params["view"]
    check_limits(modal)
    assert "valid_through" in {b["block_id"] for b in modal["blocks"]}
    today = dt.date.today().isoformat()
    too_far = await submit(
        harness,
        modal,
        {
            "cert": {"cert_select": {"selected_option": {"value": "CMC"}}},
            "since": {"date_input": {"selected_date": today}},
            "valid_through": {"date_input": {"selected_date": "2099-12-31"}},
        },
    )
    assert set(too_far["errors"]) == {"valid_through"}
    until = (dt.date.today() + dt.timedelta(days=200)).isoformat()
    ok = await submit(
        harness,
        modal,
        {
            "cert": {"cert_select": {"selected_option": {"value": "CMC"}}},
            "since": {"date_input": {"selected_date": today}},
            "valid_through": {"date_input": {"selected_date": until}},
        },
    )
    assert ok == {}
    end = dt.date.fromisoformat(until)
    shown = f"{end:%a} {end.day} {end:%b %Y}"  # a calendar date, the same for every reader
    assert f"cycle ends {shown}" in all_text(await harness.command("certs"))
