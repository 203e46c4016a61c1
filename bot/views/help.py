"""Help, and the reply to input that isn't a command."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.catalog import Catalog
from bot.commands import HELP, Invalid
from bot.views.blocks import Reply, context, esc, header, memo, section


def help_lines() -> str:
    return "\n".join(f"`/careerpath {usage}` — {what}" for usage, what in HELP.values())


@memo
def help_reply(cat: Catalog) -> Reply:
    intro = (
        f"*careerpath* coaches you on the path to becoming a Care Manager: {cat.step_count} "
        "steps, the skills, pay, certifications and renewals, with reminders when they are due."
    )
    return Reply(
        "careerpath: try /careerpath next",
        [
            header("🧭 careerpath"),
            section(intro),
            section(help_lines()),
            context(
                "Start with `/careerpath next`, or just ask: "
                "`/careerpath how often does the CMC renew?`"
            ),
        ],
    )


@memo
def invalid_reply(problem: Invalid) -> Reply:
    blocks: list[Block] = [section(f"🤔 {esc(problem.message)}")]
    text = esc(problem.message)
    if problem.suggestion:
        hint = f"Did you mean `/careerpath {esc(problem.suggestion)}`?"
        blocks.append(section(hint))
        text += f" Did you mean /careerpath {esc(problem.suggestion)}?"
    names = " · ".join(f"`{usage}`" for usage, _ in list(HELP.values())[:16])
    blocks.append(context(f"Try {names} — or `/careerpath help` for what each one does."))
    return Reply(text, blocks)
