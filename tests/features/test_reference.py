"""`skills`, `salary`, `specialize` and `faq`: their arguments, parsed without Slack."""

from __future__ import annotations

from bot.catalog import Catalog
from bot.features.reference import MAX_QUESTION
from tests.features.helpers import args_of, problem


def test_topics_are_lower_cased_words_or_none(catalog: Catalog) -> None:
    assert args_of("skills", catalog) is None
    assert args_of("skills Hard", catalog) == "hard"
    assert args_of("salary Senior level", catalog) == "senior level"
    assert args_of("specialise Pediatric", catalog) == "pediatric"


def test_a_question_keeps_its_case_and_is_bounded(catalog: Catalog) -> None:
    assert args_of("faq How do I renew <@U1|me>?", catalog) == "How do I renew @me?"
    assert args_of("faq", catalog) == ""
    assert len(args_of("faq " + "word " * 200, catalog)) == MAX_QUESTION


def test_ladder_takes_no_words(catalog: Catalog) -> None:
    assert problem("ladder up", catalog).message == "`ladder` takes no extra words."
