"""`careerpath shell`: try the bot in a terminal, through the same Bolt app Slack would reach.

Each typed line becomes a signed slash command dispatched to the real app; the reply's blocks
are printed as text, with buttons as numbered choices. Web API calls (DMs, App Home) go to a
local Slack double in this process, and what it receives is printed too.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from slack_bolt.request.async_request import AsyncBoltRequest

from bot import notify
from bot.app import build_app
from bot.deps import Deps
from bot.localslack import Call, LocalSlack
from bot.render import to_text
from bot.signing import action_body, command_body, sign

PROMPT = "careerpath> "


class Shell:
    def __init__(self, deps: Deps, *, team_id: str, user_id: str, out: TextIO) -> None:
        self.deps = deps
        self.team_id = team_id
        self.user_id = user_id
        self.out = out
        self.slack = LocalSlack(team_id=team_id)
        self.buttons: list[tuple[str, str, str]] = []
        self.secret = secrets.token_hex(16)

    async def start(self) -> None:
        await self.slack.start()
        self.slack.on_call = self._on_call
        settings = self.deps.settings.model_copy(
            update={
                "slack_bot_token": _secret("xoxb-local-shell"),
                "slack_signing_secret": _secret(self.secret),
                "slack_app_token": None,
                "slack_api_url": self.slack.api_url,
            }
        )
        self.deps = Deps(settings, self.deps.db, self.deps.catalog, self.deps.index)
        self.app = build_app(self.deps)

    async def stop(self) -> None:
        await notify.drain()
        await self.slack.stop()
        await self.deps.db.dispose()

    def _print(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _show(self, message: dict[str, Any]) -> None:
        text, buttons = to_text(message)
        if buttons:
            self.buttons = buttons
        self._print(text)

    def _on_call(self, call: Call) -> None:
        if call.method == "response_url":
            self._show(call.params)
        elif call.method == "chat.postMessage":
            self._print(f"\n💬 careerpath → {call.params.get('channel')}:")
            self._show(call.params)

    async def _dispatch(self, body: str) -> None:
        headers: dict[str, str | Sequence[str]] = dict(sign(self.secret, body))
        request = AsyncBoltRequest(body=body, headers=headers)
        response = await self.app.async_dispatch(request)
        if response.status != 200:
            self._print(f"(the app answered HTTP {response.status})")
        elif response.body:
            try:
                message = json.loads(response.body)
            except ValueError:
                return
            self._show(message)

    async def line(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if text.isdigit() and self.buttons and 1 <= int(text) <= len(self.buttons):
            label, action_id, value = self.buttons[int(text) - 1]
            self._print(f"(pressed {label})")
            body = action_body(
                action_id,
                value,
                team_id=self.team_id,
                user_id=self.user_id,
                response_url=self.slack.response_url(),
            )
            await self._dispatch(body)
            return
        if text.lower().startswith("/careerpath"):
            text = text[len("/careerpath") :]
        self.buttons = []
        await self._dispatch(
            command_body(
                text,
                team_id=self.team_id,
                user_id=self.user_id,
                response_url=self.slack.response_url(),
            )
        )


def _secret(value: str) -> Any:
    from pydantic import SecretStr

    return SecretStr(value)


async def run_shell(
    deps: Deps, *, team_id: str, user_id: str, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout
) -> int:
    shell = Shell(deps, team_id=team_id, user_id=user_id, out=out)
    await shell.start()
    interactive = stdin.isatty()
    if interactive:
        out.write("careerpath shell — type a command such as `next` or `help`; Ctrl-D to leave.\n")
    loop = asyncio.get_running_loop()
    try:
        while True:
            if interactive:
                out.write(PROMPT)
                out.flush()
            raw = await loop.run_in_executor(None, stdin.readline)
            if not raw:
                break
            if raw.strip().lower() in ("exit", "quit"):
                break
            await shell.line(raw)
            # Let background work (DMs, App Home) reach the double before the next prompt.
            await asyncio.sleep(0.05 if interactive else 0)
    finally:
        await shell.stop()
    return 0
