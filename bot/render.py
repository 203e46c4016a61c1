"""Every message careerpath shows, as Block Kit (slack_sdk models) with a plain-text fallback.

One visual language for Slack and `careerpath shell`: the shell prints the same blocks through
`to_text`. Limits are enforced here, once: ≤ 50 blocks a message, section text ≤ 3,000 characters.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.catalog import Catalog, Certification, SalaryBand, Step
from bot.commands import HELP, Invalid, echo, escape
from bot.zone_choice import option as zone_option

T = TypeVar("T")

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_BUTTON = 75
MAX_FALLBACK = 3000
BAR_WIDTH = 10
DONE, TODO = "✅", "⬜"


def esc(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters, once. Text
    from a command arrives already escaped: `commands.parse` unescapes it first."""
    return escape(text)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar(done: float, total: float, width: int = BAR_WIDTH) -> str:
    """`▓▓▓░░░░░░░ 3/10`: a text progress bar that reads the same in Slack and a terminal."""
    frac = 0.0 if total <= 0 else max(0.0, min(1.0, done / total))
    filled = round(frac * width)
    return "▓" * filled + "░" * (width - filled) + f" {_num(done)}/{_num(total)}"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def money(n: int) -> str:
    return f"${n:,}"


def slack_date(when: dt.date | dt.datetime, fmt: str = "{date_short}") -> str:
    """A moment as Slack's `<!date^…>`, shown in each reader's own timezone (fallback in UTC).

    A calendar date (a cycle end, a CE entry, a vacation's last day) has no moment: it is the
    same day for every reader, so it is written out as "Fri 1 May 2026" instead.
    """
    if not isinstance(when, dt.datetime):
        return f"{when:%a} {when.day} {when:%b %Y}"
    moment = when.astimezone(dt.UTC)
    fallback = moment.strftime("%d %b %Y")
    return f"<!date^{int(moment.timestamp())}^{fmt}|{fallback}>"


def section(text: str, *, block_id: str | None = None) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, MAX_SECTION)), block_id=block_id)


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=clip(text, MAX_HEADER), emoji=True))


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, MAX_SECTION))])


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=clip(text, MAX_BUTTON), emoji=True),
        action_id=action_id,
        value=value,
        style=style,
    )


def bullets(items: Sequence[str]) -> str:
    return "\n".join(f"• {esc(i)}" for i in items)


@dataclass
class Reply:
    """A message: blocks for Slack, `text` for notifications and the fallback."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    _message: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    # Messages to other people that follow this reply (sent in the background).
    effects: list[Any] = field(default_factory=list, repr=False, compare=False)

    def message(self) -> dict[str, Any]:
        """The message as Slack's JSON, built once (cached replies are shared: don't mutate)."""
        if self._message is None:
            blocks = self.blocks
            if len(blocks) > MAX_BLOCKS:
                blocks = [*blocks[: MAX_BLOCKS - 1], context("…and more: ask for a narrower view.")]
            self._message = {
                "text": clip(self.text, MAX_FALLBACK),
                "blocks": [b.to_dict() for b in blocks],
            }
        return self._message


_P = ParamSpec("_P")
_R = TypeVar("_R")
_MEMO_LIMIT = 4096


def memo(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Cache a renderer whose arguments are all hashable: content never changes at run time,
    so the same arguments always give the same message (and Block Kit is costly to build)."""
    cache: dict[Any, _R] = {}

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        key = (args, tuple(sorted(kwargs.items())))
        if key in cache:
            return cache[key]
        if len(cache) >= _MEMO_LIMIT:
            cache.clear()
        found = cache[key] = fn(*args, **kwargs)
        return found

    return wrapper


# --- help and unknown input -------------------------------------------------------------------


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


# --- steps and progress -------------------------------------------------------------------------


def _progress_line(done: frozenset[int], total: int) -> str:
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
                section(f"🎉 *Every step is done.* {_progress_line(done, cat.step_count)}"),
                section(
                    "Keep growing: `/careerpath ladder` for the next rung, "
                    "`/careerpath certs` to track renewals, `/careerpath ce` for your hours."
                ),
            ],
        )
    step = cat.step(nxt)
    assert step is not None
    blocks: list[Block] = [
        context(_progress_line(done, cat.step_count)),
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
            section(_progress_line(done, cat.step_count)),
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
        [section(first), section(f"{_progress_line(now_done, cat.step_count)}\n{after}")],
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
        section(_progress_line(done, cat.step_count)),
        section("\n".join(lines)),
    ]
    if nxt is not None:
        blocks.append(context(f"Next: step {nxt} · `/careerpath next`"))
    return Reply(f"{whose} progress: {len(done)} of {cat.step_count} steps done", blocks)


# --- reference content ----------------------------------------------------------------------


@memo
def skills_reply(cat: Catalog, arg: str | None) -> Reply | None:
    sk = cat.skills
    if arg in (None, ""):
        hard = [s for s in sk.essential if s.kind == "hard"]
        soft = [s for s in sk.essential if s.kind == "soft"]
        return Reply(
            f"The {len(sk.essential)} essential skills",
            [
                header(f"The {len(sk.essential)} essential skills"),
                section(esc(sk.intro)),
                section("*Hard skills*\n" + bullets([s.name for s in hard])),
                section("*Soft skills*\n" + bullets([s.name for s in soft])),
                context("`/careerpath skills hard`, `skills soft` or `skills <name>` for more"),
            ],
        )
    if arg in ("hard", "soft"):
        kind = sk.hard if arg == "hard" else sk.soft
        members = [s for s in sk.essential if s.kind == arg]
        lines = "\n".join(f"• *{esc(s.name)}* — {esc(s.summary)}" for s in members)
        return Reply(
            f"{arg.title()} skills",
            [
                header(f"{arg.title()} skills"),
                section(esc(kind.summary)),
                section("*For example*\n" + bullets(kind.examples)),
                section(lines),
            ],
        )
    skill = _match(arg, [(s, [s.slug, s.name, *s.keywords]) for s in sk.essential])
    if skill is None:
        return None
    blocks: list[Block] = [header(skill.name), section(esc(skill.summary))]
    if skill.how_to_build:
        blocks.append(section(f"*How to build it:* {esc(skill.how_to_build)}"))
    blocks.append(context(f"A {skill.kind} skill"))
    return Reply(f"{skill.name}: {skill.summary}", blocks)


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("-", " ").split())


def _match(query: str | None, options: list[tuple[T, list[str]]]) -> T | None:
    """Exact (normalised) name match first, then a unique prefix or substring match."""
    if not query:
        return None
    q = _norm(query)
    for item, names in options:
        if any(_norm(n) == q for n in names):
            return item
    partial = [
        item
        for item, names in options
        if any(_norm(n).startswith(q) or q in _norm(n) for n in names)
    ]
    return partial[0] if len(partial) == 1 else None


def band_line(b: SalaryBand) -> str:
    top = money(b.high) + ("+" if b.open_ended else "")
    return f"*{esc(b.title)}* — {money(b.low)}–{top} a year · {esc(b.experience)}"


@memo
def salary_reply(cat: Catalog, arg: str | None) -> Reply | None:
    sal = cat.salaries
    if arg:
        band = _match(arg, [(b, [b.slug, b.title, *b.aliases]) for b in sal.bands])
        if band is None:
            return None
        return Reply(
            f"{band.title}: {money(band.low)}-{money(band.high)}{'+' if band.open_ended else ''}",
            [
                header(f"💰 {band.title}"),
                section(band_line(band)),
                section(esc(band.summary)),
                context(f"Source: {esc(sal.source)}. {esc(sal.note)}"),
            ],
        )
    blocks: list[Block] = [
        header("💰 Care Manager pay by level"),
        section("\n".join(band_line(b) for b in sal.bands)),
    ]
    if sal.anchors:
        anchors = "\n".join(
            f"• {esc(a.occupation)}: "
            + (f"median {money(a.median)}" if a.median is not None else esc(a.note or "no figure"))
            + f" ({esc(a.period)}, {esc(a.source)})"
            for a in sal.anchors
        )
        blocks.append(section("*Public figures for comparison*\n" + anchors))
    blocks.append(
        context(
            f"Ranges from {esc(sal.source)}. {esc(sal.note)} "
            "`/careerpath salary <level>` for one level."
        )
    )
    return Reply("Care Manager pay by level", blocks)


@memo
def ladder_reply(cat: Catalog) -> Reply:
    blocks: list[Block] = [header("🪜 The career ladder"), section(esc(cat.ladder.intro))]
    for r in cat.ladder.rungs:
        blocks.append(
            section(f"*{r.order}. {esc(r.title)}*\n{esc(r.summary)}\n" + bullets(r.strategies))
        )
    return Reply("The career ladder: " + " → ".join(r.title for r in cat.ladder.rungs), blocks)


def cert_line(c: Certification) -> str:
    parts = [f"*{esc(c.code)}* — {esc(c.name)} ({esc(c.body)})"]
    cycle = []
    if c.cycle_years:
        cycle.append(f"renews every {c.cycle_years} years")
    if c.ce_hours:
        extra = f", {_num(c.ethics_hours)} in ethics" if c.ethics_hours else ""
        cycle.append(f"{_num(c.ce_hours)} CE hours per cycle{extra}")
    if cycle:
        parts.append(", ".join(cycle))
    return "\n".join(parts)


@memo
def certs_reply(cat: Catalog) -> Reply:
    certs = cat.certifications
    blocks: list[Block] = [header("🎓 Certifications"), section(esc(certs.intro))]
    for c in certs.certifications:
        blocks.append(section(cert_line(c) + f"\n{esc(c.summary)}"))
        blocks.append(context(f"Source: {esc(c.source)} · verified {c.verified_on.isoformat()}"))
    blocks.append(context(f"⚠️ {esc(certs.disclaimer)}"))
    return Reply("Certifications for care managers", blocks)


@memo
def specialize_reply(cat: Catalog, arg: str | None) -> Reply | None:
    sp = cat.specializations
    if arg:
        area = _match(arg, [(s, [s.slug, s.title, *s.aliases]) for s in sp.specializations])
        if area is None:
            return None
        blocks: list[Block] = [header(f"🔎 {area.title}"), section(esc(area.summary))]
        if area.details:
            blocks.append(section(bullets(area.details)))
        return Reply(f"{area.title}: {area.summary}", blocks)
    lines = "\n".join(f"• *{esc(s.title)}* — {esc(s.summary)}" for s in sp.specializations)
    return Reply(
        "Specialisations",
        [
            header("🔎 Specialisations"),
            section(esc(sp.intro)),
            section(lines),
            context("`/careerpath specialize <area>` for one area"),
        ],
    )


def not_found_reply(what: str, arg: str, options: Sequence[str], command: str) -> Reply:
    opts = ", ".join(f"`{esc(o)}`" for o in options)
    msg = f"I don't know the {what} “{esc(echo(arg))}”. Try one of: {opts}."
    return Reply(
        f"I don't know the {what} '{esc(echo(arg))}'.",
        [section(f"🤔 {msg}"), context(f"`/careerpath {command}` lists them all")],
    )


def faq_reply(cat: Catalog, query: str, hits: Sequence[Any]) -> Reply:
    if not query:
        lines = "\n".join(f"• {esc(f.question)}" for f in cat.faq.faqs)
        return Reply(
            "Frequently asked questions",
            [
                header("❓ Frequently asked questions"),
                section(lines),
                context("`/careerpath faq <words>` searches every answer"),
            ],
        )
    if not hits:
        topics = (
            "steps, skills, salary, ladder, certs, specialize, and questions such as "
            "_how long does it take_ or _can I do it without a degree_"
        )
        return Reply(
            f"Nothing found for '{esc(echo(query))}'.",
            [
                section(f"🔍 Nothing found for “{esc(echo(query))}”."),
                section(f"I can tell you about {topics}."),
                context("`/careerpath faq` lists the common questions"),
            ],
        )
    blocks: list[Block] = [header(f"🔍 Best answers for “{clip(echo(query), 100)}”")]
    for h in hits:
        blocks.append(section(f"*{esc(h.doc.title)}*\n{esc(h.doc.snippet)}"))
        if h.doc.more != "faq":
            blocks.append(context(f"More: `/careerpath {esc(h.doc.more)}`"))
    return Reply(
        f"Best answers for '{esc(echo(query))}': " + "; ".join(esc(h.doc.title) for h in hits),
        blocks,
    )


@memo
def faq_topic_reply(cat: Catalog, topic: str) -> Reply | None:
    """Whole-topic answers for words that name a content file (responsibilities, organisations…)."""
    t = _norm(topic)
    if t in ("responsibilities", "responsibility", "duties", "role", "what does a care manager do"):
        r = cat.responsibilities
        lines = "\n".join(f"• *{esc(x.title)}* — {esc(x.summary)}" for x in r.responsibilities)
        blocks: list[Block] = [
            header("📋 Roles and responsibilities"),
            section(esc(r.intro)),
            section(lines),
        ]
        if r.day_to_day:
            blocks.append(section("*Day to day*\n" + bullets(r.day_to_day)))
        return Reply("Roles and responsibilities", blocks)
    if t in ("organizations", "organisations", "organization", "organisation", "associations"):
        o = cat.organizations
        lines = "\n".join(
            f"• *{esc(x.code)}* — {esc(x.name)}: {esc(x.summary)}"
            + (f" <{x.url}|{esc(x.url)}>" if x.url else "")
            for x in o.organizations
        )
        return Reply(
            "Professional organisations",
            [header("🤝 Professional organisations"), section(esc(o.intro)), section(lines)],
        )
    if t in ("work environment", "environment", "workplace", "work"):
        e = cat.environment
        lines = "\n".join(f"• *{esc(x.title)}* — {esc(x.summary)}" for x in e.sections)
        return Reply(
            "The work environment",
            [header("🏥 The work environment"), section(esc(e.intro)), section(lines)],
        )
    return None


def error_reply(message: str, icon: str = "⚠️") -> Reply:
    """A short reply; `message` may use mrkdwn (backticks), user text must be escaped first."""
    return Reply(message, [section(f"{icon} {message}")])


def prefixed(reply: Reply, line: str) -> Reply:
    return Reply(f"{line} {reply.text}", [section(line), *reply.blocks])


# --- the shell's view of a message ------------------------------------------------------------


def _mrkdwn_to_text(text: str) -> str:
    import re

    text = re.sub(r"<!date\^\d+\^[^|>]*\|([^>]*)>", r"\1", text)
    text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2 (\1)", text)
    text = re.sub(r"<@([A-Z0-9]+)(?:\|([^>]+))?>", lambda m: "@" + (m.group(2) or m.group(1)), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return text


def to_text(message: dict[str, Any]) -> tuple[str, list[tuple[str, str, str]]]:
    """Render a message for a terminal: the text, and its buttons as (label, action_id, value)."""
    out: list[str] = []
    buttons: list[tuple[str, str, str]] = []
    for b in message.get("blocks") or []:
        kind = b.get("type")
        if kind == "header":
            title = b["text"]["text"]
            out.append(f"\n{title}\n{'═' * min(len(title), 60)}")
        elif kind == "section":
            if b.get("text"):
                out.append(_mrkdwn_to_text(b["text"]["text"]))
            for f in b.get("fields") or []:
                out.append(_mrkdwn_to_text(f["text"]))
        elif kind == "context":
            out.append("  " + " ".join(_mrkdwn_to_text(e.get("text", "")) for e in b["elements"]))
        elif kind == "divider":
            out.append("─" * 40)
        elif kind == "actions":
            labels = []
            for e in b["elements"]:
                if e.get("type") == "button":
                    buttons.append((e["text"]["text"], e["action_id"], e.get("value", "")))
                    labels.append(f"[{len(buttons)}] {e['text']['text']}")
            out.append("  ".join(labels))
    if not out:
        out.append(_mrkdwn_to_text(message.get("text", "")))
    return "\n".join(out).strip("\n"), buttons


# --- certifications held, CE, reminders -------------------------------------------------------


def countdown(days: int) -> str:
    if days > 1:
        return f"in {days} days"
    if days == 1:
        return "tomorrow"
    if days == 0:
        return "today"
    return f"{-days} day{'s' if days != -1 else ''} ago"


CHECK = "Deadlines here are computed from published rules: check with the certifying body."


def _pace_line(p: Any) -> str:
    line = f"`{bar(round(p.logged, 2), p.required)}` CE hours"
    if p.ethics_required:
        line += f" · ethics {_num(round(p.ethics_logged, 2))}/{_num(p.ethics_required)}"
    if p.logged >= p.required:
        return line + " · requirement met ✅"
    diff = p.logged - p.expected_now
    if diff >= 0:
        return line + f" · ahead of pace by {diff:.1f} h"
    return line + f" · behind pace by {-diff:.1f} h"


@dataclass(frozen=True)
class HeldView:
    """A held certification as the `certs` and `ce` replies show it."""

    cert: Certification
    start: dt.date
    end: dt.date | None
    days_left: int | None
    pace: Any


def held_lines(views: Sequence[HeldView]) -> str:
    lines = []
    for v in views:
        line = f"*{esc(v.cert.code)}* — since {slack_date(v.start)}"
        if v.end is not None and v.days_left is not None:
            when = "ended" if v.days_left < 0 else "cycle ends"
            line += f" · {when} {slack_date(v.end)} ({countdown(v.days_left)})"
        if v.pace is not None:
            line += "\n" + _pace_line(v.pace)
        lines.append(line)
    return "\n".join(lines)


def certs_mine_reply(cat: Catalog, views: Sequence[HeldView]) -> Reply:
    base = certs_reply(cat)
    if not views:
        mine: list[Block] = [
            section(
                "*Yours:* none recorded yet. Add one with "
                "`/careerpath cert add CCM 2024-05-01` (the date you earned "
                "or last renewed it)."
            )
        ]
    else:
        mine = [header("Your certifications"), section(held_lines(views)), context(f"⚠️ {CHECK}")]
    return Reply(base.text, [*mine, DividerBlock(), *base.blocks])


def cert_added_reply(view: HeldView, *, new: bool) -> Reply:
    verb = "Added" if new else "Updated"
    text = f"{verb} {view.cert.code}."
    return Reply(
        text,
        [
            section(f"🎓 {verb} *{esc(view.cert.code)}*.\n" + held_lines([view])),
            context(f"Reminders come before the cycle ends. {CHECK}"),
        ],
    )


def ce_reply(views: Sequence[HeldView], recent: Sequence[tuple[Any, ...]], loose: float) -> Reply:
    blocks: list[Block] = [header("📚 Continuing education")]
    with_req = [v for v in views if v.pace is not None]
    if with_req:
        blocks.append(section(held_lines(with_req)))
    else:
        blocks.append(
            section(
                "No certification with a CE requirement recorded yet: "
                "`/careerpath cert add <CODE> <YYYY-MM-DD>`."
            )
        )
    if recent:
        lines = "\n".join(
            f"• {slack_date(day)} — {_num(hours)} h{' (ethics)' if ethics else ''}"
            f"{' · ' + esc(code) if code else ''} — {esc(title)}"
            for code, hours, ethics, day, title in recent
        )
        blocks.append(section("*Latest entries*\n" + lines))
    if loose:
        blocks.append(
            context(
                f"{_num(loose)} h logged without a certification count toward every "
                "certification whose cycle they fall in."
            )
        )
    blocks.append(
        context("Log hours: `/careerpath ce log 1.5 CCM ethics Ethics webinar`. " + CHECK)
    )
    return Reply("Your CE hours", blocks)


@dataclass(frozen=True)
class ReminderPart:
    title: str
    body: str


def renewal_part(cert: Certification, end: dt.date, days_left: int, pace: Any) -> ReminderPart:
    if days_left < 0:
        title = f"⚠️ Your {cert.code} cycle ended {slack_date(end)}"
        late = (
            f" {cert.body} considers late requests only within {cert.late_window_days} days "
            "after the end, with a documented reason."
            if cert.late_window_days
            else ""
        )
        body = f"Renew now, or find out from {esc(cert.body)} what lapsing means for you.{late}"
    else:
        title = (
            f"⏳ {cert.code} renewal: your cycle ends {slack_date(end)} ({countdown(days_left)})"
        )
        todo = []
        if pace is not None and pace.logged < pace.required:
            todo.append(
                f"earn and log the remaining {_num(round(pace.required - pace.logged, 2))}"
                f" of {_num(pace.required)} CE hours"
            )
        todo.append(f"apply to renew with {esc(cert.body)}")
        body = "What to do next: " + ", then ".join(todo) + "."
    if pace is not None:
        body += "\n" + _pace_line(pace)
    return ReminderPart(title, body + f"\nCheck with {esc(cert.body)}: {esc(cert.source)}")


def ce_pace_part(cert: Certification, pace: Any) -> ReminderPart:
    title = f"📚 {cert.code} CE pace: {pace.gap:.1f} h behind"
    body = (
        f"{_pace_line(pace)}\nBy {slack_date(pace.end)} you need {_num(pace.required)} hours. "
        f"Log what you have done: `/careerpath ce log <hours> {cert.code} <title>`.\n"
        f"Check with {esc(cert.body)}: {esc(cert.source)}"
    )
    return ReminderPart(title, body)


def stalled_part(step: Step, weeks: int, days: int) -> ReminderPart:
    title = f"🧭 Your next step is step {step.number}: {step.title}"
    body = (
        f"No step has changed for {weeks} week{'s' if weeks != 1 else ''}. "
        f"{esc(step.summary)}\nStart with: {esc(step.checklist[0])} · `/careerpath next`"
    )
    return ReminderPart(title, body)


def reminder_reply(parts: Sequence[ReminderPart], codes: Sequence[str] = ()) -> Reply:
    blocks: list[Block] = [header("🔔 careerpath reminder")]
    for p in parts[:20]:
        blocks.append(section(f"*{p.title}*\n{p.body}"))
    blocks.append(reminder_buttons(codes))
    blocks.append(context(f"{CHECK} · `/careerpath remind` to change when you hear from me."))
    text = " · ".join(_plain_title(p.title) for p in parts)
    return Reply(clip(text, 300), blocks)


def _plain_title(title: str) -> str:
    import re

    return re.sub(r"<!date\^\d+\^[^|>]*\|([^>]*)>", r"\1", title)


def remind_status_reply(
    *,
    on: bool,
    window: str,
    snooze: dt.datetime | None,
    vacation: dt.date | None,
    paused: str | None,
    tz_known: bool,
    now: dt.datetime,
    note: str = "",
) -> Reply:
    lines = [f"Reminders: *{'on' if on else 'off'}*", f"When: {esc(window)}"]
    if snooze is not None and snooze > now:
        lines.append(f"Snoozed until {slack_date(snooze, '{date_short} {time}')}")
    if vacation is not None and vacation >= now.date():
        lines.append(f"On vacation until {slack_date(vacation)}")
    if paused:
        lines.append(
            f"⚠️ Paused: Slack refused a delivery ({esc(paused)}). `/careerpath remind on` resumes."
        )
    if not tz_known:
        lines.append("Your timezone comes from your Slack profile at the first reminder.")
    blocks: list[Block] = []
    if note:
        blocks.append(section(note))
    blocks.append(section("\n".join(lines)))
    blocks.append(
        context(
            "`remind on|off` · `remind time 08:30` · `remind snooze 7` · "
            "`remind vacation 2026-12-31`"
        )
    )
    return Reply((note + " " if note else "") + f"Reminders are {'on' if on else 'off'}.", blocks)


# --- mentors and cohorts ------------------------------------------------------------------------

DAY_NAMES_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TOP = 10


def refusal(message: str) -> Reply:
    """A polite no that shows nothing about anyone."""
    return Reply(message, [section(f"🔒 {message}")])


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
            error_reply(f"<@{mentor}> accepted: they can now see your progress.", "🤝"),
        )
    if outcome == "declined":
        return (
            Reply(
                f"You declined <@{mentee}>'s request.",
                [section(f"You declined <@{mentee}>'s request. Nothing is shared.")],
            ),
            error_reply(f"<@{mentor}> declined your mentorship request.", "🙏"),
        )
    if outcome.startswith("already_"):
        state = outcome.removeprefix("already_").replace("active", "accepted")
        return error_reply(f"This request was already {state}; nothing changed.", "ℹ️"), None
    return refusal("This request isn't yours to answer."), None


def _learner_line(cat: Catalog, learner: Any, today: dt.date) -> str:
    from bot.reminders.plan import ce_pace
    from bot.reminders.timing import cycle_end

    parts = [f"<@{learner.slack_user_id}> `{bar(learner.steps_done, cat.step_count)}`"]
    last = learner.last_progress_at
    parts.append(f"last step {slack_date(last)}" if last else "no steps yet")
    due = []
    pace_bits = []
    for held in learner.certs:
        cert = cat.certification(held.code)
        if cert is None:
            continue
        end = cycle_end(cert, held.cycle_start, held.valid_through)
        if end is not None and today <= end <= today + dt.timedelta(days=90):
            due.append(f"{cert.code} {slack_date(end)}")
        pace = ce_pace(cert, held, learner.ce, today)
        if pace is not None:
            state = (
                "met"
                if pace.logged >= pace.required
                else ("behind" if pace.logged < pace.expected_now else "on pace")
            )
            pace_bits.append(f"{cert.code} CE {state}")
    if due:
        parts.append("due within 90 days: " + ", ".join(due))
    if pace_bits:
        parts.append(", ".join(pace_bits))
    return " · ".join(parts)


def mentees_reply(cat: Catalog, learners: Sequence[Any], today: dt.date) -> Reply:
    if not learners:
        return Reply(
            "You have no mentees yet.",
            [
                section(
                    "You have no mentees yet. A learner asks with `/careerpath mentor add "
                    "@you`, and you accept from the message I send you."
                )
            ],
        )
    ranked = sorted(learners, key=lambda x: (-x.steps_done, x.slack_user_id))
    lines = [_learner_line(cat, x, today) for x in ranked]
    blocks: list[Block] = [header(f"🧑‍🏫 Your mentees ({len(lines)})")]
    for chunk in _chunks(lines, 3000):
        blocks.append(section(chunk))
    return Reply(f"Your {len(lines)} mentees", blocks[:MAX_BLOCKS])


def _chunks(lines: Sequence[str], limit: int) -> list[str]:
    out: list[str] = []
    current = ""
    for line in lines:
        line = clip(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            out.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        out.append(current)
    return out


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


INVITE = "`/invite @careerpath`"


def later() -> Reply:
    """No reply in the acknowledgement: the answer follows by response_url once it is known."""
    return Reply("")


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
        return error_reply(f"You are already in *{esc(name)}*.", "ℹ️")
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


def cohort_status(name: str, members: Sequence[Any], step_count: int) -> Reply:
    ranked = sorted(members, key=lambda m: (-m.steps_done, m.slack_user_id))
    n = len(ranked)
    total = sum(m.steps_done for m in ranked)
    finished = sum(1 for m in ranked if m.steps_done >= step_count)
    avg = total / n if n else 0
    blocks: list[Block] = [
        header(f"📊 {name}: {n} member{'s' if n != 1 else ''}"),
        section(f"Average `{bar(round(avg, 1), step_count)}` · {finished} finished every step"),
    ]

    def line(m: Any) -> str:
        return f"`{bar(m.steps_done, step_count)}` <@{m.slack_user_id}>"

    if n <= 2 * TOP:
        for chunk in _chunks([line(m) for m in ranked], 3000):
            blocks.append(section(chunk))
    else:
        blocks.append(section("*Furthest along*\n" + "\n".join(line(m) for m in ranked[:TOP])))
        blocks.append(section("*Just starting*\n" + "\n".join(line(m) for m in ranked[-TOP:])))
        blocks.append(context(f"…and {n - 2 * TOP} more between them."))
    return Reply(f"{esc(name)}: {n} members, average {avg:.1f} of {step_count} steps", blocks)


def cohort_digest(name: str, d: Any) -> Reply:
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


# --- App Home and modals ------------------------------------------------------------------------

MAX_HOME_BLOCKS = 100
MAX_MODAL_TITLE = 24
CE_TITLE_MAX = 200  # the Log CE modal's title field, and what certs.log_ce stores


@dataclass(frozen=True)
class HomeData:
    """Everything the App Home shows about one person."""

    done: frozenset[int]
    next_step: int | None
    held: tuple[HeldView, ...]
    reminders_on: bool
    window: str
    snooze_until: dt.datetime | None
    vacation_until: dt.date | None
    paused: str | None
    mentees: tuple[Any, ...]
    cohorts: tuple[str, ...]
    mentors: tuple[str, ...]
    today: dt.date
    ce_entries: int = 0
    owned_cohorts: tuple[tuple[int, str], ...] = ()  # (id, name): cohorts this person owns

    @property
    def fresh(self) -> bool:
        """Nothing recorded yet: no step, certification, CE, mentor, mentee or cohort."""
        return not (
            self.done
            or self.held
            or self.ce_entries
            or self.mentees
            or self.mentors
            or self.cohorts
        )


def welcome_blocks(cat: Catalog) -> list[Block]:
    """The App Home before a person has recorded anything: what careerpath does, what it
    shares with whom, and one button to begin."""
    return [
        header("👋 Welcome to careerpath"),
        section(
            f"careerpath walks you through the {cat.step_count} steps to becoming a Care "
            "Manager, explains the skills, pay and certifications, tracks your CE hours, and "
            "reminds you of renewals and CE pace in your working hours."
        ),
        section(
            "*Your data stays yours.* A mentor sees your steps, certifications due and CE "
            "pace only after you accept them, and either of you can end it. A cohort sees "
            "your step progress only if you join it; your certifications and CE hours stay "
            "private there. `/careerpath export` sends you everything careerpath holds; "
            "`/careerpath forget` deletes it all."
        ),
        ActionsBlock(
            block_id="home_welcome",
            elements=[
                button("Start with step 1", "step_details", "1", style="primary"),
                button("Add a certification I hold", "open_cert_modal", ""),
            ],
        ),
        context("You can also type to me in the Messages tab: try `next` or a question."),
    ]


def install_welcome(step_count: int) -> Reply:
    """The DM to the person who installed careerpath in a workspace."""
    lines = [
        "👋 *careerpath* coaches people on becoming and growing as a Care Manager: "
        f"{step_count} steps, skills, pay, certifications, CE hours and renewal reminders.",
        "🚀 To start, anyone can type `/careerpath next` (or open careerpath's Home tab).",
        "👥 To run a cohort programme, an organisation runs `/careerpath cohort create <name>` "
        "in a team channel (after `/invite @careerpath`); members join with "
        "`/careerpath cohort join`.",
    ]
    return Reply("careerpath is installed: try /careerpath next", [section("\n".join(lines))])


def home_view(cat: Catalog, data: HomeData) -> dict[str, Any]:
    """The App Home tab: a personal dashboard, ≤ 100 blocks whatever the data; a welcome
    instead until the person has recorded anything."""
    if data.fresh:
        return {"type": "home", "blocks": [b.to_dict() for b in welcome_blocks(cat)]}
    blocks: list[Block] = [
        header("🧭 Your path to Care Manager"),
        section(_progress_line(data.done, cat.step_count)),
    ]
    if data.next_step is not None:
        step = cat.step(data.next_step)
        assert step is not None
        blocks.append(
            section(f"*Next: step {step.number} — {esc(step.title)}*\n{esc(step.summary)}")
        )
        blocks.append(
            ActionsBlock(
                block_id="home_next",
                elements=[
                    button("Mark done", "step_done", str(step.number), style="primary"),
                    button("Details", "step_details", str(step.number)),
                ],
            )
        )
    else:
        blocks.append(section("🎉 Every step is done. Keep your certifications current below."))
    blocks.append(DividerBlock())
    blocks.append(header("🎓 Certifications"))
    if data.held:
        blocks.append(section(held_lines(data.held[:10])))
        if len(data.held) > 10:
            blocks.append(context(f"…and {len(data.held) - 10} more: `/careerpath certs`"))
        blocks.append(context(f"⚠️ {CHECK}"))
    else:
        blocks.append(section("None recorded yet. Add one to get renewal and CE reminders."))
    blocks.append(
        ActionsBlock(
            block_id="home_certs",
            elements=[
                button("Add or renew a certification", "open_cert_modal", ""),
                button("Log CE hours", "open_ce_modal", ""),
                *(
                    [button("Add renewals to my calendar", "calendar_send", "")]
                    if data.held
                    else []
                ),
            ],
        )
    )
    blocks.append(DividerBlock())
    blocks.append(header("🔔 Reminders"))
    lines = [f"*{'On' if data.reminders_on else 'Off'}* · {esc(data.window)}"]
    now = dt.datetime.now(dt.UTC)
    if data.snooze_until is not None and data.snooze_until > now:
        lines.append(f"Snoozed until {slack_date(data.snooze_until)}")
    if data.vacation_until is not None and data.vacation_until >= data.today:
        lines.append(f"On vacation until {slack_date(data.vacation_until)}")
    if data.paused:
        lines.append(f"⚠️ Paused: Slack refused a delivery ({esc(data.paused)})")
    blocks.append(section("\n".join(lines)))
    blocks.append(
        ActionsBlock(
            block_id="home_remind",
            elements=[
                button("Edit", "open_remind_modal", ""),
            ],
        )
    )
    if data.mentees:
        blocks.append(DividerBlock())
        blocks.append(header(f"🧑‍🏫 Mentees ({len(data.mentees)})"))
        lines = [_learner_line(cat, m, data.today) for m in data.mentees[:15]]
        for chunk in _chunks(lines, 3000)[:5]:
            blocks.append(section(chunk))
        if len(data.mentees) > 15:
            blocks.append(context(f"…and {len(data.mentees) - 15} more: `/careerpath mentees`"))
    if data.cohorts or data.mentors:
        blocks.append(DividerBlock())
        bits = []
        if data.cohorts:
            bits.append("👥 Cohorts: " + ", ".join(f"*{esc(c)}*" for c in data.cohorts[:10]))
        if data.mentors:
            bits.append("🤝 Mentored by " + ", ".join(f"<@{m}>" for m in data.mentors[:10]))
        blocks.append(section("\n".join(bits)))
    if data.owned_cohorts:
        blocks.append(section("📈 *Programme reports* of the cohorts you run: a CSV and a chart."))
        buttons = [
            button(f"Report: {name}", f"cohort_report_{i}", str(cid))
            for i, (cid, name) in enumerate(data.owned_cohorts[:5])
        ]
        blocks.append(ActionsBlock(block_id="home_reports", elements=buttons))
    blocks = blocks[:MAX_HOME_BLOCKS]
    return {"type": "home", "blocks": [b.to_dict() for b in blocks]}


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": clip(text, 75)}, "value": value}


def _input(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool = False,
    hint: str | None = None,
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _modal(
    callback_id: str, title: str, submit: str, blocks: list[dict[str, Any]], metadata: str = ""
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": clip(title, MAX_MODAL_TITLE)},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": metadata,
        "blocks": blocks,
    }


def ce_modal(
    cat: Catalog, held: Sequence[str], today: dt.date, code: str | None = None, title: str = ""
) -> dict[str, Any]:
    """The Log CE modal; `title` prefills the course field (the "Log as CE" shortcut)."""
    codes = list(held) or [c.code for c in cat.certifications.certifications]
    options = [_option(c, c) for c in codes][:100]
    select: dict[str, Any] = {
        "type": "static_select",
        "action_id": "cert_select",
        "placeholder": {"type": "plain_text", "text": "Any certification"},
        "options": options,
    }
    if code in codes:
        select["initial_option"] = _option(code, code)
    return _modal(
        "ce_log",
        "Log CE hours",
        "Log",
        [
            _input(
                "hours",
                "Hours",
                {
                    "type": "number_input",
                    "action_id": "hours_input",
                    "is_decimal_allowed": True,
                    "min_value": "0.25",
                    "max_value": "100",
                },
            ),
            _input(
                "title",
                "Course or activity",
                {
                    "type": "plain_text_input",
                    "action_id": "title_input",
                    "max_length": CE_TITLE_MAX,
                    **({"initial_value": title[:CE_TITLE_MAX]} if title else {}),
                },
            ),
            _input(
                "cert",
                "Counts toward",
                select,
                optional=True,
                hint="Leave empty to count it toward every certification whose cycle it falls in.",
            ),
            _input(
                "ethics",
                "Ethics",
                {
                    "type": "checkboxes",
                    "action_id": "ethics_input",
                    "options": [_option("These are ethics hours", "ethics")],
                },
                optional=True,
            ),
            _input(
                "taken_on",
                "Date",
                {
                    "type": "datepicker",
                    "action_id": "date_input",
                    "initial_date": today.isoformat(),
                },
            ),
        ],
    )


def cert_modal(cat: Catalog, today: dt.date, code: str | None = None) -> dict[str, Any]:
    options = [_option(f"{c.code} — {c.name}", c.code) for c in cat.certifications.certifications]
    select: dict[str, Any] = {
        "type": "static_select",
        "action_id": "cert_select",
        "options": options[:100],
    }
    cert = cat.certification(code) if code else None
    if cert is not None:
        select["initial_option"] = _option(f"{cert.code} — {cert.name}", cert.code)
    return _modal(
        "cert_add",
        "Add a certification",
        "Save",
        [
            _input("cert", "Certification", select),
            _input(
                "since",
                "Earned or last renewed on",
                {
                    "type": "datepicker",
                    "action_id": "date_input",
                    "initial_date": today.isoformat(),
                },
                optional=True,
            ),
            _input(
                "valid_through",
                "Valid through (printed on the certificate)",
                {"type": "datepicker", "action_id": "date_input"},
                optional=True,
                hint="If you give it, it is used as the end of your cycle for reminders.",
            ),
        ],
    )


def remind_modal(minute: int | None, days: int, tz_override: str | None) -> dict[str, Any]:
    day_options = [_option(name, str(i)) for i, name in enumerate(DAY_NAMES_LONG)]
    chosen = [o for i, o in enumerate(day_options) if days & (1 << i)]
    checkboxes: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": "days_input",
        "options": day_options,
    }
    if chosen:
        checkboxes["initial_options"] = chosen
    start = 9 * 60 if minute is None else minute
    tz: dict[str, Any] = {
        "type": "external_select",
        "action_id": "tz_input",
        "min_query_length": 0,
        "placeholder": {"type": "plain_text", "text": "Type a city, e.g. London"},
    }
    if tz_override:
        tz["initial_option"] = zone_option(tz_override, tz_override)
    return _modal(
        "remind_settings",
        "Reminder settings",
        "Save",
        [
            _input(
                "time",
                "Reminders from",
                {
                    "type": "timepicker",
                    "action_id": "time_input",
                    "initial_time": f"{start // 60:02d}:{start % 60:02d}",
                },
            ),
            _input("days", "On these days", checkboxes),
            _input(
                "tz",
                "Timezone",
                tz,
                optional=True,
                hint="Type to search; leave empty to follow your Slack profile.",
            ),
        ],
    )


def reminder_buttons(codes: Sequence[str]) -> ActionsBlock:
    first = codes[0] if codes else ""
    elements = [
        button("Snooze 7 days", "remind_snooze", "7"),
        button("Log CE hours", "open_ce_modal", first),
    ]
    if codes:
        elements.append(button("I renewed", "open_cert_modal", first))
    return ActionsBlock(block_id="reminder", elements=elements)


def forget_confirm() -> Reply:
    return Reply(
        "Delete all your careerpath data?",
        [
            section(
                "🗑️ *Delete all your careerpath data?* Your progress, certifications, CE "
                "hours, reminder history, mentorships and cohort memberships are removed for "
                "good. `/careerpath export` first if you want a copy."
            ),
            ActionsBlock(
                block_id="forget",
                elements=[
                    button("Delete my data", "forget_confirm", "yes", style="danger"),
                    button("Cancel", "forget_cancel", "no"),
                ],
            ),
        ],
    )
