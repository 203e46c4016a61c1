"""Talking to careerpath in its DM: the same answers as the slash command, through signed
`message.im` events, and nothing for bot messages, edits or careerpath's own echo."""

from __future__ import annotations

from typing import Any

from bot import notify
from bot.signing import event_body, sign
from tests.utils import SECRET, Harness, all_text

BOT = "UCAREERBOT"  # the double's auth.test answers with this bot user


def _message(text: str, *, user: str = "U1", channel: str = "DU1", **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": "1700000000.000200",
        "event_ts": "1700000000.000200",
        **extra,
    }


async def _send(h: Harness, event: dict[str, Any], event_id: str, retry: int | None = None) -> int:
    body = event_body(event, team_id="T1", event_id=event_id)
    headers = {**sign(SECRET, body), "content-type": "application/json"}
    if retry is not None:
        headers["x-slack-retry-num"] = str(retry)
        headers["x-slack-retry-reason"] = "http_timeout"
    status, _ = await h.post(body, headers)
    await notify.drain()
    return status


def _replies(h: Harness, channel: str = "DU1") -> list[dict[str, Any]]:
    return [c.params for c in h.slack.of("chat.postMessage") if c.params["channel"] == channel]


async def test_a_dm_gets_the_same_answer_as_the_slash_command(harness: Harness) -> None:
    h = harness
    assert await _send(h, _message("done 1"), "EvDM1") == 200
    assert await _send(h, _message("next"), "EvDM2") == 200
    replies = _replies(h)
    assert len(replies) == 2
    by_command = await h.command("next", user="U1")
    assert replies[1]["blocks"] == by_command["blocks"], "the same answer, the same blocks"
    assert "step 2" in all_text(replies[1]).lower()
    # A question in the person's own words.
    assert await _send(h, _message("how do I renew my CMC?"), "EvDM3") == 200
    asked = await h.command("how do I renew my CMC?", user="U1")
    assert _replies(h)[2]["blocks"] == asked["blocks"]
    assert "CMC" in all_text(asked)


async def test_bots_edits_and_its_own_echo_get_no_answer(harness: Harness) -> None:
    h = harness
    ignored = [
        _message("next", user=BOT),  # careerpath's own message, echoed back
        _message("next", bot_id="B123", user="UOTHERBOT"),
        _message("next", subtype="bot_message"),
        _message("next", subtype="message_changed"),
        _message("next", subtype="message_deleted"),
        {**_message("next"), "channel_type": "channel", "channel": "CPUBLIC"},
    ]
    for i, event in enumerate(ignored):
        assert await _send(h, event, f"EvIgnored{i}") == 200
    assert h.slack.of("chat.postMessage") == []
    # A question asked in a thread is answered in that thread.
    assert await _send(h, _message("next", thread_ts="1700000000.000100"), "EvThread") == 200
    [reply] = _replies(h)
    assert reply["thread_ts"] == "1700000000.000100"


async def test_a_retried_dm_is_answered_once(harness: Harness) -> None:
    h = harness
    assert await _send(h, _message("done 1"), "EvOnce") == 200
    assert await _send(h, _message("done 1"), "EvOnce", retry=1) == 200
    assert len(_replies(h)) == 1
    # A retry whose original never arrived is still answered.
    assert await _send(h, _message("next"), "EvLost", retry=1) == 200
    assert len(_replies(h)) == 2


def test_the_shell_shows_the_dm_as_the_same_conversation(tmp_path: Any) -> None:
    from tests.test_cli import careerpath

    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/s.db"}
    out = careerpath("shell", stdin="dm done 1\ndm next\n", env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("careerpath → your DM") == 2, out.stdout
    assert "Step 1" in out.stdout and "Next: step 2" in out.stdout
