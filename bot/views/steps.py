"""The steps to becoming a Care Manager: the next one, all of them, one in full, progress."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block

from bot.catalog import Catalog, Step
from bot.views.blocks import (
    DONE,
    TODO,
    Reply,
    bar,
    bullets,
    button,
    context,
    esc,
    header,
    memo,
    section,
)


def progress_line(done: frozenset[int], total: int) -> str:
    n = len([d for d in done if 1 <= d <= total])
    return f"`{bar(n, total)}` steps done"


def step_blocks(step: Step, *, done: bool, full: bool) -> list[Block]:
    mark = DONE if done else TODO
    blocks: list[Block] = [header(f"Step {step.number}: {step.title}"), section(esc(step.summary))]
    if full:
        blocks.append(section("\n\n".join(esc(d) for d in step.details)))
    blocks.append(section("*Checklist*\n" + bullets(step.checklist)))
    blocks.append(context(f"{mark} {'Done' if done else 'Not done yet'}"))
    return blocks


@memo
def next_reply(cat: Catalog, done: frozenset[int], nxt: int | None) -> Reply:
    if nxt is None:
        return Reply(
            "Every step is done. Congratulations!",
            [
                section(f"🎉 *Every step is done.* {progress_line(done, cat.step_count)}"),
                section(
                    "Keep growing: `/careerpath ladder` for the next rung, "
                    "`/careerpath certs` to track renewals, `/careerpath ce` for your hours."
                ),
            ],
        )
    step = cat.step(nxt)
    assert step is not None
    blocks: list[Block] = [
        context(progress_line(done, cat.step_count)),
        header(f"Next: step {step.number} of {cat.step_count} — {step.title}"),
        section(esc(step.summary)),
        section("*Checklist*\n" + bullets(step.checklist)),
        ActionsBlock(
            block_id="next",
            elements=[
                button("Mark done", "step_done", str(step.number), style="primary"),
                button("Details", "step_details", str(step.number)),
            ],
        ),
    ]
    return Reply(f"Your next step is step {step.number}: {step.title}", blocks)


@memo
def steps_reply(cat: Catalog, done: frozenset[int]) -> Reply:
    lines = [
        f"{DONE if s.number in done else TODO} *{s.number}.* {esc(s.title)}"
        for s in cat.steps.steps
    ]
    return Reply(
        f"The {cat.step_count} steps: {len(done)} done",
        [
            header(f"The {cat.step_count} steps to becoming a Care Manager"),
            section(progress_line(done, cat.step_count)),
            section("\n".join(lines)),
            context(
                "`/careerpath step <n>` for one in full · `/careerpath done <n>` to tick one off"
            ),
        ],
    )


@memo
def step_reply(cat: Catalog, n: int, done: frozenset[int]) -> Reply:
    step = cat.step(n)
    assert step is not None
    blocks = step_blocks(step, done=n in done, full=True)
    if n not in done:
        blocks.append(
            ActionsBlock(
                block_id="step",
                elements=[button("Mark done", "step_done", str(n), style="primary")],
            )
        )
    return Reply(f"Step {n}: {step.title}", blocks)


@memo
def change_reply(
    cat: Catalog, n: int, *, done: bool, changed: bool, now_done: frozenset[int], nxt: int | None
) -> Reply:
    step = cat.step(n)
    assert step is not None
    if done:
        first = (
            f"{DONE} Step {n} — {esc(step.title)} — marked done."
            if changed
            else f"Step {n} — {esc(step.title)} — was already done."
        )
    else:
        first = (
            f"↩️ Step {n} — {esc(step.title)} — marked not done."
            if changed
            else f"Step {n} — {esc(step.title)} — was not marked done, so nothing changed."
        )
    after = (
        f"Next up: *step {nxt}: {esc(cat.step(nxt).title)}* (`/careerpath next`)"  # type: ignore[union-attr]
        if nxt is not None
        else "🎉 Every step is done!"
    )
    return Reply(
        first.replace("*", ""),
        [section(first), section(f"{progress_line(now_done, cat.step_count)}\n{after}")],
    )


def progress_reply(
    cat: Catalog, done: frozenset[int], nxt: int | None, *, mentee: str | None = None
) -> Reply:
    """Your progress, or (with `mentee`, a Slack user id) a mentee's. A header is plain text
    and shows a mention as raw markup, so a mentee's name goes in mrkdwn instead."""
    lines = [
        f"{DONE if s.number in done else TODO} {s.number}. {esc(s.title)}" for s in cat.steps.steps
    ]
    whose = f"<@{mentee}>'s" if mentee else "Your"
    top: Block = section(f"*{whose} progress*") if mentee else header("Your progress")
    blocks: list[Block] = [
        top,
        section(progress_line(done, cat.step_count)),
        section("\n".join(lines)),
    ]
    if nxt is not None:
        blocks.append(context(f"Next: step {nxt} · `/careerpath next`"))
    return Reply(f"{whose} progress: {len(done)} of {cat.step_count} steps done", blocks)
