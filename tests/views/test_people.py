"""Mentors and cohorts: mentee lines show the standing the rules computed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.catalog import Catalog
from bot.rules.standing import Standing
from bot.views.people import cohort_digest, cohort_status, mentee_line, mentees_reply
from tests.utils import all_text, check_limits


def test_a_mentee_line_shows_steps_due_dates_and_pace_as_given() -> None:
    s = Standing(
        "U1",
        3,
        None,
        due_soon=(("CCM", dt.date(2027, 1, 1)),),
        pace=(("CCM", "behind"), ("CMC", "met")),
    )
    line = mentee_line(10, s)
    assert line.startswith("<@U1> `▓▓▓░░░░░░░ 3/10`")
    assert "no steps yet" in line
    assert "due within 90 days: CCM Fri 1 Jan 2027" in line
    assert "CCM CE behind, CMC CE met" in line


def test_mentees_are_ranked_and_kept_within_limits(catalog: Catalog) -> None:
    many = [Standing(f"U{n:04d}", n % 11, None, pace=(("CCM", "on pace"),)) for n in range(400)]
    message = mentees_reply(catalog, many).message()
    check_limits(message)
    text = all_text(message)
    assert text.index("<@U0010>") < text.index("<@U0000>")  # 10 steps before 0
    assert "<@" not in mentees_reply(catalog, []).text


@dataclass(frozen=True)
class _Member:
    slack_user_id: str
    steps_done: int


@dataclass(frozen=True)
class _Week:
    members: int
    completions: int
    completers: int
    stalled: list[str]
    renewing: int
    finished: int


def test_cohort_status_and_digest_take_plain_values() -> None:
    members = [_Member(f"U{n}", n % 11) for n in range(2000)]
    status = cohort_status("Big", members, 10).message()
    check_limits(status)
    assert "…and 1980 more" in all_text(status)
    week = _Week(2000, 5, 3, [f"U{n}" for n in range(30)], 1, 0)
    digest = cohort_digest("Big", week).message()
    check_limits(digest)
    assert "and 20 more" in all_text(digest)


def test_the_mentor_digest_words_each_change() -> None:
    from bot.views.people import ce_change, cert_change, mentor_digest_part, step_change

    lines = [
        step_change(2, "Get experience", done=True),
        step_change(3, None, done=False),
        ce_change(1.5, 1),
        ce_change(4.0, 3),
        cert_change("CCM"),
    ]
    assert lines == [
        "✅ finished step 2 (Get experience)",
        "↩️ reopened step 3",
        "📚 logged 1.5 CE hours (1 entry)",
        "📚 logged 4 CE hours (3 entries)",
        "🎓 recorded CCM",
    ]
    part = mentor_digest_part("U9", lines * 3)
    assert "<@U9>" in part.title and part.body.count("\n") == 9  # at most 10 changes
