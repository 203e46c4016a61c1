"""Learn a person's timezone from Slack soon after they first use careerpath.

The reminder planner times a person's first reminder by their own working window, so the
zone must be known before anything is due. After a person's first command or click in this
process, a background task asks `users.info` once if the stored zone is still unknown. The
planner asks too, for anyone it finds still unknown (`Engine.learn_zones`).
"""

from __future__ import annotations

import asyncio
import logging
import time

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select, tuple_

from bot.deps import Deps
from bot.models import User
from bot.notify import Effect
from bot.rules.localtime import slack_zone
from bot.services import prefs

log = logging.getLogger(__name__)

SEEN_CAP = 200_000
# users.info is a tier-4 method (100+ calls a minute per workspace): spend a burst of
# BURST lookups at once, then REFILL a second. A person over that is not waited for; their
# zone is learned later (their next command, or the planner's own paced lookup).
BURST, REFILL = 10.0, 100 / 60


class ZoneLearner:
    """Learns the timezones of the people this app has seen, in batches.

    A person's first request here adds them to a batch; one background task takes the whole
    batch: one read for whose zone is unknown, a `users.info` each (a few at a time), one
    write. At a cohort's kick-off, when many people arrive together, the batches grow
    instead of the writes: the requests themselves never wait for any of this.

    Lookups stay within Slack's rate for `users.info` (BURST, REFILL), and never wait for
    it: anyone over it is skipped for now.

    `seen` is bounded: cleared when it grows past the cap, which costs one indexed read per
    person afterwards, never a wrong zone.
    """

    def __init__(self, deps: Deps, *, concurrency: int = 4) -> None:
        self.deps = deps
        self.seen: set[tuple[str, str]] = set()
        self.pending: dict[tuple[str, str], AsyncWebClient] = {}
        self.flushing = False
        self.concurrency = concurrency
        self.buckets: dict[str, tuple[float, float]] = {}

    def _take(self, team_id: str) -> bool:
        """A lookup for `team_id` now, if its bucket has one."""
        now = time.monotonic()
        tokens, at = self.buckets.get(team_id, (BURST, now))
        tokens = min(BURST, tokens + (now - at) * REFILL)
        if tokens < 1:
            self.buckets[team_id] = (tokens, now)
            return False
        self.buckets[team_id] = (tokens - 1, now)
        return True

    def effect(self, team_id: str, user_id: str) -> Effect | None:
        """Add the person to the next batch; an effect that runs the batches when none is
        running yet (None otherwise, or when this app has already looked at them)."""
        key = (team_id, user_id)
        if not team_id or not user_id or key in self.seen:
            return None
        if len(self.seen) >= SEEN_CAP:
            self.seen.clear()
        self.seen.add(key)

        async def learn(client: AsyncWebClient) -> None:
            self.pending[key] = client
            if self.flushing:
                return  # the running flush takes this one too
            self.flushing = True
            try:
                while self.pending:
                    batch, self.pending = self.pending, {}
                    await self._learn(batch)
            finally:
                self.flushing = False

        return learn

    async def _learn(self, batch: dict[tuple[str, str], AsyncWebClient]) -> None:
        async with self.deps.db.connect() as conn:
            rows = (
                await conn.execute(
                    select(
                        User.id,
                        User.team_id,
                        User.slack_user_id,
                        User.tz,
                        User.tz_override,
                        User.tz_checked_at,
                    ).where(tuple_(User.team_id, User.slack_user_id).in_(list(batch)))
                )
            ).all()
        found = {(r.team_id, r.slack_user_id) for r in rows}
        for key in batch.keys() - found:
            self.seen.discard(key)  # no row yet (only help was asked): look again next time
        unknown = []
        for r in rows:
            if r.tz or r.tz_override or r.tz_checked_at:
                continue
            if self._take(r.team_id):
                unknown.append(r)
            else:
                self.seen.discard((r.team_id, r.slack_user_id))  # over the rate: later
        if not unknown:
            return
        gate = asyncio.Semaphore(self.concurrency)

        async def ask(uid: int, key: tuple[str, str]) -> tuple[int, str] | None:
            async with gate:
                try:
                    info = await batch[key].users_info(user=key[1])
                except SlackApiError as exc:
                    log.info("could not learn a timezone: %s", exc.response.get("error"))
                    self.seen.discard(key)
                    return None
            zone = slack_zone(info)
            return None if zone is None else (uid, zone)

        answers = await asyncio.gather(*(ask(r.id, (r.team_id, r.slack_user_id)) for r in unknown))
        learned = [a for a in answers if a is not None]
        if not learned:
            return
        async with self.deps.db.transaction() as conn:
            await prefs.set_learned_zones(conn=conn, zones=learned, now=self.deps.clock())
