"""The guide as reference: skills, pay, the ladder, specialisations, questions (`faq` and bare
questions), and one certification in full."""

from __future__ import annotations

from bot.catalog import Catalog
from bot.commands import Command, no_words, quote, subcommand, topic
from bot.deps import Deps
from bot.features.common import Who
from bot.services.search_text import words
from bot.views import answers as answer_views
from bot.views.blocks import Reply, notice
from bot.views.reference import (
    faq_reply,
    faq_topic_reply,
    ladder_reply,
    not_found_reply,
    salary_reply,
    skills_reply,
    specialize_reply,
)

MAX_QUESTION = 500


@subcommand("skills", usage="skills [hard|soft|<skill>]", parse=topic, aliases=("skill",))
async def skills(deps: Deps, who: Who, name: str | None) -> Reply:
    """the skills a care manager needs"""
    reply = skills_reply(deps.catalog, name)
    if reply is None:
        names = ["hard", "soft", *(s.slug for s in deps.catalog.skills.essential)]
        return not_found_reply("skill", name or "", names, "skills")
    return reply


@subcommand(
    "salary",
    usage="salary [<level>]",
    parse=topic,
    aliases=("salaries", "pay", "wage", "wages"),
)
async def salary(deps: Deps, who: Who, level: str | None) -> Reply:
    """pay by level: entry, mid, senior, director, vp"""
    reply = salary_reply(deps.catalog, level)
    if reply is None:
        names = [b.slug for b in deps.catalog.salaries.bands]
        return not_found_reply("level", level or "", names, "salary")
    return reply


@subcommand("ladder", usage="ladder", parse=no_words, aliases=("career", "rungs"))
async def ladder(deps: Deps, who: Who, args: None) -> Reply:
    """the career ladder and how to climb each rung"""
    return ladder_reply(deps.catalog)


@subcommand(
    "specialize",
    usage="specialize [<area>]",
    parse=topic,
    aliases=(
        "specialise",
        "specialization",
        "specialisation",
        "specializations",
        "specialisations",
    ),
)
async def specialize(deps: Deps, who: Who, area: str | None) -> Reply:
    """specialisations: geriatric, pediatric, psychiatric, chronic disease"""
    reply = specialize_reply(deps.catalog, area)
    if reply is None:
        names = [s.slug for s in deps.catalog.specializations.specializations]
        return not_found_reply("specialisation", area or "", names, "specialize")
    return reply


def question(cmd: Command, cat: Catalog) -> str:
    """`faq <words>`: the question as free text, cut to MAX_QUESTION characters."""
    return cmd.text_from(0)[:MAX_QUESTION]


@subcommand("faq", usage="faq [<words>]", parse=question, aliases=("search", "ask", "question"))
async def faq(deps: Deps, who: Who, query: str) -> Reply:
    """ask anything; a plain question works too:
    `/careerpath how much do care managers earn?`"""
    if not query:
        return faq_reply(deps.catalog, query, [])
    found = faq_topic_reply(deps.catalog, " ".join(words(query)))
    if found is not None:
        return found
    return answer_views.answer_reply(deps.catalog, deps.index.ask(query))


def known_codes(cat: Catalog) -> str:
    """Every certification's code, for "known ones" lists."""
    return ", ".join(f"`{c.code}`" for c in cat.certifications.certifications)


def one_cert(deps: Deps, arg: str) -> Reply:
    """`certs <CODE>`: one credential in full; a body's code or a family ("ACM") lists its
    credentials."""
    named = deps.index.codes.find(arg)
    every = deps.catalog.certifications.certifications
    found = [c for c in every if c.code in named] or [c for c in every if c.body in named]
    if len(found) == 1:
        return answer_views.cert_reply(deps.catalog, found[0])
    if found:
        options = ", ".join(f"`/careerpath certs {c.code}`" for c in found)
        return notice(f"Which one? {options}.", "🎓")
    return notice(
        f"I don't know the certification “{quote(arg)}”. Known ones: {known_codes(deps.catalog)}."
    )
