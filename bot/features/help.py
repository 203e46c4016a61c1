"""`/careerpath help`: every sub-command's usage and help line, from the registry."""

from __future__ import annotations

from bot.commands import any_words, subcommand
from bot.deps import Deps
from bot.features.common import Who
from bot.views.blocks import Reply
from bot.views.help import help_reply


@subcommand("help", usage="help", parse=any_words, aliases=("?", "commands"))
async def help_(deps: Deps, who: Who, args: None) -> Reply:
    """this list"""
    return help_reply(deps.catalog)
