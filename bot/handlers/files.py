"""App Home buttons that send a file to the person's DM: the renewal calendar and, for a
cohort's owner, its programme report. The same effects as `/careerpath calendar` and
`/careerpath cohort report`."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import notify
from bot.commands import is_number
from bot.deps import Deps
from bot.features import calendar, reports
from bot.features.common import Who, is_admin  # the same check as `cohort report`
from bot.handlers.actions import action_value, from_home, who_clicked
from bot.services import cohorts


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(calendar.HOME_ACTION)
    async def send_calendar(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        who = who_clicked(body)
        data = await calendar.ics_for(deps, who, deps.clock())
        if data is None:
            notify.spawn([notify.dm_effect(who.user_id, {"text": calendar.NONE_HELD})], client)
            return
        url = "" if from_home(body) else str(body.get("response_url") or "")
        notify.spawn([calendar.send(who, data, url)], client)

    @app.action(re.compile(rf"^{reports.HOME_ACTION}_\d+$"))
    async def send_report(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """A cohort's report from its owner's App Home: checked again on the click, since
        ownership may have changed (or the cohort ended) since the Home was drawn."""
        await ack()
        clicked = who_clicked(body)
        who = Who(clicked.team_id, clicked.user_id, client=client)
        raw = action_value(body) or ""
        info = None
        if is_number(raw):
            async with deps.db.connect() as conn:
                info = await cohorts.active_by_id(
                    conn=conn, team_id=who.team_id, cohort_id=int(raw)
                )
        if info is None:
            text = "That cohort has ended or the button is out of date."
            notify.spawn([notify.dm_effect(who.user_id, {"text": text})], client)
            return
        if info.owner != who.user_id and not await is_admin(who):
            notify.spawn([notify.dm_effect(who.user_id, {"text": reports.REFUSAL})], client)
            return
        notify.spawn([reports.send(deps, who, info)], client)
