"""Questions in learners' own words (tests/questions.py): the ranker's hit@1, honest "not
covered", and answers that show the fact asked for, through the real app."""

from __future__ import annotations

import pytest

from bot.catalog import Catalog
from bot.services.search import SearchIndex
from tests.questions import OUT_OF_SCOPE, QUESTIONS, accepted
from tests.utils import Harness, all_text, check_limits

# hit@1 measured on this set when it was written: 87/101 (86%); the floor leaves room for
# content edits, not for a worse ranker.
MIN_HIT_AT_1 = 0.82


def test_hit_at_1_on_learners_questions(catalog: Catalog) -> None:
    index = SearchIndex.from_catalog(catalog)
    rows = []
    for q in QUESTIONS:
        answer = index.ask(q.text)
        top = answer.hits[0].doc.id if answer.hits else "-"
        ok = answer.covered and accepted(top, q.accept)
        rows.append(f"{'ok ' if ok else 'MISS'} {q.text!r} -> {top} (want {', '.join(q.accept)})")
    hits = sum(r.startswith("ok") for r in rows)
    report = "\n".join(rows) + f"\nhit@1 {hits}/{len(QUESTIONS)} = {hits / len(QUESTIONS):.1%}"
    print(report)  # the per-question record, shown with `pytest -rP`
    assert len(QUESTIONS) >= 80
    assert hits / len(QUESTIONS) >= MIN_HIT_AT_1, report


def test_out_of_scope_questions_are_not_answered_confidently(catalog: Catalog) -> None:
    index = SearchIndex.from_catalog(catalog)
    answered = {t: index.ask(t).hits[0].doc.id for t in OUT_OF_SCOPE if index.ask(t).covered}
    assert answered == {}


@pytest.mark.parametrize("text", OUT_OF_SCOPE[:6])
async def test_not_covered_through_the_app(harness: Harness, text: str) -> None:
    reply = await harness.command(f"faq {text}")
    check_limits(reply)
    body = all_text(reply)
    assert "doesn't cover" in body and "`/careerpath faq`" in body


@pytest.mark.parametrize("q", [q for q in QUESTIONS if q.fact], ids=lambda q: q.text)
async def test_the_answer_shows_the_fact_asked_for(harness: Harness, q: object) -> None:
    text, fact = q.text, q.fact  # type: ignore[attr-defined]
    reply = await harness.command(f"faq {text}")
    check_limits(reply)
    blocks = reply["blocks"]
    assert blocks[0]["type"] == "header"
    # The fact is in the best answer itself, not only among the related entries.
    assert fact in blocks[1]["text"]["text"], (text, blocks[1]["text"]["text"])


async def test_best_answer_first_then_two_related(harness: Harness) -> None:
    reply = await harness.command("faq ccm renewal fee")
    blocks = reply["blocks"]
    assert "$285" in blocks[1]["text"]["text"] and "*" in blocks[1]["text"]["text"]
    related = next(b for b in blocks if b["type"] == "section" and "*Related*" in b["text"]["text"])
    assert related["text"]["text"].count("\n•") == 2


async def test_punctuation_and_case_do_not_matter(harness: Harness) -> None:
    plain = await harness.command("faq what does a care manager do")
    asked = await harness.command("faq What does a Care Manager do?!")
    assert all_text(plain) == all_text(asked)
    assert "Roles and responsibilities" in all_text(asked)


async def test_a_credential_code_ranks_its_own_material_first(harness: Harness) -> None:
    cmc = all_text(await harness.command("faq how often renew cmc"))
    assert cmc.splitlines()[0].startswith("CMC") and "three years" in cmc
    ccm = all_text(await harness.command("faq how much does the ccm exam cost"))
    assert "$195" in ccm.splitlines()[0] or "$195" in ccm.split("Related")[0]


async def test_echoed_text_cannot_ping_or_link(harness: Harness) -> None:
    reply = await harness.command("faq <!channel> pizza <https://x.example|click> &")
    text = all_text(reply)
    assert "<!channel>" not in text and "<https://" not in text
    assert "&lt;!channel&gt;" in text
