"""What every feature shares: who is asking, their local date, and the admin check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.services import prefs
from bot.views.blocks import slack_date


@dataclass(frozen=True)
class Who:
    """The person asking, scoped to their workspace, and where they asked from."""

    team_id: str
    user_id: str
    channel_id: str = ""
    client: AsyncWebClient | None = field(default=None, compare=False)
    response_url: str = field(default="", compare=False)


async def local_today(deps: Deps, who: Who) -> dt.date:
    """Today where the person is (their override or Slack timezone), by the injected clock:
    the date a submitted modal is checked against."""
    current = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    return current.today(deps.clock())


def parse_date(word: str) -> dt.date | None:
    """`YYYY-MM-DD`, or None."""
    try:
        return dt.date.fromisoformat(word)
    except ValueError:
        return None


def when(moment: dt.datetime | None) -> str:
    """A moment as Slack shows it in the reader's timezone; "earlier" when unknown."""
    return slack_date(moment, "{date_short_pretty} at {time}") if moment else "earlier"


async def is_admin(who: Who) -> bool:
    """A workspace admin or owner, by Slack's users.info (only asked when it matters)."""
    if who.client is None:
        return False
    try:
        info = await who.client.users_info(user=who.user_id)
    except SlackApiError:
        return False
    user = info.get("user") or {}
    return bool(user.get("is_admin") or user.get("is_owner"))
