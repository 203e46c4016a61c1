"""The App Home: what it shows, publishing it, and republishing it after a change."""

from __future__ import annotations

from dataclasses import replace

from slack_sdk.web.async_client import AsyncWebClient

from bot import notify
from bot.deps import Deps
from bot.features.certs import held_views
from bot.features.common import Who
from bot.rules.quiet import active_snooze, active_vacation
from bot.rules.standing import Standing, standing
from bot.services import certs, cohorts, mentors, prefs, progress
from bot.services import reports as report_data
from bot.services.learners import load_learners
from bot.services.progress import ensure_user
from bot.views.blocks import Reply
from bot.views.home import HomeData, home_view


async def home_data(deps: Deps, who: Who) -> HomeData:
    """What the App Home shows: progress, certifications with pace, reminders, people."""
    mentees: list[Standing] = []
    cohort_names: list[str] = []
    owned: list[tuple[int, str]] = []
    async with deps.db.connect() as conn:
        current = await prefs.get(conn=conn, team_id=who.team_id, user_id=who.user_id)
        today = current.today(deps.clock())
        done = await progress.completed_steps(conn=conn, team_id=who.team_id, user_id=who.user_id)
        views = await held_views(deps, who, today, conn)
        # Only asked while nothing else shows progress: whether to show the welcome instead.
        ce_entries = (
            []
            if done or views
            else await certs.recent(conn=conn, team_id=who.team_id, user_id=who.user_id)
        )
        uid = await progress.find_user_id(conn=conn, team_id=who.team_id, user_id=who.user_id)
        if uid is not None:
            people = await mentors.mentees_of(conn=conn, team_id=who.team_id, mentor_row_id=uid)
            learners = await load_learners(conn, people, deps.catalog, today=today)
            mentees = [standing(deps.catalog, learners[p.id], today) for p in people]
            cohort_names = await cohorts.names_of(conn=conn, user_row_id=uid)
            owned = await report_data.owned(conn=conn, user_row_id=uid)
        mentors_ = await mentors.mentors_of(conn=conn, team_id=who.team_id, mentee=who.user_id)
    return HomeData(
        done=done,
        next_step=progress.next_step(done, deps.catalog.step_count),
        held=tuple(views),
        reminders_on=current.reminders_on,
        window=current.window.describe(),
        snooze_until=active_snooze(current.snooze_until, deps.clock()),
        vacation_until=active_vacation(current.vacation_until, today),
        paused=current.paused_reason,
        mentees=tuple(mentees),
        cohorts=tuple(cohort_names),
        mentors=tuple(mentors_),
        ce_entries=len(ce_entries),
        owned_cohorts=tuple(owned),
    )


async def publish_home(deps: Deps, who: Who, client: AsyncWebClient) -> None:
    view = home_view(deps.catalog, await home_data(deps, who))
    await client.views_publish(user_id=who.user_id, view=view)


def publish(deps: Deps, who: Who) -> notify.Effect:
    """An effect that republishes `who`'s App Home (known to have been opened)."""

    async def effect(client: AsyncWebClient) -> None:
        await publish_home(deps, who, client)

    return effect


def refresh_home(deps: Deps, who: Who, *, opened: bool = False) -> notify.Effect:
    """An effect that republishes `who`'s App Home: always when they open it (`opened`),
    after a change only if they have ever opened it (there is nothing to refresh otherwise,
    and views.publish is rate limited per workspace)."""

    async def effect(client: AsyncWebClient) -> None:
        if opened:
            async with deps.db.transaction() as conn:
                uid = await ensure_user(conn=conn, team_id=who.team_id, user_id=who.user_id)
                await progress.home_opened(conn=conn, user_row_id=uid)
        elif not await progress.has_opened_home(
            conn=deps.db, team_id=who.team_id, user_id=who.user_id
        ):
            return
        await publish_home(deps, who, client)

    return effect


def changed(reply: Reply, deps: Deps, who: Who) -> Reply:
    """`reply` to a command that changed something: the App Home follows."""
    return with_effect(reply, refresh_home(deps, who))


def with_effect(reply: Reply, effect: notify.Effect) -> Reply:
    """`reply` with `effect` after it. A copy, since rendered replies may be shared from the
    render cache."""
    reply.message()
    return replace(reply, effects=[*reply.effects, effect])
