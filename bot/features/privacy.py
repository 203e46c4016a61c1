"""Your data: `export` sends it to you as JSON, `forget` deletes it (after asking)."""

from __future__ import annotations

from bot import notify
from bot.commands import no_words, subcommand
from bot.deps import Deps
from bot.features.common import Who
from bot.services import privacy
from bot.views.blocks import Reply, notice
from bot.views.privacy import forget_confirm


@subcommand("export", usage="export", parse=no_words)
async def export(deps: Deps, who: Who, args: None) -> Reply:
    """your data as a JSON file"""
    async with deps.db.connect() as conn:
        data = await privacy.export(conn=conn, team_id=who.team_id, user_id=who.user_id)
    if data is None:
        return notice("careerpath holds no data about you.", "📭")
    reply = notice("Your data is on its way to our DM as a JSON file.", "📦")
    reply.effects.append(notify.file_effect(who.user_id, data, who.response_url))
    return reply


@subcommand("forget", usage="forget", parse=no_words)
async def forget(deps: Deps, who: Who, args: None) -> Reply:
    """delete all your data (asks first)"""
    return forget_confirm()
