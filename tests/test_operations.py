"""Operations: OAuth installs, uninstall, replayed events, export and forget, health."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import String, Text, create_engine, select

from bot import notify
from bot.catalog import Catalog
from bot.db import sync_url
from bot.doubles.slack_api import LocalSlack
from bot.models import Base, User
from bot.signing import command_body, event_body, sign
from tests.utils import SECRET, Harness, all_text


@pytest.fixture
async def oauth(sqlite_url: str, slack: LocalSlack, catalog: Catalog) -> AsyncIterator[Harness]:
    """The app in multi-workspace mode: no bot token, installs through OAuth."""
    async with Harness.serving(
        sqlite_url,
        slack,
        catalog,
        slack_bot_token=None,
        slack_client_id="111.222",
        slack_client_secret="client-secret-for-tests",
    ) as h:
        yield h


async def install(h: Harness, team: str) -> None:
    async with h.http.get(h.base_url + "/slack/install", allow_redirects=False) as resp:
        assert resp.status in (200, 302)
        page = await resp.text()
        cookie = resp.cookies["slack-app-oauth-state"].value
    state = re.search(r"state=([0-9a-f-]+)", page or resp.headers.get("Location", ""))
    assert state, page
    async with h.http.get(
        h.base_url + "/slack/oauth_redirect",
        params={"code": f"code-{team}", "state": state.group(1)},
        headers={"Cookie": f"slack-app-oauth-state={cookie}"},
    ) as resp:
        assert resp.status == 200, await resp.text()
    await notify.drain()


async def test_install_then_commands_use_that_workspace_token(oauth: Harness) -> None:
    h = oauth
    await install(h, "T9")
    await install(h, "T10")
    assert [c.params.get("code") for c in h.slack.of("oauth.v2.access")] == ["code-T9", "code-T10"]
    assert "marked done" in all_text(await h.command("done 4", user="U1", team="T9"))
    # The same user id in the other workspace sees nothing of it.
    assert "Next: step 1" in all_text(await h.command("next", user="U1", team="T10"))
    assert "Next: step 1" in all_text(await h.command("next", user="U1", team="T9"))
    await h.command("mentor add <@U2>", user="U1", team="T9")
    await h.command("mentor add <@U2>", user="U1", team="T10")
    await notify.drain()
    tokens = {c.params["channel"]: c.token for c in h.slack.of("chat.postMessage")}
    assert set(c.token for c in h.slack.of("chat.postMessage")) == {
        "xoxb-T9-token",
        "xoxb-T10-token",
    }
    assert tokens  # each workspace's DM went out with its own token
    # A workspace that never installed is refused by authorisation: no data either way.
    body = command_body("next", team_id="T404", user_id="U1")
    status, raw = await h.signed(body)
    assert "Next: step" not in raw


async def test_uninstall_stops_that_workspaces_reminders(harness: Harness) -> None:
    h = harness
    await h.command("cert add C-SWCM 2024-12-10", user="U1")
    await h.command("cert add C-SWCM 2024-12-10", user="U1", team="T2")
    body = event_body({"type": "app_uninstalled"}, team_id="T1", event_id="EvUninstall")
    status, _ = await h.post(body, {**sign(SECRET, body), "content-type": "application/json"})
    assert status == 200
    async with h.deps.db.engine.connect() as conn:
        rows = dict((await conn.execute(select(User.team_id, User.next_check_at))).all())
    assert rows["T1"] is None and rows["T2"] is not None


async def test_a_replayed_event_has_one_effect(harness: Harness) -> None:
    h = harness
    body = event_body(
        {"type": "app_home_opened", "user": "U1", "tab": "home", "event_ts": "1.1"},
        team_id="T1",
        event_id="EvOnce",
    )
    headers = {**sign(SECRET, body), "content-type": "application/json"}
    for retry in ("", "1", "2", "3"):
        extra = (
            {"x-slack-retry-num": retry, "x-slack-retry-reason": "http_timeout"} if retry else {}
        )
        status, _ = await h.post(body, {**headers, **extra})
        assert status == 200
    await notify.drain()
    assert len(h.slack.of("views.publish")) == 1
    # A retry whose original never arrived still runs.
    other = event_body(
        {"type": "app_home_opened", "user": "U1", "tab": "home", "event_ts": "1.2"},
        team_id="T1",
        event_id="EvLost",
    )
    status, _ = await h.post(
        other, {**sign(SECRET, other), "content-type": "application/json", "x-slack-retry-num": "2"}
    )
    assert status == 200
    await notify.drain()
    assert len(h.slack.of("views.publish")) == 2


def _mentions(url: str, row_id: int, slack_id: str) -> dict[str, int]:
    """Rows in any table of the metadata that point at the user or carry their Slack id."""
    found: dict[str, int] = {}
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            conds = []
            for col in table.columns:
                if any(fk.column.table.name == "users" for fk in col.foreign_keys):
                    conds.append(col == row_id)
                elif isinstance(col.type, String | Text) and col.name not in ("team_id",):
                    conds.append(col.contains(slack_id))
            if table.name == "users":
                conds.append(table.c.id == row_id)
            if not conds:
                continue
            from sqlalchemy import or_

            n = len(conn.execute(select(table).where(or_(*conds))).all())
            if n:
                found[table.name] = n
    engine.dispose()
    return found


async def test_export_holds_everything_forget_deletes(harness: Harness) -> None:
    h = harness
    me = "UFORGET"
    for text in [
        "done 1",
        "done 2",
        "undo 2",
        "cert add CCM 2022-01-01",
        "ce log 2 CCM Course",
        "remind time 08:00",
        "mentor add <@UMENTOR>",
    ]:
        await h.command(text, user=me)
    await h.command("mentor add <@UFORGET>", user="UMENTEE")
    await notify.drain()
    await h.click("mentor_accept", _request_for(h, me), user=me)
    body = command_body("cohort create Forgetters", team_id="T1", user_id=me, channel_id="CFG")
    await h.signed(body)
    await h.command("ce log 1 Other person's course", user="UOTHER")
    await notify.drain()
    async with h.deps.db.engine.connect() as conn:
        row_id = (await conn.execute(select(User.id).where(User.slack_user_id == me))).scalar_one()
    url = str(h.deps.settings.database_url)
    before = _mentions(url, row_id, me)
    assert {
        "users",
        "step_progress",
        "progress_events",
        "held_certifications",
        "ce_entries",
        "mentorships",
        "cohort_members",
        "cohorts",
    } <= set(before)

    reply = await h.command("export", user=me)
    assert "on its way" in all_text(reply)
    await notify.drain()
    exported = json.loads(h.slack.uploads[-1])
    for table, n in before.items():
        assert len(exported.get(table, [])) >= n, (table, n, exported.get(table))

    await h.command("forget", user=me)
    await h.click("forget_confirm", "yes", user=me)
    assert _mentions(url, row_id, me) == {}
    # Others keep their data.
    assert "Other person's course" in all_text(await h.command("ce", user="UOTHER"))
    async with h.deps.db.engine.connect() as conn:
        others = (await conn.execute(select(User.slack_user_id))).scalars().all()
    assert "UOTHER" in others and "UMENTEE" in others


def _request_for(h: Harness, mentor: str) -> str:
    for call in reversed(h.slack.of("chat.postMessage")):
        if call.params.get("channel") == f"D{mentor}":
            for block in call.params.get("blocks") or []:
                for e in block.get("elements", []):
                    if e.get("action_id") == "mentor_accept":
                        return str(e["value"])
    raise AssertionError("no request")


async def test_export_when_the_upload_fails_says_so(harness: Harness) -> None:
    h = harness
    await h.command("done 1", user="U1")
    h.slack.faults.method_errors["files.getUploadURLExternal"] = "missing_scope"
    await h.command("export", user="U1")
    await notify.drain()
    said = [all_text(c.params) for c in h.slack.of("response_url")]
    assert any("couldn't upload" in t for t in said)
    assert "holds no data about you" in all_text(await h.command("export", user="UNOBODY"))


async def test_rotating_tokens_are_refreshed_before_they_expire(oauth: Harness) -> None:
    from sqlalchemy import update

    from bot.models import bots_table, installations_table

    h = oauth
    h.slack.token_rotation = True
    await install(h, "T9")
    assert "marked done" in all_text(await h.command("done 1", user="U1", team="T9"))
    assert h.slack.rotations == 0  # twelve hours left: nothing to do yet
    soon = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(minutes=5)
    engine = create_engine(sync_url(str(h.deps.settings.database_url)))
    with engine.begin() as conn:
        for table in (installations_table, bots_table):
            conn.execute(update(table).values(bot_token_expires_at=soon))
    engine.dispose()
    assert "Next: step 2" in all_text(await h.command("next", user="U1", team="T9"))
    assert h.slack.rotations == 1
    refresh = [c for c in h.slack.of("oauth.v2.access") if c.params.get("grant_type")]
    assert refresh[0].params["refresh_token"] == "xoxe-1-T9-0"
    assert await h.deps.installation_store.bot_token("T9") == "xoxb-T9-rotated1"  # type: ignore[union-attr]
    await h.command("mentor add <@U2>", user="U1", team="T9")
    await notify.drain()
    assert h.slack.of("chat.postMessage")[-1].token == "xoxb-T9-rotated1"


async def test_reminders_rotate_an_expiring_token_first(oauth: Harness, catalog: Catalog) -> None:
    from sqlalchemy import update

    from bot.models import bots_table, installations_table
    from bot.reminders.engine import Engine
    from bot.slack_api import Sender, build_background_client
    from tests.reminders.factories import seed_users

    h = oauth
    h.slack.token_rotation = True
    await install(h, "T9")
    url = str(h.deps.settings.database_url)
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
    [uid] = seed_users(url, 1, team="T9", now=now, cycle_start=dt.date(2024, 12, 10))
    soon = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(minutes=5)
    engine = create_engine(sync_url(url))
    with engine.begin() as conn:
        for table in (installations_table, bots_table):
            conn.execute(update(table).values(bot_token_expires_at=soon))
    engine.dispose()
    sender = Sender(build_background_client(h.slack.api_url, None), backoff=0.01)
    result = await Engine(h.deps, sender, clock=lambda: now).sweep()
    assert result.sent == 1
    [post] = [c for c in h.slack.of("chat.postMessage") if c.params["channel"] == f"D{uid}"]
    assert post.token == "xoxb-T9-rotated1"
