"""`/careerpath glossary [<term>]`: care-management terms in plain words (content/glossary.yaml).

A term is found by its name, slug or an alias, whatever the case or hyphens; a near miss
("care cordination", "psychosocal") finds the closest term. Anything else lists the terms.
"""

from __future__ import annotations

import difflib

from bot.catalog import Catalog, GlossaryTerm, glossary_key
from bot.commands import Command, subcommand
from bot.deps import Deps
from bot.features.common import Who
from bot.views import glossary as views
from bot.views.blocks import Reply

CUTOFF = 0.8  # how close a typo must be to a known name


def term_words(cmd: Command, cat: Catalog) -> str | None:
    """`glossary [<term>]`: the term as typed, or None for the whole list."""
    return cmd.text_from(0) or None


def find_term(terms: list[GlossaryTerm], asked: str) -> tuple[GlossaryTerm | None, bool]:
    """The term `asked` names, and whether it was found only as a near miss."""
    key = glossary_key(asked)
    by_name = {name: t for t in terms for name in t.names}
    if key in by_name:
        return by_name[key], False
    close = difflib.get_close_matches(key, list(by_name), n=1, cutoff=CUTOFF)
    return (by_name[close[0]], True) if close else (None, False)


@subcommand("glossary", usage="glossary [<term>]", parse=term_words)
async def glossary(deps: Deps, who: Who, asked: str | None) -> Reply:
    """care-management terms in plain words: care plan, CCM, CE hours…"""
    terms = deps.catalog.glossary.terms
    if asked is None:
        return views.glossary_list_reply(terms)
    term, near = find_term(terms, asked)
    if term is None:
        return views.glossary_unknown_reply(asked, terms)
    return views.glossary_term_reply(term, asked=asked if near else None)
