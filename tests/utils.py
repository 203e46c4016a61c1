"""Test helpers: a client that talks to the real app over HTTP the way Slack does."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
from sqlalchemy import func, select

from bot import notify
from bot.app import build_app
from bot.catalog import Catalog
from bot.config import Settings
from bot.deps import Deps
from bot.doubles.slack_api import LocalSlack
from bot.models import Base
from bot.server import web_app
from bot.signing import action_body, command_body, sign

SECRET = "test-signing-secret-0123456789abcdef"
TOKEN = "xoxb-test-token"


def settings_for(db_url: str, slack: LocalSlack, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "slack_bot_token": TOKEN,
        "slack_signing_secret": SECRET,
        "slack_api_url": slack.api_url,
        "database_url": db_url,
        **extra,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class Harness:
    """The app behind a real aiohttp server; send signed requests, read the replies."""

    def __init__(self, deps: Deps, slack: LocalSlack, base_url: str, http: aiohttp.ClientSession):
        self.deps = deps
        self.slack = slack
        self.base_url = base_url
        self.http = http
        self._sent = 0

    @classmethod
    @asynccontextmanager
    async def serving(
        cls, db_url: str, slack: LocalSlack, catalog: Catalog, **settings: Any
    ) -> AsyncIterator[Harness]:
        deps = Deps.build(settings_for(db_url, slack, **settings), catalog)
        app = build_app(deps)
        runner = web.AppRunner(web_app(app, deps), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        async with aiohttp.ClientSession() as http:
            try:
                yield cls(deps, slack, f"http://127.0.0.1:{port}", http)
            finally:
                await runner.cleanup()
                await deps.close()

    async def post(self, body: str, headers: dict[str, str]) -> tuple[int, str]:
        async with self.http.post(
            self.base_url + "/slack/events", data=body.encode(), headers=headers
        ) as resp:
            return resp.status, await resp.text()

    async def signed(self, body: str, *, timestamp: int | None = None) -> tuple[int, str]:
        return await self.post(body, sign(SECRET, body, timestamp))

    async def command(
        self, text: str, *, user: str = "U1", team: str = "T1", channel: str = "C0LOCAL"
    ) -> dict[str, Any]:
        """Send `/careerpath <text>`; return the reply (asserting a 200): the ack's JSON, or,
        when the ack is empty, what came by response_url once the outcome was known."""
        self._sent += 1
        key = f"cmd{self._sent}"
        body = command_body(
            text,
            team_id=team,
            user_id=user,
            channel_id=channel,
            response_url=self.slack.response_url(key),
        )
        status, raw = await self.signed(body)
        assert status == 200, (status, raw)
        if not raw:
            await notify.drain()
            later = [c.params for c in self.slack.of("response_url") if c.key == key]
            assert len(later) == 1, f"an empty ack must be followed by one reply: {later}"
            return later[0]
        reply: dict[str, Any] = json.loads(raw)
        return reply

    async def click(
        self, action_id: str, value: str, *, user: str = "U1", team: str = "T1", **kw: Any
    ) -> int:
        body = action_body(
            action_id,
            value,
            team_id=team,
            user_id=user,
            response_url=self.slack.response_url(),
            **kw,
        )
        status, _ = await self.signed(body)
        await notify.drain()  # the click's answer follows the ack by response_url
        return status

    async def row_counts(self) -> dict[str, int]:
        async with self.deps.db.sessionmaker() as session:
            return {
                t.name: int(await session.scalar(select(func.count()).select_from(t)) or 0)
                for t in Base.metadata.sorted_tables
            }


def all_text(message: dict[str, Any]) -> str:
    """Every piece of text in a message, for assertions."""
    parts = [message.get("text", "")]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "text" and isinstance(v, str):
                    parts.append(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(message.get("blocks", []))
    return "\n".join(parts)


def check_limits(message: dict[str, Any], *, max_blocks: int | None = None) -> None:
    """Slack's limits for a message, an App Home view or a modal."""
    kind = message.get("type")
    if max_blocks is None:
        max_blocks = 100 if kind in ("home", "modal") else 50
    blocks = message.get("blocks", [])
    assert len(blocks) <= max_blocks, len(blocks)
    assert len(message.get("text", "")) <= 40_000
    if kind == "modal":
        assert len(message["title"]["text"]) <= 24, message["title"]
        assert len(message.get("private_metadata", "")) <= 3000
    action_ids: list[str] = []
    for b in blocks:
        if b["type"] == "section" and "text" in b:
            assert len(b["text"]["text"]) <= 3000
        if b["type"] == "header":
            assert len(b["text"]["text"]) <= 150
        if b["type"] == "input":
            assert len(b["label"]["text"]) <= 2000
            options = b["element"].get("options")
            if options is not None:
                assert len(options) <= 100
            if "action_id" in b["element"]:
                action_ids.append(b["element"]["action_id"] + "@" + b["block_id"])
        if b["type"] == "actions":
            assert len(b["elements"]) <= 25
            for e in b["elements"]:
                if e.get("type") == "button":
                    assert len(e["text"]["text"]) <= 75
                action_ids.append(e["action_id"])
    assert len(action_ids) == len(set(action_ids)), action_ids


_DATE_TOKEN = re.compile(r"<!date\^(\d+)\^([^^|>]*)(?:\^[^|>]*)?\|[^>]*>")


def as_seen_in(text: str, tz: str) -> str:
    """Text as Slack shows it to a reader whose own timezone is `tz`: each `<!date^…>` token
    becomes the moment's local date or time there, in Slack's formats ("May 1, 2027";
    the *_pretty forms as their plain ones)."""

    def ordinal(n: int) -> str:
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"

    def show(m: re.Match[str]) -> str:
        local = dt.datetime.fromtimestamp(int(m.group(1)), ZoneInfo(tz))
        hour = local.hour % 12 or 12
        forms = {
            "date_num": f"{local:%Y-%m-%d}",
            "date": f"{local:%B} {ordinal(local.day)}, {local.year}",
            "date_short": f"{local:%b} {local.day}, {local.year}",
            "date_long": f"{local:%A}, {local:%B} {ordinal(local.day)}, {local.year}",
            "time": f"{hour}:{local:%M %p}",
            "time_secs": f"{hour}:{local:%M:%S %p}",
        }
        return re.sub(
            r"\{(\w+?)(?:_pretty)?\}", lambda t: forms.get(t.group(1), t.group(0)), m.group(2)
        )

    return _DATE_TOKEN.sub(show, text)
