"""From `/careerpath <text>` to a Reply: find the sub-command in the registry, parse its
arguments, run its feature's handler, and let the App Home follow a change."""

from __future__ import annotations

import bot.features  # noqa: F401  (loads every feature module: the registry is complete)
from bot.commands import SUBCOMMANDS, Command, Invalid, clean, parse, read_as_question, unslack
from bot.deps import Deps
from bot.features.common import Who
from bot.features.home import changed
from bot.metrics import COMMANDS
from bot.views.blocks import Reply, notice
from bot.views.help import invalid_reply


async def answer(deps: Deps, who: Who, text: str) -> Reply:
    """The reply to `/careerpath <text>` from `who`. Never raises for bad input."""
    parsed = parse(clean(text))
    if isinstance(parsed, Invalid):
        typed = unslack(clean(text))  # as the person typed it, like every Command's words
        if read_as_question(typed, deps.index.knows):
            parsed = Command("faq", tuple(typed.lower().split()), tuple(typed.split()))
    if isinstance(parsed, Invalid):
        COMMANDS.labels("unknown").inc()
        return invalid_reply(parsed)
    spec = SUBCOMMANDS[parsed.name]  # parse() only returns declared names
    args = spec.parse(parsed, deps.catalog)
    if isinstance(args, Invalid):
        if not args.notice:  # a step number out of range, extra words: "did you mean"
            COMMANDS.labels("unknown").inc()
            return invalid_reply(args)
        COMMANDS.labels(parsed.name).inc()
        return notice(args.message)
    COMMANDS.labels(parsed.name).inc()
    reply: Reply = await spec.run(deps, who, args)
    if spec.changes_home_for(args):
        reply = changed(reply, deps, who)
    return reply
