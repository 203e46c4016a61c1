"""The mentor's [Accept] and [Decline] buttons on a mentorship request."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot import notify
from bot.commands import is_number
from bot.deps import Deps
from bot.handlers.actions import action_value, who_clicked
from bot.services import mentors
from bot.views.blocks import notice
from bot.views.people import mentor_decided


def register(app: AsyncApp, deps: Deps) -> None:
    async def decide(
        body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient, accept: bool
    ) -> None:
        who = who_clicked(body)
        raw = action_value(body)
        if raw is None or not is_number(raw):
            await respond(
                **notice("That button is out of date.").message(),
                response_type="ephemeral",
                replace_original=False,
            )
            return
        async with deps.db.transaction() as conn:
            answer = await mentors.respond(
                conn=conn,
                team_id=who.team_id,
                mentorship_id=int(raw),
                mentor=who.user_id,
                accept=accept,
            )
        mine, theirs = mentor_decided(answer.outcome, answer.mentee, answer.mentor)
        decided = answer.outcome in ("accepted", "declined")
        await respond(
            **mine.message(),
            replace_original=decided,
            response_type="in_channel" if decided else "ephemeral",
        )
        if theirs is not None:
            notify.spawn([notify.dm_effect(answer.mentee, theirs.message())], client)

    @app.action("mentor_accept")
    async def accept(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        await decide(body, respond, client, True)

    @app.action("mentor_decline")
    async def decline(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        await decide(body, respond, client, False)
