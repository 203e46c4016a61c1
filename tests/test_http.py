"""The real Bolt app over HTTP: every sub-command with Slack-signed requests, and the 401s."""

from __future__ import annotations

import json
import time

import pytest

from bot import notify
from bot.signing import command_body, sign
from tests.utils import SECRET, Harness, all_text, check_limits

SUBCOMMANDS = {
    "": "careerpath",
    "help": "/careerpath next",
    "next": "Next: step 1",
    "steps": "The 10 steps",
    "step 4": "Step 4:",
    "done 3": "marked done",
    "undo 3": "was not marked done",
    "skills": "essential skills",
    "skills hard": "Hard skills",
    "skills soft": "Soft skills",
    "skills empathy": "Empathy",
    "salary": "$40,000–$60,000",
    "salary mid": "$60,000–$80,000",
    "ladder": "Chief Care Officer",
    "certs": "CCM",
    "specialize": "Geriatric",
    "specialize pediatric": "Pediatric",
    "faq": "Frequently asked questions",
    "faq without a degree": "degree",
    "progress": "Your progress",
}


@pytest.mark.parametrize("text", list(SUBCOMMANDS))
async def test_each_subcommand_answers_over_signed_http(harness: Harness, text: str) -> None:
    reply = await harness.command(text)
    assert reply["response_type"] == "ephemeral"
    assert SUBCOMMANDS[text] in all_text(reply)
    check_limits(reply)


async def test_done_then_next_shows_the_following_step(any_harness: Harness) -> None:
    h = any_harness
    assert "Next: step 1" in all_text(await h.command("next"))
    assert "marked done" in all_text(await h.command("done 1"))
    assert "Next: step 2" in all_text(await h.command("next"))
    again = all_text(await h.command("DONE   1"))
    assert "already done" in again
    counts = await h.row_counts()
    assert counts["step_progress"] == 1
    assert counts["progress_events"] == 1  # the repeat changed nothing
    await h.command("undo 1")
    assert "Next: step 1" in all_text(await h.command("next"))
    assert (await h.row_counts())["progress_events"] == 2


async def test_progress_is_per_workspace(harness: Harness) -> None:
    await harness.command("done 1", user="U1", team="T1")
    other = all_text(await harness.command("next", user="U1", team="T2"))
    assert "Next: step 1" in other


@pytest.mark.parametrize(
    "text",
    [
        "step 0",
        "step 99",
        "done abc",
        "nxt",
        "undo",
        "x" * 2000,
        "step -1",
        "done 1 2",
        "<@U123|x>",
        "🙂🙂🙂",
    ],
)
async def test_bad_input_gets_a_friendly_reply(harness: Harness, text: str) -> None:
    reply = await harness.command(text)
    body = all_text(reply)
    assert "/careerpath help" in body or "Did you mean" in body
    assert "Traceback" not in body and "Error" not in body
    check_limits(reply)
    assert (await harness.row_counts())["step_progress"] == 0


async def test_did_you_mean(harness: Harness) -> None:
    assert "/careerpath next" in all_text(await harness.command("nxet"))
    assert "/careerpath step 10" in all_text(await harness.command("step 99"))


async def test_mark_done_button(harness: Harness) -> None:
    assert await harness.click("step_done", "1") == 200
    responses = harness.slack.of("response_url")
    assert "marked done" in all_text(responses[-1].params)
    # A second click on the same (now stale) button does nothing twice.
    assert await harness.click("step_done", "1") == 200
    assert "already done" in all_text(harness.slack.of("response_url")[-1].params)
    counts = await harness.row_counts()
    assert counts["step_progress"] == 1 and counts["progress_events"] == 1


async def test_replies_and_web_api_calls_keep_their_connections(harness: Harness) -> None:
    """Replies by response_url and Web API calls share one connection pool per process: a
    new TCP (and, to Slack, TLS) connection per call cost a third of a click's CPU."""
    h = harness
    for n in range(1, 9):  # each click's answer goes by response_url
        assert await h.click("step_done", str(n), user=f"U{n}") == 200
    for n in range(1, 5):  # a first command: the learner's timezone, asked in the background
        await h.command("next", user=f"U{n}")
        await notify.drain()
    assert len(h.slack.of("response_url")) == 8
    assert len(h.slack.of("users.info")) >= 1
    peers = {c.peer for c in h.slack.calls}
    assert "" not in peers
    assert len(peers) <= 2, peers  # kept alive and reused, not one per call


def _command(text: str = "done 1") -> str:
    return command_body(text, team_id="T1", user_id="U1")


async def test_tampered_body_is_refused(harness: Harness) -> None:
    body = _command()
    headers = sign(SECRET, body)
    status, _ = await harness.post(body.replace("done+1", "done+2"), headers)
    assert status == 401
    assert (await harness.row_counts())["users"] == 0


@pytest.mark.parametrize("skew", [-301, 301])
async def test_stale_or_future_timestamp_is_refused(harness: Harness, skew: int) -> None:
    status, _ = await harness.signed(_command(), timestamp=int(time.time()) + skew)
    assert status == 401
    assert (await harness.row_counts())["users"] == 0


@pytest.mark.parametrize("drop", ["x-slack-signature", "x-slack-request-timestamp", "both"])
async def test_missing_headers_are_refused(harness: Harness, drop: str) -> None:
    body = _command()
    headers = sign(SECRET, body)
    for key in ("x-slack-signature", "x-slack-request-timestamp"):
        if drop in (key, "both"):
            del headers[key]
    status, _ = await harness.post(body, headers)
    assert status == 401
    assert (await harness.row_counts())["users"] == 0


async def test_wrong_secret_is_refused(harness: Harness) -> None:
    body = _command()
    status, _ = await harness.post(body, sign("another-secret", body))
    assert status == 401


async def test_healthz(harness: Harness) -> None:
    async with harness.http.get(harness.base_url + "/healthz") as resp:
        assert resp.status == 200
        assert json.loads(await resp.text())["database"] == "ok"


def test_every_subcommand_in_the_help_has_an_answer() -> None:
    import bot.features  # noqa: F401  (loads the registry)
    from bot import commands

    assert set(commands.HELP) == set(commands.SUBCOMMANDS)
