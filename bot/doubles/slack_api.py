"""A local stand-in for Slack's Web API, answering with Slack's JSON.

`careerpath shell` talks to it instead of slack.com, and the tests point `SLACK_API_URL` at it.
It records every call, and can misbehave on purpose: 429 with Retry-After, 5xx, a requests-per-
second cap, and permanent errors (`account_inactive`, `channel_not_found`, …) for chosen ids.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

BOT_USER = "UCAREERBOT"

# Slack's read methods parse only query-string and form arguments: a JSON body is silently
# dropped (slack-contract.md), so `users.info` sent as JSON answers `user_not_found`.
READ_METHODS = frozenset(
    {
        "users.info",
        "users.list",
        "users.lookupByEmail",
        "users.profile.get",
        "conversations.info",
        "conversations.members",
        "conversations.history",
        "conversations.replies",
        "conversations.list",
        "team.info",
        "bots.info",
        "files.info",
    }
)


def _peer(request: web.Request) -> str:
    """host:port of the caller's socket: calls over one kept-alive connection share it."""
    peer = request.transport.get_extra_info("peername") if request.transport else None
    return f"{peer[0]}:{peer[1]}" if peer else ""


@dataclass
class Call:
    """One request the double received."""

    method: str
    params: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)
    key: str = ""  # which response_url was used
    peer: str = ""  # the caller's end of the TCP connection it came over


@dataclass
class Faults:
    """What the double should get wrong, and how often."""

    rate_limit_ratio: float = 0.0
    retry_after: str | None = "1"
    server_error_ratio: float = 0.0
    per_second: float | None = None
    burst: float | None = None
    user_errors: dict[str, str] = field(default_factory=dict)
    channel_errors: dict[str, str] = field(default_factory=dict)
    method_errors: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class LocalSlack:
    """An aiohttp app that plays the Slack Web API (and response_url) on loopback."""

    def __init__(self, *, seed: int = 7, team_id: str = "T0LOCAL") -> None:
        self.calls: list[Call] = []
        self.faults = Faults()
        self.team_id = team_id
        self.users: dict[str, dict[str, Any]] = {}
        # Channels the bot has been added to (`/invite @careerpath`): posting anywhere else
        # answers `not_in_channel`, as Slack does without `chat:write.public`.
        self.channels: set[str] = set()
        self.default_tz = "America/Chicago"
        self.uploads: list[bytes] = []
        self.token_rotation = False
        self.rotations = 0
        self.on_call: Callable[[Call], None] | None = None
        self._rng = random.Random(seed)
        self._ts = itertools.count(1)
        self._views = itertools.count(1)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()
        self.url = ""
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- what tests read ------------------------------------------------------------------

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def invite(self, *channels: str) -> None:
        """Add the bot to `channels`, as `/invite @careerpath` does."""
        self.channels.update(channels)

    def remove(self, *channels: str) -> None:
        """Take the bot out of `channels` (a member removed it, or it left)."""
        self.channels.difference_update(channels)

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
        self.faults = Faults()

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def response_url(self, key: str = "r") -> str:
        return f"{self.url}/respond/{key}"

    # --- serving --------------------------------------------------------------------------

    def web_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/respond/{key}", self._respond)
        app.router.add_post("/upload/{file_id}", self._upload)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.web_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        sockets = site._server.sockets  # type: ignore[union-attr]
        self.url = f"http://{host}:{sockets[0].getsockname()[1]}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def start_in_thread(self) -> str:
        """Serve from a thread of its own (for blocking callers and other processes)."""
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            loop.run_until_complete(self.start())
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self.stop())
            loop.close()

        self._thread = threading.Thread(target=run, name="slack-double", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self.url

    def stop_thread(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop = None

    # --- handlers ---------------------------------------------------------------------------

    async def _params(self, request: web.Request, method: str = "") -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            raw = await request.read()
            ctype = request.content_type
            if ctype == "application/json" and raw:
                if method not in READ_METHODS:
                    params.update(json.loads(raw))
            elif raw:
                params.update(parse_qsl(raw.decode(), keep_blank_values=True))
        for key in ("blocks", "view", "attachments"):
            if isinstance(params.get(key), str):
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(params[key])
        return params

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
        if self.on_call is not None:
            self.on_call(call)

    async def _respond(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        self._record(
            Call("response_url", params, None, key=request.match_info["key"], peer=_peer(request))
        )
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        """Where files.getUploadURLExternal sends the file's bytes."""
        raw = await request.read()
        self.uploads.append(raw)
        self._record(
            Call("upload", {"file_id": request.match_info["file_id"], "size": len(raw)}, None)
        )
        if self.faults.method_errors.get("upload"):
            return web.Response(status=500, text="upload failed")
        return web.Response(text="OK - " + str(len(raw)))

    def _throttled(self, team: str, method: str) -> float | None:
        """Seconds to wait if `method` is over its per-second cap in workspace `team` (a token
        bucket per workspace and method, like Slack's limits, holding `burst` tokens)."""
        rate = self.faults.per_second
        if not rate:
            return None
        capacity = max(1.0, self.faults.burst or rate / 10)
        with self._lock:
            now = time.monotonic()
            key = f"{team}:{method}"
            tokens, at = self._buckets.get(key, (capacity, now))
            tokens = min(capacity, tokens + (now - at) * rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return (1 - tokens) / rate
            self._buckets[key] = (tokens - 1, now)
            return None

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request, method)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth else params.get("token")
        f = self.faults
        if f.delay:
            await asyncio.sleep(f.delay)
        wait = self._throttled(self._team_of({"_token": token}), method)
        if wait is not None:
            self._record(Call(method + ":429", params, token))
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(max(1, round(wait)))},
            )
        if f.rate_limit_ratio and self._rng.random() < f.rate_limit_ratio:
            self._record(Call(method + ":429", params, token))
            headers = {"Retry-After": f.retry_after} if f.retry_after is not None else {}
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers=headers
            )
        if f.server_error_ratio and self._rng.random() < f.server_error_ratio:
            self._record(Call(method + ":5xx", params, token))
            return web.Response(status=503, text="upstream connect error")
        call = Call(method, params, token, peer=_peer(request))
        self._record(call)
        body = self._answer(method, {**params, "_token": token})
        return web.json_response(body)

    def _team_of(self, params: dict[str, Any]) -> str:
        token = str(params.get("_token") or "")
        parts = token.split("-")
        if len(parts) >= 3 and parts[0] == "xoxb" and parts[1].startswith("T"):
            return parts[1]
        return self.team_id

    def _error_for(self, method: str, params: dict[str, Any]) -> str | None:
        f = self.faults
        if method in f.method_errors:
            return f.method_errors[method]
        for key in ("user", "users", "user_id"):
            uid = params.get(key)
            if isinstance(uid, str) and uid in f.user_errors:
                return f.user_errors[uid]
        channel = params.get("channel")
        if isinstance(channel, str):
            if channel in f.channel_errors:
                return f.channel_errors[channel]
            if channel.startswith("D") and channel[1:] in f.user_errors:
                return f.user_errors[channel[1:]]
        return None

    def _answer(self, method: str, p: dict[str, Any]) -> dict[str, Any]:
        error = self._error_for(method, p)
        if error:
            return {"ok": False, "error": error}
        if method == "oauth.v2.access" and p.get("grant_type") == "refresh_token":
            # Token rotation: refresh tokens look like "xoxe-1-T9-<n>".
            team = str(p.get("refresh_token", "")).split("-")[2]
            self.rotations += 1
            return {
                "ok": True,
                "app_id": "A0CAREER",
                "token_type": "bot",
                "access_token": f"xoxb-{team}-rotated{self.rotations}",
                "refresh_token": f"xoxe-1-{team}-{self.rotations}",
                "expires_in": 43200,
                "bot_user_id": BOT_USER,
                "team": {"id": team},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        if method == "oauth.v2.access":
            # The code names the workspace: "code-T9" installs into team T9.
            team = str(p.get("code", "")).removeprefix("code-") or self.team_id
            rotating = {"refresh_token": f"xoxe-1-{team}-0", "expires_in": 43200}
            return {
                **(rotating if self.token_rotation else {}),
                "ok": True,
                "app_id": "A0CAREER",
                "authed_user": {"id": "UINSTALLER"},
                "scope": "commands,chat:write,im:write,users:read,files:write",
                "token_type": "bot",
                "access_token": f"xoxb-{team}-token",
                "bot_user_id": BOT_USER,
                "team": {"id": team, "name": f"Team {team}"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://local.slack.test/",
                "team": "local",
                "user": "careerpath",
                "team_id": self._team_of(p),
                "user_id": BOT_USER,
                "bot_id": "BCAREER",
                "is_enterprise_install": False,
            }
        if method == "users.info":
            uid = str(p.get("user", ""))
            if not uid:
                return {"ok": False, "error": "user_not_found"}
            user = {
                "id": uid,
                "team_id": self.team_id,
                "deleted": False,
                "is_bot": False,
                "is_admin": False,
                "tz": self.default_tz,
                "real_name": "A learner",
                "name": uid.lower(),
            }
            user.update(self.users.get(uid, {}))
            return {"ok": True, "user": user}
        if method == "conversations.open":
            uid = str(p.get("users", "")).split(",")[0]
            if not uid:
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True, "channel": {"id": "D" + uid}}
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            channel = str(p.get("channel") or "")
            if not channel:
                return {"ok": False, "error": "channel_not_found"}
            if channel[0] in "CG" and channel not in self.channels:
                return {"ok": False, "error": "not_in_channel"}
            ts = f"{1_700_000_000 + next(self._ts)}.000100"
            return {
                "ok": True,
                "channel": p.get("channel"),
                "ts": ts,
                "message": {"text": p.get("text"), "ts": ts},
            }
        if method in ("views.publish", "views.open", "views.update", "views.push"):
            view = dict(p.get("view") or {})
            view["id"] = p.get("view_id") or f"V{next(self._views):06d}"
            return {"ok": True, "view": view}
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.url}/upload/F1", "file_id": "F1"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F1", "title": "careerpath-export.json"}]}
        if method == "files.info":
            return {"ok": True, "file": {"id": "F1"}}
        return {"ok": True}


def main(argv: list[str] | None = None) -> None:
    """Serve the double on its own: `python -m bot.doubles.slack_api --port 0 --per-second 100`.

    Prints `listening on <url>` (flushes) and serves until killed. Benchmarks run it in a
    process of its own so its work is not counted as ours.
    """
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m bot.doubles.slack_api")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--per-second", type=float, default=None, help="requests/s per method")
    ap.add_argument("--burst", type=float, default=None, help="bucket size per method")
    ap.add_argument("--team", default="T0LOCAL")
    args = ap.parse_args(argv)

    async def serve() -> None:
        double = LocalSlack(team_id=args.team)
        double.faults.per_second = args.per_second
        double.faults.burst = args.burst
        url = await double.start(args.host, args.port)
        sys.stdout.write(f"listening on {url}\n")
        sys.stdout.flush()
        await asyncio.Event().wait()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
