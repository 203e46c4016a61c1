"""Mentors and cohorts: requests and their outcome, mentee progress, cohort status and digests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from slack_sdk.models.blocks import ActionsBlock, Block

from bot.catalog import Catalog
from bot.rules.standing import Standing
from bot.views.blocks import (
    INVITE,
    MAX_BLOCKS,
    Reply,
    bar,
    button,
    chunks,
    context,
    esc,
    header,
    notice,
    refusal,
    section,
    slack_date,
)
from bot.views.reminders import ReminderPart

TOP = 10


class Member(Protocol):
    """A cohort member as `cohort status` shows them."""

    @property
    def slack_user_id(self) -> str: ...
    @property
    def steps_done(self) -> int: ...


class DigestCounts(Protocol):
    """A cohort's week, counted by the cohorts service."""

    @property
    def members(self) -> int: ...
    @property
    def completions(self) -> int: ...
    @property
    def completers(self) -> int: ...
    @property
    def stalled(self) -> Sequence[str]: ...
    @property
    def renewing(self) -> int: ...
    @property
    def finished(self) -> int: ...


def mentee_line(step_count: int, s: Standing) -> str:
    parts = [f"<@{s.slack_user_id}> `{bar(s.steps_done, step_count)}`"]
    last = s.last_progress_at
    parts.append(f"last step {slack_date(last)}" if last else "no steps yet")
    if s.due_soon:
        parts.append(
            "due within 90 days: "
            + ", ".join(f"{code} {slack_date(end)}" for code, end in s.due_soon)
        )
    if s.pace:
        parts.append(", ".join(f"{code} CE {state}" for code, state in s.pace))
    return " · ".join(parts)


def with_mentors(reply: Reply, mentors: tuple[str, ...]) -> Reply:
    if not mentors:
        return reply
    who = ", ".join(f"<@{m}>" for m in mentors)
    return Reply(
        reply.text,
        [
            *reply.blocks,
            context(
                f"🤝 Mentored by {who}: they can see this "
                "page. `/careerpath mentor remove @name` "
                "ends it."
            ),
        ],
    )


def mentor_request(mentee: str, mentorship_id: int) -> Reply:
    text = f"<@{mentee}> would like you to mentor them on careerpath."
    return Reply(
        text,
        [
            section(
                f"🤝 {text}\nIf you accept, you'll see their steps, certifications due and CE "
                "pace, and get a weekly digest of what changed. Either of you can end it at "
                "any time."
            ),
            ActionsBlock(
                block_id="mentor_request",
                elements=[
                    button("Accept", "mentor_accept", str(mentorship_id), style="primary"),
                    button("Decline", "mentor_decline", str(mentorship_id)),
                ],
            ),
        ],
    )


def mentor_decided(outcome: str, mentee: str, mentor: str) -> tuple[Reply, Reply | None]:
    """What the mentor sees after clicking, and what the mentee is told (if anything)."""
    if outcome == "accepted":
        return (
            Reply(
                f"You now mentor <@{mentee}>.",
                [
                    section(
                        f"✅ You now mentor <@{mentee}>. `/careerpath mentees` shows "
                        "their progress."
                    )
                ],
            ),
            notice(f"<@{mentor}> accepted: they can now see your progress.", "🤝"),
        )
    if outcome == "declined":
        return (
            Reply(
                f"You declined <@{mentee}>'s request.",
                [section(f"You declined <@{mentee}>'s request. Nothing is shared.")],
            ),
            notice(f"<@{mentor}> declined your mentorship request.", "🙏"),
        )
    if outcome.startswith("already_"):
        state = outcome.removeprefix("already_").replace("active", "accepted")
        return notice(f"This request was already {state}; nothing changed.", "ℹ️"), None
    return refusal("This request isn't yours to answer."), None


def mentees_reply(cat: Catalog, mentees: Sequence[Standing]) -> Reply:
    if not mentees:
        return Reply(
            "You have no mentees yet.",
            [
                section(
                    "You have no mentees yet. A learner asks with `/careerpath mentor add "
                    "@you`, and you accept from the message I send you."
                )
            ],
        )
    ranked = sorted(mentees, key=lambda x: (-x.steps_done, x.slack_user_id))
    lines = [mentee_line(cat.step_count, x) for x in ranked]
    blocks: list[Block] = [header(f"🧑‍🏫 Your mentees ({len(lines)})")]
    for chunk in chunks(lines, 3000):
        blocks.append(section(chunk))
    return Reply(f"Your {len(lines)} mentees", blocks[:MAX_BLOCKS])


def cohort_created(name: str) -> Reply:
    return Reply(
        f"Cohort {esc(name)} created.",
        [
            section(
                f"🎓 *{esc(name)}* now runs in this channel, and you own it. Members join with "
                "`/careerpath cohort join`; set a weekly digest with `/careerpath cohort digest "
                "monday 09:00`."
            )
        ],
    )


def channel_post_outcome(
    done: Reply, error: str | None, *, failed: str, retry: str, keep: bool = False
) -> Reply:
    """What to tell the person after a post to their channel was tried: `done` if it went,
    else why not, and what to do (invite the bot, then `retry`); `keep` shows `done` too
    when it holds either way (a cohort was created, whether or not it could be announced)."""
    if error is None:
        return done
    if error == "not_in_channel":
        why = f"I'm not in this channel yet, so {failed}. Invite me with {INVITE}, then {retry}."
    elif error in ("channel_not_found", "is_archived", "channel_is_archived"):
        why = f"Slack says this channel can't take posts (`{esc(error)}`), so {failed}."
    else:
        why = f"Slack refused the post (`{esc(error)}`), so {failed}. Try again in a minute."
    if not keep:
        return Reply(why, [section(f"⚠️ {why}")])
    return Reply(f"{done.text} {why}", [*done.blocks, section(f"⚠️ {why}")])


def cohort_announcement(name: str, owner: str) -> Reply:
    return Reply(
        f"A careerpath cohort, {esc(name)}, has started here.",
        [
            section(
                f"🎓 <@{owner}> started the careerpath cohort *{esc(name)}* in this channel. "
                "`/careerpath cohort join` to take part: the cohort will see your step progress."
            )
        ],
    )


def cohort_joined(name: str, *, already: bool) -> Reply:
    if already:
        return notice(f"You are already in *{esc(name)}*.", "ℹ️")
    return Reply(
        f"You joined {esc(name)}.",
        [
            section(
                f"✅ You joined *{esc(name)}*.\n*Please note:* the cohort will see your "
                "step progress (which steps you have done and when you last moved on). "
                "Your certifications and CE hours stay private; the weekly digest shows "
                "only counts. `/careerpath cohort leave` takes you out at any time."
            )
        ],
    )


def cohort_status(name: str, members: Sequence[Member], step_count: int) -> Reply:
    ranked = sorted(members, key=lambda m: (-m.steps_done, m.slack_user_id))
    n = len(ranked)
    total = sum(m.steps_done for m in ranked)
    finished = sum(1 for m in ranked if m.steps_done >= step_count)
    avg = total / n if n else 0
    blocks: list[Block] = [
        header(f"📊 {name}: {n} member{'s' if n != 1 else ''}"),
        section(f"Average `{bar(round(avg, 1), step_count)}` · {finished} finished every step"),
    ]

    def line(m: Member) -> str:
        return f"`{bar(m.steps_done, step_count)}` <@{m.slack_user_id}>"

    if n <= 2 * TOP:
        for chunk in chunks([line(m) for m in ranked], 3000):
            blocks.append(section(chunk))
    else:
        blocks.append(section("*Furthest along*\n" + "\n".join(line(m) for m in ranked[:TOP])))
        blocks.append(section("*Just starting*\n" + "\n".join(line(m) for m in ranked[-TOP:])))
        blocks.append(context(f"…and {n - 2 * TOP} more between them."))
    return Reply(f"{esc(name)}: {n} members, average {avg:.1f} of {step_count} steps", blocks)


def cohort_digest(name: str, d: DigestCounts) -> Reply:
    cheers = (
        "Every step counts — keep going!",
        "Small steps, steady progress: nice work.",
        "Momentum is building; see you next week.",
    )
    lines = [
        f"✅ *{d.completions}* step{'s' if d.completions != 1 else ''} completed this week by "
        f"{d.completers} member{'s' if d.completers != 1 else ''}",
        f"🏁 {d.finished} of {d.members} have finished every step",
        f"🎓 {d.renewing} certification{'s' if d.renewing != 1 else ''} renewing within 90 days",
    ]
    blocks: list[Block] = [header(f"🗓️ {name}: this week"), section("\n".join(lines))]
    if d.stalled:
        shown = " ".join(f"<@{u}>" for u in d.stalled[:TOP])
        more = f" and {len(d.stalled) - TOP} more" if len(d.stalled) > TOP else ""
        blocks.append(
            section(
                f"⏸️ No step for 14 days or more: {shown}{more}. "
                "`/careerpath next` shows where you left off."
            )
        )
    blocks.append(context(cheers[d.completions % len(cheers)]))
    return Reply(f"{esc(name)} this week: {d.completions} steps completed", blocks)


def step_change(step: int, title: str | None, *, done: bool) -> str:
    """One line of the mentor digest: a step finished (or reopened)."""
    name = f"step {step}" + (f" ({title})" if title else "")
    return f"{'✅ finished' if done else '↩️ reopened'} {name}"


def ce_change(hours: float, entries: int) -> str:
    """One line of the mentor digest: CE hours logged since the last one."""
    return f"📚 logged {hours:g} CE hours ({entries} entr{'ies' if entries != 1 else 'y'})"


def cert_change(code: str) -> str:
    """One line of the mentor digest: a certification recorded."""
    return f"🎓 recorded {code}"


def mentor_digest_part(mentee: str, changes: Sequence[str]) -> ReminderPart:
    return ReminderPart(
        f"🧑‍🏫 Your mentees this week: <@{mentee}>", "\n".join(f"• {c}" for c in changes[:10])
    )


def cohort_digest_failed(name: str, channel: str, error: str) -> Reply:
    return Reply(
        f"I couldn't post {esc(name)}'s digest.",
        [
            section(
                f"⚠️ I couldn't post the weekly digest of *{esc(name)}* in <#{channel}>: Slack said "
                f"`{esc(error)}`. Invite me to the channel (`/invite @careerpath`) and run "
                "`/careerpath cohort digest <weekday> <HH:MM>` there again, or `cohort digest off`."
            )
        ],
    )
