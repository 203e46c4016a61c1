"""`/careerpath calendar`: your renewal dates as a calendar file, sent to our DM.

The file (`careerpath-renewals.ics`) holds, for each certification you hold, the day its
cycle ends, the renewal milestones 180/90/30/7 days before, and CE pace checkpoints (see
`bot.rules.renewal_calendar`). Import it into Google Calendar, Outlook or Apple Calendar;
importing a newer one updates the same events. The App Home's "Add renewals to my
calendar" button sends the same file.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot import calendar_ics
from bot.catalog import Catalog
from bot.commands import Command, Invalid, subcommand
from bot.rules.renewal_calendar import milestones
from bot.services import certs
from bot.uploads import Upload, files_effect
from bot.views.blocks import Reply, notice

if TYPE_CHECKING:
    from bot.deps import Deps
    from bot.features.common import Who
    from bot.notify import Effect

FILENAME = "careerpath-renewals.ics"
HOME_ACTION = "calendar_send"
NONE_HELD = (
    "You have no certifications recorded, so there is nothing to put in a calendar yet. "
    "Add one with `/careerpath cert add CCM 2024-05-01` (the date you earned or last "
    "renewed it)."
)
FAILED = (
    "I couldn't send your renewal calendar just now (Slack refused the upload). "
    "Please try `/careerpath calendar` again in a minute."
)


async def ics_for(deps: Deps, who: Who, now: dt.datetime) -> bytes | None:
    """The person's renewal calendar, or None when no held certification has a cycle."""
    held = await certs.held(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    items = milestones(deps.catalog, held)
    if not items:
        return None
    return calendar_ics.build(
        deps.catalog, items, team_id=who.team_id, user_id=who.user_id, now=now
    )


def send(who: Who, data: bytes, response_url: str = "") -> Effect:
    """DM the file to `who`; a failed upload gets a reply."""

    async def make() -> list[Upload]:
        return [Upload(FILENAME, data, "Your careerpath renewal calendar")]

    return files_effect(
        who.user_id,
        make,
        comment="📅 Your renewal dates: open the file to add them to your calendar. "
        "Importing a newer one updates the same events.",
        failed=FAILED,
        response_url=response_url,
    )


def no_words(cmd: Command, cat: Catalog) -> None | Invalid:
    if cmd.args:
        return Invalid("`calendar` takes no extra words: `/careerpath calendar`.", notice=True)
    return None


@subcommand("calendar", usage="calendar", parse=no_words)
async def answer(deps: Deps, who: Who, args: None) -> Reply:
    """your renewal dates as a calendar file (.ics)"""
    data = await ics_for(deps, who, deps.clock())
    if data is None:
        return notice(NONE_HELD, "📭")
    reply = notice("Your renewal calendar is on its way to our DM as an .ics file.", "📅")
    reply.effects.append(send(who, data, who.response_url))
    return reply
