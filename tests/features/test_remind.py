"""`remind`: its arguments, parsed without Slack."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.catalog import Catalog
from bot.features.remind import Remind
from tests.features.helpers import args_of, problem


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("remind", Remind("status")),
        ("reminders off", Remind("off")),
        ("remind time 8:30", Remind("time", minute=8 * 60 + 30)),
        ("remind snooze 7", Remind("snooze", days=7)),
        ("remind snooze off", Remind("snooze", days=0)),
        ("remind vacation 2026-12-31", Remind("vacation", day=dt.date(2026, 12, 31))),
        ("remind vacation off", Remind("vacation")),
        ("remind tz Europe/London", Remind("tz", zone="Europe/London")),
        ("remind timezone auto", Remind("tz")),
    ],
)
def test_remind_actions(text: str, expect: Remind, catalog: Catalog) -> None:
    assert args_of(text, catalog) == expect


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("remind time soon", "Give a time as HH:MM"),
        ("remind snooze 366", "Snooze for 1 to 365 days"),
        ("remind snooze ²", "Snooze for 1 to 365 days"),
        ("remind vacation someday", "Give the last day of your vacation"),
        ("remind tz Mars/Base", "Give an IANA timezone"),
        ("remind louder", "Try `/careerpath remind status`"),
    ],
)
def test_remind_words_that_do_not_fit(text: str, message: str, catalog: Catalog) -> None:
    result = problem(text, catalog)
    assert result.notice and message in result.message
