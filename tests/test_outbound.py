"""One HTTP connection pool per event loop (bot/outbound.py): shared, never a queue that eats
a call's timeout, and nothing kept for loops that are gone."""

from __future__ import annotations

import asyncio
import gc

import pytest

from bot import outbound
from bot.doubles.slack_api import LocalSlack
from bot.outbound import PooledWebClient


async def test_a_burst_longer_than_the_timeout_is_all_sent(
    slack: LocalSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """120 calls at once to a Slack that takes 0.8 s each, with a 1.3 s timeout: a pool
    capped at 100 connections queued the last 20 until their timeout ran out, and they
    failed unsent."""
    await outbound.close()
    monkeypatch.setattr(outbound, "TIMEOUT", 1.3)
    slack.faults.delay = 0.8
    client = PooledWebClient(token="xoxb-test", base_url=slack.api_url)
    results = await asyncio.gather(
        *(client.users_info(user=f"U{n}") for n in range(120)),
        return_exceptions=True,
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert len(slack.of("users.info")) == 120
    # Later calls reuse the connections the burst opened.
    before = {c.peer for c in slack.calls}
    slack.faults.delay = 0
    for n in range(20):
        await client.users_info(user=f"U{n}")
    assert {c.peer for c in slack.calls} == before


@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_loops_that_ended_leave_nothing_behind() -> None:
    async def use() -> None:
        outbound.session()

    for _ in range(3):
        asyncio.run(use())  # never closed: a process that forgot, or a loop cut short
    assert sum(loop.is_closed() for loop in outbound._sessions) <= 1  # each new loop sweeps
    asyncio.run(outbound.close())  # any later use drops the sessions of loops that are gone
    assert not any(loop.is_closed() for loop in outbound._sessions)
    gc.collect()  # their "unclosed session" warnings, here rather than in another test
