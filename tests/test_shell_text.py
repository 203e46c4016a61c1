"""The shell prints the blocks Slack receives, as plain text with numbered buttons."""

from __future__ import annotations

import datetime as dt

from slack_sdk.models.blocks import ActionsBlock, DividerBlock

from bot.shell_text import mrkdwn_to_text, to_text
from bot.views.blocks import Reply, button, context, esc, header, section, slack_date


def test_mrkdwn_becomes_plain_text() -> None:
    moment = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    text = f"{slack_date(moment)} <https://x.org|X> <@U1> <@U2|ann> {esc('a<b & c')}"
    assert mrkdwn_to_text(text) == "01 May 2026 X (https://x.org) @U1 @ann a<b & c"


def test_a_message_reads_as_text_with_its_buttons() -> None:
    reply = Reply(
        "fallback",
        [
            header("Title"),
            section("Body"),
            context("small"),
            DividerBlock(),
            ActionsBlock(elements=[button("Go", "go", "1"), button("Stop", "stop", "2")]),
        ],
    )
    text, buttons = to_text(reply.message())
    assert text.splitlines() == ["Title", "═════", "Body", "  small", "─" * 40, "[1] Go  [2] Stop"]
    assert buttons == [("Go", "go", "1"), ("Stop", "stop", "2")]
    assert to_text(Reply("only text").message()) == ("only text", [])
