"""What real Slack does that a kind double forgets: the double refuses it, and so do we.

See shared/reference/slack-contract.md. Each test here fails against careerpath as it was
before the rule was honoured.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest

from bot import notify
from bot.catalog import Catalog
from bot.deps import Deps
from bot.doubles.slack_api import LocalSlack
from bot.reminders.engine import Engine
from bot.slack_api import Sender, build_background_client
from tests.reminders.factories import ledger, seed_users, user_row
from tests.utils import TOKEN, Harness, settings_for

UTC = dt.UTC


@asynccontextmanager
async def _engine(
    url: str, slack: LocalSlack, catalog: Catalog, clock: Callable[[], dt.datetime]
) -> AsyncIterator[Engine]:
    deps = Deps.build(settings_for(url, slack), catalog)
    sender = Sender(build_background_client(slack.api_url, TOKEN), rate=None, backoff=0.01)
    try:
        yield Engine(deps, sender, clock=clock)
    finally:
        await deps.db.dispose()


# --- Web API encoding ------------------------------------------------------------------------


async def test_the_double_drops_a_json_body_on_read_methods(slack: LocalSlack) -> None:
    slack.users["U9"] = {"tz": "Asia/Tokyo"}
    async with aiohttp.ClientSession() as http:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with http.post(
            slack.api_url + "users.info", json={"user": "U9"}, headers=headers
        ) as r:
            as_json = await r.json()
        async with http.post(
            slack.api_url + "users.info", data={"user": "U9"}, headers=headers
        ) as r:
            as_form = await r.json()
        async with http.post(
            slack.api_url + "chat.postMessage",
            json={"channel": "DU9", "text": "hi"},
            headers=headers,
        ) as r:
            write = await r.json()
    assert as_json == {"ok": False, "error": "user_not_found"}
    assert as_form["ok"] and as_form["user"]["tz"] == "Asia/Tokyo"
    assert write["ok"], "write methods do take JSON"


async def test_background_calls_are_encoded_the_way_slack_accepts(slack: LocalSlack) -> None:
    slack.users["U9"] = {"tz": "Asia/Tokyo"}
    sender = Sender(build_background_client(slack.api_url, TOKEN), backoff=0.01)
    info = await sender.call("users.info", token=TOKEN, user="U9")
    opened = await sender.call("conversations.open", token=TOKEN, users="U9")
    posted = await sender.call("chat.postMessage", token=TOKEN, channel="DU9", text="hi")
    assert info["user"]["tz"] == "Asia/Tokyo"
    assert opened["channel"]["id"] == "DU9"
    assert posted["ok"] and posted["ts"]


# --- the first reminder arrives in the person's own working window ---------------------------


@pytest.mark.parametrize(
    ("zone", "now", "local"),
    [
        # Monday 11:00 in Tonga (UTC+13) is still Sunday 22:00 in UTC.
        ("Pacific/Tongatapu", dt.datetime(2026, 11, 29, 22, 0, tzinfo=UTC), (0, 11)),
        # Friday 15:00 in Los Angeles is Friday 23:00 in UTC, after UTC's window has closed.
        ("America/Los_Angeles", dt.datetime(2026, 12, 4, 23, 0, tzinfo=UTC), (4, 15)),
    ],
)
async def test_the_first_reminder_uses_the_persons_zone_not_utcs(
    sqlite_url: str,
    slack: LocalSlack,
    catalog: Catalog,
    zone: str,
    now: dt.datetime,
    local: tuple[int, int],
) -> None:
    from zoneinfo import ZoneInfo

    here = now.astimezone(ZoneInfo(zone))
    assert (here.weekday(), here.hour) == local
    # C-SWCM (2 years) ends 15 days from now: its 30-day reminder is due.
    start = (now.date() + dt.timedelta(days=15)).replace(year=now.year - 2)
    [uid] = seed_users(
        sqlite_url,
        1,
        now=now,
        cycle_start=start,
        tz=None,
        tz_checked_at=None,  # type: ignore[arg-type]
    )
    slack.users[uid] = {"tz": zone}
    async with _engine(sqlite_url, slack, catalog, lambda: now) as engine:
        result = await engine.sweep()
    assert result.sent == 1, ledger(sqlite_url)
    assert user_row(sqlite_url, uid)["tz"] == zone
    assert len(slack.of("users.info")) == 1, "asked once, at plan time"


async def test_a_persons_zone_is_learned_after_their_first_command(harness: Harness) -> None:
    harness.slack.users["U7"] = {"tz": "Pacific/Tongatapu"}
    await harness.command("cert add CCM 2024-03-01", user="U7")
    await notify.drain()
    assert [c.params.get("user") for c in harness.slack.of("users.info")] == ["U7"]
    await harness.command("next", user="U7")
    await notify.drain()
    assert len(harness.slack.of("users.info")) == 1, "asked once per person"
    async with harness.deps.db.engine.connect() as conn:
        from sqlalchemy import text

        tz = (await conn.execute(text("SELECT tz FROM users WHERE slack_user_id='U7'"))).scalar()
    assert tz == "Pacific/Tongatapu"


# --- text shown once-escaped, nothing live injected ----------------------------------------

NAME = "R&D <Spring> @channel"
TITLE = "R&D webinar <intro>"
LIVE = ("<!channel>", "<!here>", "<!everyone>", "<https://evil")


def _shown(message: dict[str, Any]) -> list[str]:
    """Every piece of text in a message as a reader sees it: mrkdwn unescaped once, plain
    text as it is. A double-escaped `&amp;amp;` shows as `&amp;`, so it is caught."""
    out: list[str] = []

    def walk(node: Any, mrkdwn: bool) -> None:
        if isinstance(node, dict):
            kind = node.get("type")
            for k, v in node.items():
                if k == "text" and isinstance(v, str):
                    out.append(_unescape(v) if kind == "mrkdwn" or mrkdwn else v)
                else:
                    walk(v, mrkdwn)
        elif isinstance(node, list):
            for v in node:
                walk(v, mrkdwn)

    if isinstance(message.get("text"), str):
        out.append(_unescape(message["text"]))  # a message's text is mrkdwn
    walk(message.get("blocks", []), False)
    return out


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _parsed(message: dict[str, Any]) -> list[str]:
    """The texts Slack parses for markup: a message's `text` and every mrkdwn object
    (plain_text, such as a header, is shown literally and can't notify anyone)."""
    out = [message["text"]] if isinstance(message.get("text"), str) else []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
                out.append(node["text"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(message.get("blocks", []))
    walk(message.get("view", {}))
    return out


def _assert_safe(message: dict[str, Any]) -> None:
    for text in _parsed(message):
        for token in LIVE:
            assert token not in text, (token, text)


async def test_user_text_shows_as_typed_and_carries_nothing_live(
    harness: Harness, catalog: Catalog
) -> None:
    h = harness
    h.slack.invite("CTEAM")
    typed = f"cohort create {NAME} <https://evil.example|click>"
    created = await h.command(typed, user="UOWNER", channel="CTEAM")
    want = f"{NAME} <https://evil.example|click>"
    assert any(want in t for t in _shown(created)), _shown(created)
    assert f"{want}" in _unescape(created["text"]), "the notification text shows it too"
    [announcement] = [
        c.params for c in h.slack.of("chat.postMessage") if c.params["channel"] == "CTEAM"
    ]
    assert any(want in t for t in _shown(announcement))
    assert want in _unescape(announcement["text"])
    await h.command("cohort join", user="UOWNER", channel="CTEAM")
    status = await h.command("cohort status", user="UOWNER", channel="CTEAM")
    assert any(want in t for t in _shown(status))
    posted_reply = await h.command("cohort status post", user="UOWNER", channel="CTEAM")
    assert "Posted" in posted_reply["text"]
    channel_posts = [
        c.params for c in h.slack.of("chat.postMessage") if c.params["channel"] == "CTEAM"
    ]
    assert len(channel_posts) == 2 and want in _unescape(channel_posts[1]["text"])

    logged = await h.command(f"ce log 1.5 {TITLE}", user="UOWNER")
    _assert_safe(logged)
    ce = await h.command("ce", user="UOWNER")
    assert any(TITLE in t for t in _shown(ce)), _shown(ce)
    assert not any("&amp;" in t or "&lt;" in t for t in _shown(ce)), "escaped once, not twice"

    # The App Home shows the cohort by name.
    from bot.features.common import Who
    from bot.features.home import home_data
    from bot.views.home import home_view

    home = home_view(catalog, await home_data(h.deps, Who("T1", "UOWNER")))
    assert any(want in t for t in _shown(home))
    _assert_safe(home)

    # The weekly digest.
    await h.command("cohort digest monday 09:00", user="UOWNER", channel="CTEAM")
    from sqlalchemy import select

    from bot.models import Cohort

    async with h.deps.db.engine.connect() as conn:
        at = (await conn.execute(select(Cohort.next_digest_at))).scalar_one()
    async with _engine(str(h.deps.settings.database_url), h.slack, catalog, lambda: at) as engine:
        await engine.sweep()
    digests = [c.params for c in h.slack.of("chat.postMessage") if c.params["channel"] == "CTEAM"]
    assert len(digests) == 3
    assert any(want in t for t in _shown(digests[2]))

    # Echoes of unknown input, searches and refusals.
    for text in (
        "@channel <https://evil.example|x> &",
        "faq @here R&D <b>",
        "cert add <!everyone> x",
    ):
        reply = await h.command(text, user="UOWNER")
        _assert_safe(reply)
    await notify.drain()
    for call in h.slack.calls:
        _assert_safe(call.params)


async def test_a_mentees_name_is_mrkdwn_not_a_plain_text_header(harness: Harness) -> None:
    h = harness
    await h.command("mentor add <@UMENTOR|mentor>", user="UMENTEE")
    await notify.drain()
    [request] = [c for c in h.slack.of("chat.postMessage") if c.params["channel"] == "DUMENTOR"]
    mid = request.params["blocks"][1]["elements"][0]["value"]
    assert await h.click("mentor_accept", mid, user="UMENTOR") == 200
    await notify.drain()
    reply = await h.command("progress <@UMENTEE|mentee>", user="UMENTOR")
    headers = [b for b in reply["blocks"] if b["type"] == "header"]
    assert not any("<@" in b["text"]["text"] for b in headers), headers
    assert any("<@UMENTEE>" in b.get("text", {}).get("text", "") for b in reply["blocks"])


# --- channel posts that say what really happened ------------------------------------------


async def test_a_channel_without_the_bot_is_told_to_invite_it(harness: Harness) -> None:
    h = harness
    created = await h.command("cohort create Spring", user="UOWNER", channel="CNOBOT")
    text = " ".join(_shown(created))
    assert "/invite @careerpath" in text and "Spring" in text
    assert len(h.slack.of("chat.postMessage")) == 1, "tried once, refused"
    posted = await h.command("cohort status post", user="UOWNER", channel="CNOBOT")
    assert "/invite @careerpath" in " ".join(_shown(posted))
    assert "Posted" not in posted["text"]
    h.slack.invite("CNOBOT")
    posted = await h.command("cohort status post", user="UOWNER", channel="CNOBOT")
    assert "Posted" in posted["text"] and "/invite" not in posted["text"]
    assert [c.params["channel"] for c in h.slack.of("chat.postMessage")] == ["CNOBOT"] * 3


# --- rate limits are per workspace -----------------------------------------------------------


async def test_one_workspaces_429_holds_up_no_other(slack: LocalSlack) -> None:
    import asyncio
    import time

    slack.faults.per_second = 1.0
    slack.faults.burst = 1.0
    sender = Sender(build_background_client(slack.api_url, None), backoff=0.01)
    a, b = "xoxb-TA-token", "xoxb-TB-token"
    await sender.call("users.info", token=a, user="U1")  # spends workspace A's burst

    async def timed(token: str) -> float:
        started = time.monotonic()
        await sender.call("users.info", token=token, user="U2")
        return time.monotonic() - started

    slow, fast = await asyncio.gather(timed(a), timed(b))
    assert slack.of("users.info:429"), "workspace A was rate limited"
    assert all(c.token == a for c in slack.of("users.info:429")), "and only workspace A"
    assert slow >= 0.9 and fast < 0.5, (slow, fast)
