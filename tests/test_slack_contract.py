"""What real Slack does that a kind double forgets: the double refuses it, and so do we.

See shared/reference/slack-contract.md. Each test here fails against careerpath as it was
before the rule was honoured.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import aiohttp
import pytest

from bot import notify
from bot.catalog import Catalog
from bot.deps import Deps
from bot.localslack import LocalSlack
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
