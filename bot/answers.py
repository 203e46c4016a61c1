"""From a parsed `/careerpath` command to a Reply: calls the services, then the renderers."""

from __future__ import annotations

from dataclasses import dataclass

from bot import render
from bot.commands import Command, Invalid, parse
from bot.deps import Deps
from bot.render import Reply
from bot.services import progress


@dataclass(frozen=True)
class Who:
    """The person asking, scoped to their workspace."""

    team_id: str
    user_id: str


async def answer(deps: Deps, who: Who, text: str) -> Reply:
    """The reply to `/careerpath <text>` from `who`. Never raises for bad input."""
    parsed = parse(text, step_count=deps.catalog.step_count)
    if isinstance(parsed, Invalid):
        return render.invalid_reply(parsed)
    handler = _ANSWERS.get(parsed.name, _not_yet)
    return await handler(deps, who, parsed)


async def _done_steps(deps: Deps, who: Who) -> frozenset[int]:
    return await progress.completed_steps(db=deps.db, team_id=who.team_id, user_id=who.user_id)


async def _help(deps: Deps, who: Who, cmd: Command) -> Reply:
    return render.help_reply(deps.catalog)


async def _next(deps: Deps, who: Who, cmd: Command) -> Reply:
    done = await _done_steps(deps, who)
    return render.next_reply(deps.catalog, done, progress.next_step(done, deps.catalog.step_count))


async def _steps(deps: Deps, who: Who, cmd: Command) -> Reply:
    return render.steps_reply(deps.catalog, await _done_steps(deps, who))


async def _step(deps: Deps, who: Who, cmd: Command) -> Reply:
    return render.step_reply(deps.catalog, cmd.number, await _done_steps(deps, who))


async def set_step(deps: Deps, who: Who, step: int, *, done: bool) -> Reply:
    """Mark a step done or not done and describe the result (commands and buttons share it)."""
    async with deps.db.transaction() as conn:
        changed = await progress.set_step(
            conn=conn,
            db=deps.db,
            team_id=who.team_id,
            user_id=who.user_id,
            step=step,
            done=done,
        )
    now_done = await _done_steps(deps, who)
    nxt = progress.next_step(now_done, deps.catalog.step_count)
    return render.change_reply(
        deps.catalog, step, done=done, changed=changed, now_done=now_done, nxt=nxt
    )


async def _done(deps: Deps, who: Who, cmd: Command) -> Reply:
    return await set_step(deps, who, cmd.number, done=True)


async def _undo(deps: Deps, who: Who, cmd: Command) -> Reply:
    return await set_step(deps, who, cmd.number, done=False)


async def _progress(deps: Deps, who: Who, cmd: Command) -> Reply:
    if cmd.args:
        return render.error_reply(
            "Seeing someone else's progress needs a mentorship they have accepted; "
            "mentorships are not available yet. `/careerpath progress` shows yours."
        )
    done = await _done_steps(deps, who)
    return render.progress_reply(
        deps.catalog, done, progress.next_step(done, deps.catalog.step_count)
    )


def _arg(cmd: Command) -> str | None:
    return " ".join(cmd.args) if cmd.args else None


async def _skills(deps: Deps, who: Who, cmd: Command) -> Reply:
    reply = render.skills_reply(deps.catalog, _arg(cmd))
    if reply is None:
        names = ["hard", "soft", *(s.slug for s in deps.catalog.skills.essential)]
        return render.not_found_reply("skill", _arg(cmd) or "", names, "skills")
    return reply


async def _salary(deps: Deps, who: Who, cmd: Command) -> Reply:
    reply = render.salary_reply(deps.catalog, _arg(cmd))
    if reply is None:
        names = [b.slug for b in deps.catalog.salaries.bands]
        return render.not_found_reply("level", _arg(cmd) or "", names, "salary")
    return reply


async def _ladder(deps: Deps, who: Who, cmd: Command) -> Reply:
    return render.ladder_reply(deps.catalog)


async def _certs(deps: Deps, who: Who, cmd: Command) -> Reply:
    return render.certs_reply(deps.catalog)


async def _specialize(deps: Deps, who: Who, cmd: Command) -> Reply:
    reply = render.specialize_reply(deps.catalog, _arg(cmd))
    if reply is None:
        names = [s.slug for s in deps.catalog.specializations.specializations]
        return render.not_found_reply("specialisation", _arg(cmd) or "", names, "specialize")
    return reply


async def _faq(deps: Deps, who: Who, cmd: Command) -> Reply:
    query = " ".join(cmd.raw_args)[:500]
    if query:
        topic = render.faq_topic_reply(deps.catalog, query)
        if topic is not None:
            return topic
    hits = deps.index.search(query) if query else []
    return render.faq_reply(deps.catalog, query, hits)


async def _not_yet(deps: Deps, who: Who, cmd: Command) -> Reply:
    return render.error_reply(
        f"`{cmd.name}` is not available in this version yet. `/careerpath help` lists what is."
    )


_ANSWERS = {
    "help": _help,
    "next": _next,
    "steps": _steps,
    "step": _step,
    "done": _done,
    "undo": _undo,
    "progress": _progress,
    "skills": _skills,
    "salary": _salary,
    "ladder": _ladder,
    "certs": _certs,
    "specialize": _specialize,
    "faq": _faq,
}
