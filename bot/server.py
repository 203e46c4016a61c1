"""Serving: HTTP (Bolt's aiohttp server plus /healthz) or Socket Mode, on one event loop."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal

from aiohttp import web
from slack_bolt.async_app import AsyncApp
from sqlalchemy import text

from bot.deps import Deps
from bot.metrics import exposition
from bot.reminders.engine import Engine
from bot.reminders.scheduler import start as start_scheduler
from bot.slack_api import Sender, build_background_client

log = logging.getLogger(__name__)


def web_app(app: AsyncApp, deps: Deps) -> web.Application:
    """Bolt's aiohttp application (POST /slack/events, signature-checked) with GET /healthz."""
    web_app = app.web_app(path="/slack/events", port=deps.settings.port)

    async def healthz(_: web.Request) -> web.Response:
        try:
            async with deps.db.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:  # the probe reports any database failure as unhealthy
            log.warning("health check failed: %s", exc)
            return web.json_response({"ok": False, "database": "unreachable"}, status=503)
        return web.json_response({"ok": True, "database": "ok"})

    async def metrics(_: web.Request) -> web.Response:
        body, content_type = exposition()
        return web.Response(body=body, headers={"Content-Type": content_type})

    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/metrics", metrics)
    return web_app


async def _wait_for_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


def build_engine(deps: Deps) -> Engine:
    token = deps.settings.slack_bot_token
    client = build_background_client(
        deps.settings.slack_api_url, token.get_secret_value() if token else None
    )
    settings = deps.settings
    return Engine(
        deps,
        Sender(client, rate=settings.reminder_rate_per_second),
        concurrency=settings.reminder_concurrency,
        lease=dt.timedelta(seconds=settings.reminder_lease_seconds),
        clock=deps.clock,
    )


async def serve(app: AsyncApp, deps: Deps) -> None:
    """Run until SIGINT/SIGTERM, over HTTP or (with SLACK_APP_TOKEN) Socket Mode."""
    settings = deps.settings
    scheduler = start_scheduler(build_engine(deps), settings.reminder_sweep_seconds)
    try:
        if settings.slack_app_token is not None:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            handler = AsyncSocketModeHandler(app, settings.slack_app_token.get_secret_value())
            await handler.connect_async()  # type: ignore[no-untyped-call]
            log.info("connected to Slack in Socket Mode")
            try:
                await _wait_for_signal()
            finally:
                await handler.close_async()  # type: ignore[no-untyped-call]
        else:
            runner = web.AppRunner(web_app(app, deps), access_log=None)
            await runner.setup()
            await web.TCPSite(runner, settings.host, settings.port).start()
            log.info(
                "serving Slack requests on http://%s:%d/slack/events", settings.host, settings.port
            )
            try:
                await _wait_for_signal()
            finally:
                await runner.cleanup()
    finally:
        scheduler.shutdown(wait=False)
        await deps.close()
