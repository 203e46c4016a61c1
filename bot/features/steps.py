"""The steps: what is next, the whole path, one step, ticking steps off, and progress (yours,
or a mentee's who accepted you as their mentor)."""

from __future__ import annotations

from bot.catalog import Catalog
from bot.commands import Command, Invalid, mention_user_id, no_words, step_number, subcommand
from bot.deps import Deps
from bot.features.common import Who
from bot.features.home import publish, refresh_home, with_effect
from bot.services import mentors, progress
from bot.views.blocks import Reply, refusal
from bot.views.people import with_mentors
from bot.views.steps import change_reply, next_reply, progress_reply, step_reply, steps_reply


async def done_steps(deps: Deps, who: Who) -> frozenset[int]:
    return await progress.completed_steps(conn=deps.db, team_id=who.team_id, user_id=who.user_id)


@subcommand("next", usage="next", parse=no_words, aliases=("start", "todo"))
async def next_(deps: Deps, who: Who, args: None) -> Reply:
    """your next step, with a button to mark it done"""
    done = await done_steps(deps, who)
    return next_reply(deps.catalog, done, progress.next_step(done, deps.catalog.step_count))


@subcommand("steps", usage="steps", parse=no_words, aliases=("list", "path", "roadmap"))
async def steps(deps: Deps, who: Who, args: None) -> Reply:
    """all the steps, with your ticks and a progress bar"""
    return steps_reply(deps.catalog, await done_steps(deps, who))


@subcommand("step", usage="step <n>", parse=step_number)
async def step(deps: Deps, who: Who, number: int) -> Reply:
    """one step in full"""
    return step_reply(deps.catalog, number, await done_steps(deps, who))


async def set_step(
    deps: Deps, who: Who, step: int, *, done: bool, from_home: bool = False
) -> Reply:
    """Mark a step done or not done and describe the result (commands and buttons share it).
    The App Home follows in the reply's effects when the learner has it (`from_home`: the
    click came from it)."""
    now_done: frozenset[int] | None = None
    async with deps.db.transaction() as conn:
        change = await progress.set_step(
            conn=conn, team_id=who.team_id, user_id=who.user_id, step=step, done=done
        )
        if not deps.db.sqlite:  # on this connection: no second checkout for the read
            now_done = await progress.completed_steps(
                conn=conn, team_id=who.team_id, user_id=who.user_id
            )
    if now_done is None:  # SQLite: read after the commit, so its one writer is freed sooner
        now_done = await done_steps(deps, who)
    nxt = progress.next_step(now_done, deps.catalog.step_count)
    reply = change_reply(
        deps.catalog, step, done=done, changed=change.changed, now_done=now_done, nxt=nxt
    )
    if from_home and not change.home_opened:  # open, but not yet known to be: record it
        return with_effect(reply, refresh_home(deps, who, opened=True))
    if from_home or (change.changed and change.home_opened):
        return with_effect(reply, publish(deps, who))
    return reply


@subcommand(
    "done",
    usage="done <n>",
    parse=step_number,
    aliases=("complete", "finish", "finished"),
)
async def done(deps: Deps, who: Who, number: int) -> Reply:
    """mark step n done"""
    return await set_step(deps, who, number, done=True)


@subcommand("undo", usage="undo <n>", parse=step_number, aliases=("undone",))
async def undo(deps: Deps, who: Who, number: int) -> Reply:
    """mark step n not done"""
    return await set_step(deps, who, number, done=False)


def progress_subject(cmd: Command, cat: Catalog) -> str | None | Invalid:
    """`progress [@user]`: whose progress (None: your own)."""
    if not cmd.raw_args:
        return None
    subject = mention_user_id(cmd.raw_args[0])
    if subject is None:
        return Invalid("Mention the person, like `/careerpath progress @name`.", notice=True)
    return subject


@subcommand("progress", usage="progress [@user]", parse=progress_subject, aliases=("status", "me"))
async def progress_(deps: Deps, who: Who, subject: str | None) -> Reply:
    """your progress, or a mentee's who accepted you"""
    if subject is not None and subject != who.user_id:
        return await _mentee_progress(deps, who, subject)
    done = await done_steps(deps, who)
    mentors_ = await mentors.mentors_of(conn=deps.db, team_id=who.team_id, mentee=who.user_id)
    reply = progress_reply(deps.catalog, done, progress.next_step(done, deps.catalog.step_count))
    return with_mentors(reply, tuple(mentors_))


async def _mentee_progress(deps: Deps, who: Who, subject: str) -> Reply:
    allowed = await mentors.is_mentor_of(
        conn=deps.db, team_id=who.team_id, mentor=who.user_id, mentee=subject
    )
    if not allowed:
        return refusal(
            "I can only show someone's progress to a mentor they have accepted. Ask them to "
            "run `/careerpath mentor add` with your name, then accept it here."
        )
    done = await progress.completed_steps(conn=deps.db, team_id=who.team_id, user_id=subject)
    return progress_reply(
        deps.catalog,
        done,
        progress.next_step(done, deps.catalog.step_count),
        mentee=subject,
    )
