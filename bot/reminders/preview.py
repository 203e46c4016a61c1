"""`careerpath reminders --dry-run`: what a sweep would send, to whom and when. Writes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.deps import Deps
from bot.models import User
from bot.reminders import planning
from bot.reminders.compose import Item, compose
from bot.rules.localtime import zone
from bot.rules.plan import plan
from bot.services.learners import person_columns, person_of
from bot.shell_text import to_text


async def preview(
    deps: Deps,
    at: dt.datetime,
    *,
    today: dt.date,
    team_id: str | None = None,
    user_id: str | None = None,
    limit: int = 50,
) -> list[str]:
    """What would be sent if a sweep ran at `at` (CE counted from the cycles of `today`):
    one person named by `user_id`, else everyone due by then."""
    query = select(*person_columns())
    if user_id:
        query = query.where(User.slack_user_id == user_id)
        if team_id:
            query = query.where(User.team_id == team_id)
    else:
        query = query.where(User.next_check_at <= at).order_by(User.next_check_at)
    async with deps.db.connect() as conn:
        found = [person_of(r) for r in await conn.execute(query.limit(limit))]
        learners = await planning.learners_of(conn, found, deps.catalog, today)
    lines: list[str] = []
    for person in found:
        learner = learners[person.user_id]
        p = plan(learner, deps.catalog, at)
        who = f"{person.slack_user_id} ({person.team_id})"
        if not p.due:
            nxt = p.next_check.isoformat(timespec="minutes") if p.next_check else "nothing planned"
            lines.append(f"{who}: nothing due; next check {nxt}")
            continue
        send_at = person.earliest(at)
        items = [Item(0, d.kind, d.period, dict(d.data)) for d in p.due]
        composed = compose(items, learner, deps.catalog, at)
        local = send_at.astimezone(zone(person.zone_name))
        lines.append(
            f"{who}: {len(p.due)} due → would send {local:%Y-%m-%d %H:%M} "
            f"{local.tzname()} ({send_at:%Y-%m-%d %H:%M} UTC)"
        )
        lines.extend(f"  - {d.kind} {d.period}" for d in p.due)
        if composed.reply is not None:
            text, _ = to_text(composed.reply.message())
            lines.extend("    " + line for line in text.splitlines())
    return lines
