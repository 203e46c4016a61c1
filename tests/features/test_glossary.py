"""`/careerpath glossary [<term>]`: through the signed app, and the glossary itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.features.glossary import find_term
from bot.views.glossary import BLOCK_TERM, BLOCK_TERMS
from tests.utils import Harness, all_text, check_limits

GUIDE = Path(__file__).parents[3] / "shared" / "seed" / "care-manager-guide.txt"
TERMS = (
    "care-plan care-coordination case-management CE-hours CCM CMC ACM CMSA NACCM CCMC advocacy "
    "care-transitions psychosocial-assessment"
).split()


def _block_ids(reply: dict[str, object]) -> list[object]:
    blocks = reply.get("blocks")
    assert isinstance(blocks, list)
    return [b.get("block_id") for b in blocks if isinstance(b, dict)]


async def test_glossary_lists_every_term(harness: Harness, catalog: Catalog) -> None:
    reply = await harness.command("glossary")
    check_limits(reply)
    assert BLOCK_TERMS in _block_ids(reply)
    text = all_text(reply)
    assert all(t.term in text for t in catalog.glossary.terms)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("glossary care plan", "Care plan"),
        ("glossary CE", "CE / CE hours"),
        ("glossary continuing education", "CE / CE hours"),
        ("glossary care-transitions", "Care transitions"),
        ("glossary Psychosocial Assessment", "Psychosocial assessment"),
        ("glossary ccmc", "CCMC"),
    ],
)
async def test_glossary_explains_one_term(harness: Harness, text: str, term: str) -> None:
    reply = await harness.command(text)
    check_limits(reply)
    assert BLOCK_TERM in _block_ids(reply)
    assert reply["blocks"][0]["text"]["text"] == f"📖 {term}"
    assert "closest" not in all_text(reply)


async def test_glossary_forgives_a_typo(harness: Harness) -> None:
    reply = await harness.command("glossary care cordination")
    assert reply["blocks"][0]["text"]["text"] == "📖 Care coordination"
    assert "You asked for “care cordination”: showing the closest term." in all_text(reply)


async def test_an_unknown_term_lists_the_known_ones(harness: Harness, catalog: Catalog) -> None:
    reply = await harness.command("glossary <@U2|sam> telemetry")
    check_limits(reply)
    text = all_text(reply)
    assert "no entry for “@sam telemetry”" in text
    assert all(f"`{t.term}`" in text for t in catalog.glossary.terms)
    assert "<@U2" not in text


def test_the_guide_terms_are_there(catalog: Catalog) -> None:
    terms = catalog.glossary.terms
    for asked in TERMS:
        found, near = find_term(terms, asked)
        assert found is not None and not near, asked
    assert find_term(terms, "psychosocal") == (find_term(terms, "psychosocial")[0], True)
    assert find_term(terms, "zebra") == (None, False)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


@pytest.mark.skipif(not GUIDE.is_file(), reason="the guide is not next to this checkout")
def test_meanings_are_in_our_own_words(catalog: Catalog) -> None:
    """No run of 8 words is copied from the guide."""
    guide = _words(GUIDE.read_text(encoding="utf-8"))
    runs = {tuple(guide[i : i + 8]) for i in range(len(guide) - 7)}
    for term in catalog.glossary.terms:
        words = _words(term.meaning)
        copied = [" ".join(words[i : i + 8]) for i in range(len(words) - 7)]
        assert not [c for c in copied if tuple(c.split()) in runs], term.slug
