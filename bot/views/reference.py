"""Reference content from the guide: skills, pay, the ladder, specialisations, FAQ topics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from slack_sdk.models.blocks import Block

from bot.catalog import Catalog, SalaryBand
from bot.commands import echo
from bot.views.blocks import Reply, bullets, clip, context, esc, header, memo, money, section

T = TypeVar("T")


class FaqDoc(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def snippet(self) -> str: ...
    @property
    def more(self) -> str: ...


class FaqHit(Protocol):
    """A search hit as the FAQ list shows it: its entry's title, snippet and where more is."""

    @property
    def doc(self) -> FaqDoc: ...


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
    skill = match(arg, [(s, [s.slug, s.name, *s.keywords]) for s in sk.essential])
    if skill is None:
        return None
    blocks: list[Block] = [header(skill.name), section(esc(skill.summary))]
    if skill.how_to_build:
        blocks.append(section(f"*How to build it:* {esc(skill.how_to_build)}"))
    blocks.append(context(f"A {skill.kind} skill"))
    return Reply(f"{skill.name}: {skill.summary}", blocks)


def norm(s: str) -> str:
    return " ".join(s.lower().replace("-", " ").split())


def match(query: str | None, options: list[tuple[T, list[str]]]) -> T | None:
    """Exact (normalised) name match first, then a unique prefix or substring match."""
    if not query:
        return None
    q = norm(query)
    for item, names in options:
        if any(norm(n) == q for n in names):
            return item
    partial = [
        item for item, names in options if any(norm(n).startswith(q) or q in norm(n) for n in names)
    ]
    return partial[0] if len(partial) == 1 else None


def band_line(b: SalaryBand) -> str:
    top = money(b.high) + ("+" if b.open_ended else "")
    return f"*{esc(b.title)}* — {money(b.low)}–{top} a year · {esc(b.experience)}"


@memo
def salary_reply(cat: Catalog, arg: str | None) -> Reply | None:
    sal = cat.salaries
    if arg:
        band = match(arg, [(b, [b.slug, b.title, *b.aliases]) for b in sal.bands])
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


@memo
def specialize_reply(cat: Catalog, arg: str | None) -> Reply | None:
    sp = cat.specializations
    if arg:
        area = match(arg, [(s, [s.slug, s.title, *s.aliases]) for s in sp.specializations])
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


def faq_reply(cat: Catalog, query: str, hits: Sequence[FaqHit]) -> Reply:
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
    t = norm(topic)
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
