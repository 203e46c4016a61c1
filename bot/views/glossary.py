"""Replies to `/careerpath glossary [<term>]`: the list of terms, one term, or not found."""

from __future__ import annotations

from collections.abc import Sequence

from bot.catalog import GlossaryTerm
from bot.commands import quote
from bot.views.blocks import Reply, clip, context, esc, header, section

LINE = 110  # characters of each meaning in the list: 18 terms fit one section

BLOCK_TERMS = "glossary_terms"
BLOCK_TERM = "glossary_term"


def _names(terms: Sequence[GlossaryTerm]) -> str:
    return ", ".join(f"`{esc(t.term)}`" for t in terms)


def glossary_list_reply(terms: Sequence[GlossaryTerm]) -> Reply:
    """Every term with its meaning's first sentence."""
    lines = "\n".join(f"• *{esc(t.term)}* — {esc(clip(t.meaning, LINE))}" for t in terms)
    return Reply(
        f"Glossary: {len(terms)} care-management terms.",
        [
            header("📖 Care-management glossary"),
            section(lines or "No terms yet.", block_id=BLOCK_TERMS),
            context("`/careerpath glossary <term>` explains one, like `/careerpath glossary CCM`"),
        ],
    )


def glossary_term_reply(term: GlossaryTerm, *, asked: str | None = None) -> Reply:
    """One term in full; `asked` is what was typed when it was a near miss."""
    blocks = [header(f"📖 {term.term}"), section(esc(term.meaning), block_id=BLOCK_TERM)]
    notes = []
    if asked is not None:
        notes.append(f"You asked for “{quote(asked)}”: showing the closest term.")
    if term.more:
        notes.append(f"More: `/careerpath {esc(term.more)}`")
    if notes:
        blocks.append(context(" · ".join(notes)))
    return Reply(f"{esc(term.term)}: {esc(term.meaning)}", blocks)


def glossary_unknown_reply(asked: str, terms: Sequence[GlossaryTerm]) -> Reply:
    """A term the glossary doesn't have, and the ones it does."""
    said = quote(asked)
    return Reply(
        f"The glossary has no entry for '{said}'.",
        [
            section(f"🤔 The glossary has no entry for “{said}”. It explains: {_names(terms)}."),
            context("`/careerpath glossary` lists them with a line each"),
        ],
    )
