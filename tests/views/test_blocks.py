"""Primitives, `Reply` and Slack's limits, enforced in one place."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bot.views.blocks import (
    MAX_BLOCKS,
    MAX_FALLBACK,
    MAX_SECTION,
    Reply,
    bar,
    chunks,
    clip,
    esc,
    notice,
    prefixed,
    section,
    slack_date,
)
from tests.utils import check_limits


def test_reply_is_frozen_and_its_message_built_once() -> None:
    reply = Reply("hi", [section("hello")])
    with pytest.raises(dataclasses.FrozenInstanceError):
        reply.text = "changed"  # type: ignore[misc]
    assert reply.message() is reply.message()
    assert reply.message() == {
        "text": "hi",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}],
    }


def test_effects_are_not_part_of_equality_and_replace_starts_a_new_message() -> None:
    reply = Reply("hi", [section("a")])
    first = reply.message()
    other = dataclasses.replace(reply, effects=[lambda client: _nothing()])
    assert other == reply
    assert other.message() == first and other.message() is not first


async def _nothing() -> None:
    return None


def test_a_message_keeps_within_slacks_limits_whatever_it_is_given() -> None:
    reply = Reply("x" * 10_000, [section("y" * 5_000) for _ in range(80)])
    message = reply.message()
    check_limits(message)
    assert len(message["blocks"]) == MAX_BLOCKS
    assert message["blocks"][-1]["type"] == "context"
    assert len(message["text"]) == MAX_FALLBACK
    assert all(len(b["text"]["text"]) <= MAX_SECTION for b in message["blocks"][:-1])


def test_escaping_happens_once() -> None:
    assert esc("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert section(esc("<@U1>")).to_dict()["text"]["text"] == "&lt;@U1&gt;"


def test_clip_and_bar() -> None:
    assert clip("abcdef", 4) == "abc…" and clip("abc", 4) == "abc"
    assert bar(3, 10) == "▓▓▓░░░░░░░ 3/10"
    assert bar(1.5, 0) == "░" * 10 + " 1.5/0"


def test_a_calendar_date_is_written_out_and_a_moment_is_a_slack_date_token() -> None:
    assert slack_date(dt.date(2026, 5, 1)) == "Fri 1 May 2026"
    moment = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    assert slack_date(moment) == f"<!date^{int(moment.timestamp())}^{{date_short}}|01 May 2026>"


def test_chunks_fill_sections_without_splitting_a_line() -> None:
    lines = [f"line {i} " + "z" * 90 for i in range(100)]
    parts = chunks(lines, 1000)
    assert all(len(p) <= 1000 for p in parts)
    assert "\n".join(parts).split("\n") == lines
    assert chunks(["q" * 50], 10) == ["q" * 9 + "…"]


def test_notice_and_prefixed() -> None:
    done = notice("Saved.", "✅")
    assert done.text == "Saved." and done.blocks[0].to_dict()["text"]["text"] == "✅ Saved."
    both = prefixed(done, "First")
    assert both.text == "First Saved." and len(both.blocks) == 2
