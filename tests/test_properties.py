"""Any text at all gets a reply within Slack's limits, through the real app, and never an error."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.app import OOPS, UNAVAILABLE, build_app
from bot.catalog import Catalog
from bot.deps import Deps
from bot.doubles.slack_api import LocalSlack
from bot.signing import command_body, sign
from tests.utils import SECRET, check_limits, settings_for

WORDS = [
    "next",
    "steps",
    "step",
    "done",
    "undo",
    "skills",
    "salary",
    "ladder",
    "certs",
    "faq",
    "specialize",
    "progress",
    "help",
    "hard",
    "soft",
    "1",
    "10",
    "0",
    "-3",
    "<@U1|x>",
    "vp",
]


@pytest.fixture
def dispatcher(sqlite_url: str, catalog: Catalog) -> Iterator[object]:
    runner = asyncio.Runner()
    slack = LocalSlack(team_id="T1")
    runner.run(slack.start())
    deps = Deps.build(settings_for(sqlite_url, slack), catalog)
    app = build_app(deps)

    def dispatch(text: str) -> tuple[int, str | None]:
        body = command_body(text, team_id="T1", user_id="U1")
        resp = runner.run(
            app.async_dispatch(AsyncBoltRequest(body=body, headers=sign(SECRET, body)))
        )
        return resp.status, resp.body

    yield dispatch
    runner.run(deps.close())
    runner.run(slack.stop())
    runner.close()


any_text = st.one_of(
    st.text(max_size=2000),
    st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    st.tuples(st.sampled_from(WORDS), st.text(max_size=200)).map(" ".join),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=any_text)
def test_any_text_gets_a_reply_within_limits(dispatcher, text: str) -> None:  # type: ignore[no-untyped-def]
    status, body = dispatcher(text)
    assert status == 200
    assert body
    message = json.loads(body)
    assert message["text"]
    # The error handler would also answer 200: a reply must never be its apology.
    assert message["text"] not in (OOPS, UNAVAILABLE)
    check_limits(message)
