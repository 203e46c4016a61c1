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
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TextIO

from slack_bolt.request.async_request import AsyncBoltRequest

from bot import notify
from bot.app import build_app
from bot.commands import is_number
from bot.deps import Deps
from bot.doubles.slack_api import Call, LocalSlack
from bot.shell_text import to_text
from bot.signing import (
    action_body,
    command_body,
    event_body,
    sign,
    slack_typed,
    suggestion_body,
    view_body,
)

PROMPT = "careerpath> "


class Shell:
    def __init__(
        self,
        deps: Deps,
        *,
        team_id: str,
        user_id: str,
        out: TextIO,
        read: Callable[[], Awaitable[str]] | None = None,
    ) -> None:
        self.deps = deps
        self.read = read
        self.pending_view: dict[str, Any] | None = None
        self.in_home = False
        self.team_id = team_id
        self.user_id = user_id
        self.out = out
        self.slack = LocalSlack(team_id=team_id)
        self.buttons: list[tuple[str, str, str]] = []
        self.secret = secrets.token_hex(16)

    async def start(self) -> None:
        await self.slack.start()
        self.slack.invite("C0LOCAL")  # the shell's channel, as if careerpath were invited
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
        await self.deps.close()
        await self.slack.stop()

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
            channel = str(call.params.get("channel"))
            where = "your DM" if channel == "D" + self.user_id else channel
            self._print(f"\n💬 careerpath → {where}:")
            self._show(call.params)
        elif call.method == "views.publish" and self.in_home:
            self._print("\n🏠 App Home")
            self._show(call.params.get("view") or {})
        elif call.method in ("views.open", "views.push"):
            self.pending_view = call.params.get("view") or {}

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
        if is_number(text) and self.buttons and 1 <= int(text) <= len(self.buttons):
            await self._press(*self.buttons[int(text) - 1])
            return
        if text.lower() in ("home", "/home"):
            await self._open_home()
            return
        if text.lower().startswith("dm "):
            await self._direct_message(text[3:].strip())
            return
        self.in_home = False
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

    async def _press(self, label: str, action_id: str, value: str) -> None:
        """A button click, from a message or (with no response_url) from the App Home."""
        self._print(f"(pressed {label})")
        extra: dict[str, Any] = {}
        if self.in_home:
            extra = {"container": {"type": "view", "view_id": "VHOME"}}
        body = action_body(
            action_id,
            value,
            team_id=self.team_id,
            user_id=self.user_id,
            response_url="" if self.in_home else self.slack.response_url(),
            **extra,
        )
        await self._dispatch(body)
        await notify.drain()
        if self.pending_view is not None:
            view, self.pending_view = self.pending_view, None
            await self._fill(view)

    async def _open_home(self) -> None:
        """The App Home tab, as Slack's app_home_opened event would bring it."""
        self.in_home = True
        self.buttons = []
        event = {
            "type": "app_home_opened",
            "user": self.user_id,
            "channel": "DHOME",
            "tab": "home",
            "event_ts": "1.1",
        }
        await self._event(event)

    async def _direct_message(self, text: str) -> None:
        """A message typed in careerpath's DM (the Messages tab), as a `message.im` event."""
        self.in_home = False
        self.buttons = []
        await self._event(
            {
                "type": "message",
                "channel_type": "im",
                "channel": "D" + self.user_id,
                "user": self.user_id,
                "text": slack_typed(text),
                "ts": f"{time.time():.6f}",
            }
        )

    async def _event(self, event: dict[str, Any]) -> None:
        body = event_body(event, team_id=self.team_id, event_id=f"Ev{secrets.token_hex(6)}")
        headers: dict[str, str | Sequence[str]] = {
            **sign(self.secret, body),
            "content-type": "application/json",
        }
        await self.app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
        await notify.drain()

    async def _ask(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        if self.read is None:
            return ""
        return (await self.read()).strip()

    async def _fill(
        self,
        view: dict[str, Any],
        errors: dict[str, str] | None = None,
        state: dict[str, Any] | None = None,
    ) -> None:
        """A modal as prompts: one per input, then submitted like Slack would."""
        title = (view.get("title") or {}).get("text", "")
        self._print(f"\n📝 {title} (Enter keeps the value in [brackets]; '-' cancels)")
        state = state or {}
        for block in view.get("blocks") or []:
            if block.get("type") != "input":
                continue
            bid = block["block_id"]
            if errors is not None and bid not in errors:
                continue
            if errors and bid in errors:
                self._print(f"  ⚠️ {errors[bid]}")
            element = block["element"]
            answer = await self._ask_element(block["label"]["text"], element, bid)
            if answer is None:
                self._print("(cancelled)")
                return
            state[bid] = {element["action_id"]: answer}
        body = view_body(view, state, team_id=self.team_id, user_id=self.user_id)
        request = AsyncBoltRequest(body=body, headers=dict(sign(self.secret, body)))
        response = await self.app.async_dispatch(request)
        reply = json.loads(response.body) if response.body else {}
        if reply.get("response_action") == "errors":
            await self._fill(view, reply.get("errors") or {}, state)
            return
        await notify.drain()
        self._print("✅ Saved.")

    async def _search(
        self, query: str, element: dict[str, Any], block_id: str
    ) -> dict[str, Any] | None:
        """An external_select: what was typed goes to the app as Slack's block_suggestion,
        and the person picks one of the options it answers with."""
        kind = "external_select"
        if not query:
            return {"type": kind, "selected_option": element.get("initial_option")}
        body = suggestion_body(
            element["action_id"], block_id, query, team_id=self.team_id, user_id=self.user_id
        )
        response = await self.app.async_dispatch(
            AsyncBoltRequest(body=body, headers=dict(sign(self.secret, body)))
        )
        options = (json.loads(response.body) if response.body else {}).get("options") or []
        if not options:
            self._print("  (nothing matches; keeping the current value)")
            return {"type": kind, "selected_option": element.get("initial_option")}
        for i, option in enumerate(options[:10], 1):
            self._print(f"  [{i}] {option['text']['text']}")
        pick = await self._ask("Pick one [1]: ")
        n = int(pick) if is_number(pick) and 1 <= int(pick) <= min(10, len(options)) else 1
        return {"type": kind, "selected_option": options[n - 1]}

    async def _ask_element(
        self, label: str, element: dict[str, Any], block_id: str = ""
    ) -> dict[str, Any] | None:
        kind = element.get("type")
        options = element.get("options") or []
        if kind in ("static_select", "checkboxes"):
            for i, option in enumerate(options, 1):
                self._print(f"  [{i}] {option['text']['text']}")
        default = (
            element.get("initial_value")
            or element.get("initial_date")
            or element.get("initial_time")
            or ""
        )
        if kind in ("static_select", "external_select") and element.get("initial_option"):
            default = element["initial_option"]["text"]["text"]
        raw = await self._ask(f"{label}{f' [{default}]' if default else ''}: ")
        if raw == "-":
            return None
        if kind == "static_select":
            if is_number(raw) and 1 <= int(raw) <= len(options):
                return {"type": kind, "selected_option": options[int(raw) - 1]}
            return {"type": kind, "selected_option": element.get("initial_option")}
        if kind == "checkboxes":
            picks = [int(p) for p in raw.replace(",", " ").split() if is_number(p)]
            chosen = [options[p - 1] for p in picks if 1 <= p <= len(options)]
            if not raw:
                chosen = element.get("initial_options") or []
            return {"type": kind, "selected_options": chosen}
        if kind == "external_select":
            return await self._search(raw, element, block_id)
        if kind == "datepicker":
            return {"type": kind, "selected_date": raw or default or None}
        if kind == "timepicker":
            return {"type": kind, "selected_time": raw or default or None}
        return {"type": kind, "value": raw or default or None}


def _secret(value: str) -> Any:
    from pydantic import SecretStr

    return SecretStr(value)


async def run_shell(
    deps: Deps, *, team_id: str, user_id: str, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout
) -> int:
    loop = asyncio.get_running_loop()

    async def read() -> str:
        return str(await loop.run_in_executor(None, stdin.readline))

    shell = Shell(deps, team_id=team_id, user_id=user_id, out=out, read=read)
    await shell.start()
    interactive = stdin.isatty()
    if interactive:
        out.write(
            "careerpath shell — type a command such as `next`, `help` or `home`; "
            "`dm <text>` talks to careerpath in its DM; "
            "buttons show as [1], [2]: type the number. Ctrl-D to leave.\n"
        )
    try:
        while True:
            if interactive:
                out.write(PROMPT)
                out.flush()
            raw = await read()
            if not raw:
                break
            if raw.strip().lower() in ("exit", "quit"):
                break
            await shell.line(raw)
            await notify.drain()  # DMs and the App Home print before the next prompt
    finally:
        await shell.stop()
    return 0
