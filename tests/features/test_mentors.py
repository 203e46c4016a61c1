"""`mentor` and `mentees`: their arguments, parsed without Slack."""

from __future__ import annotations

import pytest

from bot.catalog import Catalog
from bot.features.mentors import Digest, MentorChange
from tests.features.helpers import args_of, problem


def test_mentor_add_remove_and_digest(catalog: Catalog) -> None:
    assert args_of("mentor add <@U2|sam>", catalog) == MentorChange(True, "U2")
    assert args_of("mentor end <@U2>", catalog) == MentorChange(False, "U2")
    assert args_of("mentor digest Monday 09:00", catalog) == Digest(0, 9 * 60)
    assert args_of("mentor digest off", catalog) == Digest()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mentor", "Try `/careerpath mentor add @name`"),
        ("mentor hire <@U2>", "Try `/careerpath mentor add @name`"),
        ("mentor add sam", "Mention the person:"),
        ("mentor digest someday 09:00", "Give a weekday and a time"),
        ("mentor digest monday noon", "Give a weekday and a time"),
    ],
)
def test_mentor_words_that_do_not_fit(text: str, message: str, catalog: Catalog) -> None:
    result = problem(text, catalog)
    assert result.notice and message in result.message


def test_mentees_takes_no_words(catalog: Catalog) -> None:
    assert problem("mentees all", catalog).suggestion == "mentees"
