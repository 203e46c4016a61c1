"""`/careerpath cohort report`: a cohort's programme report, for its owner or an admin.

Run in the cohort's channel, it DMs two files: a CSV with one row per member (steps done,
the last step and when, certifications due within 90 days, CE pace) and a PNG chart (steps
done per member, completions per week). Only members appear, as in `cohort status`;
anyone else asking gets a refusal that shows nothing. The App Home offers the same
to a cohort's owner.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot import reports
from bot.rules import report
from bot.rules.localtime import zone
from bot.services import prefs
from bot.services import reports as data
from bot.uploads import Upload, files_effect
from bot.views.blocks import Reply, esc, notice, refusal

if TYPE_CHECKING:
    from bot.deps import Deps
    from bot.features.common import Who
    from bot.notify import Effect
    from bot.services.cohorts import CohortInfo

HOME_ACTION = "cohort_report"
REFUSAL = "Only the cohort's owner or a workspace admin can get its report."


async def files(deps: Deps, who: Who, info: CohortInfo, now: dt.datetime) -> list[Upload]:
    """The report's CSV and chart; dates and weeks as the person asking reckons them."""
    chart = await reports.ChartProcess.start()
    try:
        current = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
        tz = zone(current.zone_name)
        today = now.astimezone(tz).date()
        since = now - dt.timedelta(weeks=report.WEEKS + 1)
        async with deps.db.connect() as conn:
            facts = await data.member_facts(conn=conn, cohort_id=info.id)
            moments = await data.completions(conn=conn, cohort_id=info.id, since=since)
        rows = report.rows(facts, deps.catalog, today)
        weeks = report.weekly(moments, tz, today)
        steps = deps.catalog.step_count
        png = await chart.draw(rows, weeks, steps)
    finally:
        await chart.close()
    table = reports.csv_bytes(rows)
    alt = reports.alt_text(info.name, rows, weeks, steps)
    stem = f"careerpath-cohort-{info.id}-{today.isoformat()}"
    return [
        Upload(f"{stem}.png", png, alt, alt_txt=alt),
        Upload(f"{stem}.csv", table, f"{info.name}: one row per member"),
    ]


def send(deps: Deps, who: Who, info: CohortInfo, response_url: str = "") -> Effect:
    async def make() -> list[Upload]:
        return await files(deps, who, info, deps.clock())

    name = esc(info.name)
    return files_effect(
        who.user_id,
        make,
        comment=f"📈 The programme report of *{name}*: a CSV with one row per member "
        "(Slack user ids) and a chart. Members only, as in `cohort status`.",
        failed=f"I couldn't send the report of *{name}* just now. Please try "
        "`/careerpath cohort report` in its channel again in a minute.",
        response_url=response_url,
    )


def answer(deps: Deps, who: Who, info: CohortInfo, *, allowed: bool) -> Reply:
    """The reply to `cohort report`: a refusal, or the files on their way."""
    if not allowed:
        return refusal(REFUSAL)
    reply = notice(
        f"The report of *{esc(info.name)}* is on its way to our DM: a CSV and a chart.",
        "📈",
    )
    reply.effects.append(send(deps, who, info, who.response_url))
    return reply
