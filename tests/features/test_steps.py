"""`step`, `done`, `undo` and `progress`: their arguments, parsed without Slack."""

from __future__ import annotations

import pytest

from bot.catalog import Catalog
from bot.commands import Invalid
from tests.features.helpers import args_of, problem


@pytest.mark.parametrize("text", ["step 4", "done #4", "undo 4", "complete 4", "DONE 04"])
def test_a_step_number(text: str, catalog: Catalog) -> None:
    assert args_of(text, catalog) == 4


@pytest.mark.parametrize(
    ("text", "message", "suggestion"),
    [
        ("done", "Which step? `done` takes a step number from 1 to 10, like `done 3`.", "done 1"),
        ("step two", "“two” is not a step number.", "step 1"),
        ("undo 11", "There is no step 11: steps run from 1 to 10.", "undo 10"),
        ("undo 0", "There is no step 0: steps run from 1 to 10.", "undo 1"),
        ("done 3 4", "One step at a time, please.", "done 3"),
        ("step ²", "is not a step number", "step 1"),
    ],
)
def test_a_step_number_that_does_not_fit(
    text: str, message: str, suggestion: str, catalog: Catalog
) -> None:
    result = problem(text, catalog)
    assert message in result.message and result.suggestion == suggestion and not result.notice


def test_progress_names_a_person_or_nobody(catalog: Catalog) -> None:
    assert args_of("progress", catalog) is None
    assert args_of("progress <@U2|sam>", catalog) == "U2"
    result = problem("progress sam", catalog)
    assert result == Invalid("Mention the person, like `/careerpath progress @name`.", notice=True)
