"""App Home buttons that send a file to the person's DM: the renewal calendar and, for a
cohort's owner, its programme report. The same effects as `/careerpath calendar` and
`/careerpath cohort report`."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import notify
from bot.deps import Deps
from bot.features import calendar
from bot.handlers.actions import from_home, who_clicked
from bot.models import utcnow


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(calendar.HOME_ACTION)
    async def send_calendar(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        who = who_clicked(body)
        data = await calendar.ics_for(deps, who, utcnow())
        if data is None:
            notify.spawn([notify.dm_effect(who.user_id, {"text": calendar.NONE_HELD})], client)
            return
        url = "" if from_home(body) else str(body.get("response_url") or "")
        notify.spawn([calendar.send(who, data, url)], client)
