"""Learn a person's timezone from Slack soon after they first use careerpath.

The reminder planner times a person's first reminder by their own working window, so the
zone must be known before anything is due. After a person's first command or click in this
process, a background task asks `users.info` once if the stored zone is still unknown. The
planner asks too, for anyone it finds still unknown (`Engine.learn_zones`).
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select, update

from bot.deps import Deps
from bot.models import User, utcnow
from bot.notify import Effect
from bot.reminders.timing import is_zone

log = logging.getLogger(__name__)

SEEN_CAP = 200_000


class ZoneLearner:
    """Remembers whom this app has looked at. Bounded: cleared when it grows past the cap,
    which costs one indexed read per person afterwards, never a wrong zone."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.seen: set[tuple[str, str]] = set()

    def effect(self, team_id: str, user_id: str) -> Effect | None:
        """A background effect that stores the person's Slack timezone if it is unknown;
        None when this app has already looked at them."""
        key = (team_id, user_id)
        if not team_id or not user_id or key in self.seen:
            return None
        if len(self.seen) >= SEEN_CAP:
            self.seen.clear()
        self.seen.add(key)
        return _learn(self.deps, self.seen, team_id, user_id)


def _learn(deps: Deps, seen: set[tuple[str, str]], team_id: str, user_id: str) -> Effect:
    key = (team_id, user_id)

    async def learn(client: AsyncWebClient) -> None:
        who = (User.team_id == team_id, User.slack_user_id == user_id)
        async with deps.db.connect() as conn:
            row = (
                await conn.execute(
                    select(User.tz, User.tz_override, User.tz_checked_at).where(*who)
                )
            ).first()
        if row is None:
            seen.discard(key)  # no row yet (only help was asked): look again next time
            return
        if row.tz or row.tz_override or row.tz_checked_at:
            return
        try:
            info = await client.users_info(user=user_id)
        except SlackApiError as exc:
            log.info("could not learn a timezone: %s", exc.response.get("error"))
            seen.discard(key)
            return
        tz = (info.get("user") or {}).get("tz")
        if not isinstance(tz, str) or not is_zone(tz):
            return
        async with deps.db.transaction() as conn:
            await conn.execute(
                update(User).where(*who, User.tz.is_(None)).values(tz=tz, tz_checked_at=utcnow())
            )

    return learn
