"""Buttons on careerpath's messages and App Home.

Each click is idempotent: a button on an old message says what is true now and does nothing
twice (a step already done stays done once; a request already answered stays answered).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot import notify
from bot.answers import answer
from bot.commands import is_number
from bot.deps import Deps
from bot.features.common import Who, local_today
from bot.features.home import refresh_home
from bot.features.steps import set_step
from bot.services import certs, prefs, privacy
from bot.services.progress import ensure_user
from bot.views.blocks import Reply, notice, slack_date
from bot.views.modals import ce_modal, cert_modal, remind_modal


def who_clicked(body: dict[str, Any]) -> Who:
    user = body.get("user") or {}
    team = (body.get("team") or {}).get("id") or user.get("team_id", "")
    return Who(team_id=team, user_id=user.get("id", ""))


def action_value(body: dict[str, Any]) -> str | None:
    try:
        value = body["actions"][0]["value"]
    except (KeyError, IndexError, TypeError):
        return None
    return value if isinstance(value, str) else None


def step_value(body: dict[str, Any], step_count: int) -> int | None:
    raw = action_value(body)
    if raw is None or not is_number(raw):
        return None
    n = int(raw)
    return n if 1 <= n <= step_count else None


def from_home(body: dict[str, Any]) -> bool:
    return (body.get("container") or {}).get("type") == "view"


async def tell(body: dict[str, Any], reply: Reply) -> None:
    """Answer a click: in the conversation it came from (App Home clicks have none).

    The answer goes by response_url after the acknowledgement, in the background: a click
    is answered to Slack as soon as its work is done, not after one more round trip."""
    if body.get("response_url"):
        message = {**reply.message(), "replace_original": False}
        notify.background(notify.respond(str(body["response_url"]), message))


def register(app: AsyncApp, deps: Deps) -> None:
    def seen_home(body: dict[str, Any], client: AsyncWebClient) -> None:
        """A click on the App Home shows its owner has it open: keep it fresh from now on."""
        if from_home(body):
            notify.spawn([refresh_home(deps, who_clicked(body), opened=True)], client)

    @app.action("step_done")
    async def step_done(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        who = who_clicked(body)
        n = step_value(body, deps.catalog.step_count)
        if n is None:
            await tell(body, notice("That button is out of date."))
            return
        reply = await set_step(deps, who, n, done=True, from_home=from_home(body))
        await tell(body, reply)
        notify.spawn(reply.effects, client)

    @app.action("step_details")
    async def step_details(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        n = step_value(body, deps.catalog.step_count)
        who = who_clicked(body)
        if n is None:
            await tell(body, notice("That button is out of date."))
            return
        reply = await answer(deps, who, f"step {n}")
        if body.get("response_url"):
            await tell(body, reply)
        else:  # from the App Home: show the step in the DM
            notify.spawn([notify.dm_effect(who.user_id, reply.message())], client)

    @app.action("remind_snooze")
    async def snooze(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        who = who_clicked(body)
        raw = action_value(body) or ""
        if not is_number(raw) or not 1 <= int(raw) <= 365:
            await tell(
                body,
                notice(
                    "That button is out of date: `/careerpath remind snooze 7` snoozes "
                    "reminders for a week."
                ),
            )
            return
        days = int(raw)
        until = deps.clock() + dt.timedelta(days=days)
        current = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
        if current.snooze_until is not None and current.snooze_until >= until - dt.timedelta(
            hours=1
        ):
            await tell(
                body,
                notice(f"Already snoozed until {slack_date(current.snooze_until)}.", "😴"),
            )
            return
        async with deps.db.transaction() as conn:
            uid = await ensure_user(conn=conn, team_id=who.team_id, user_id=who.user_id)
            await prefs.change(conn=conn, user_row_id=uid, snooze_until=until)
        await tell(
            body,
            notice(
                f"Snoozed until {slack_date(until)}. `/careerpath remind snooze off` undoes it.",
                "😴",
            ),
        )
        notify.spawn([refresh_home(deps, who)], client)

    @app.action("open_ce_modal")
    async def open_ce(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        who = who_clicked(body)
        held = [
            h.code for h in await certs.held(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
        ]
        today = await local_today(deps, who)
        view = ce_modal(deps.catalog, held, today, action_value(body) or None)
        await client.views_open(trigger_id=body["trigger_id"], view=view)
        seen_home(body, client)

    @app.action("open_cert_modal")
    async def open_cert(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        today = await local_today(deps, who_clicked(body))
        view = cert_modal(deps.catalog, today, action_value(body) or None)
        await client.views_open(trigger_id=body["trigger_id"], view=view)
        seen_home(body, client)

    @app.action("open_remind_modal")
    async def open_remind(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        who = who_clicked(body)
        current = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
        view = remind_modal(current.remind_minute, current.work_days, current.tz_override)
        await client.views_open(trigger_id=body["trigger_id"], view=view)
        seen_home(body, client)

    @app.action("forget_confirm")
    async def forget(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        who = who_clicked(body)
        async with deps.db.transaction() as conn:
            gone = await privacy.forget(conn=conn, team_id=who.team_id, user_id=who.user_id)
        text = (
            "All your careerpath data is deleted. Thank you for using careerpath."
            if gone
            else "There was nothing left to delete."
        )
        await respond(**notice(text, "🗑️").message(), replace_original=True)

    @app.action("forget_cancel")
    async def keep(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        await respond(**notice("Nothing was deleted.", "👍").message(), replace_original=True)
