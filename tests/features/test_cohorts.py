"""`cohort`: its arguments, parsed without Slack (each action checks its own, in a channel)."""

from __future__ import annotations

import pytest

from bot.catalog import Catalog
from bot.features.cohorts import CohortCall
from bot.features.mentors import Digest
from tests.features.helpers import args_of


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("cohort", CohortCall("status")),
        ("cohort status post", CohortCall("status", post=True)),
        ("cohort create Spring <@U1|me> 2027", CohortCall("create", name="Spring @me 2027")),
        ("cohort create", CohortCall("create")),
        ("cohort digest fri 16:30", CohortCall("digest", digest=Digest(4, 16 * 60 + 30))),
        ("cohort digest off", CohortCall("digest", digest=Digest())),
        ("cohort digest friday", CohortCall("digest")),
        ("cohort owner <@U9|kim>", CohortCall("owner", owner="U9")),
        ("cohort owner kim", CohortCall("owner")),
        ("cohorts close", CohortCall("close")),
        ("cohort dance", CohortCall("dance")),
    ],
)
def test_cohort_actions(text: str, expect: CohortCall, catalog: Catalog) -> None:
    assert args_of(text, catalog) == expect
