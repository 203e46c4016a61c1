"""Replies to questions (`faq <words>` and bare questions) and one credential in full.

The best answer comes first and shows the sentence that carries the fact asked for (the fee,
the period, the rule); the next two are marked as related. When nothing answers the question
well enough, the reply says so instead of answering a different question.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from slack_sdk.models.blocks import Block, DividerBlock

from bot.catalog import FIELD_LABELS, Catalog, Certification
from bot.commands import echo
from bot.views.blocks import Reply, clip, context, esc, header, section
from bot.views.reference import faq_topic_reply


class Doc(Protocol):
    """An answerable entry of the search index, as the reply shows it."""

    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def more(self) -> str: ...
    @property
    def lead(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def verified_on(self) -> str: ...


class Hit(Protocol):
    """An entry found for a question, with the sentences that carry the answer."""

    @property
    def doc(self) -> Doc: ...
    @property
    def score(self) -> float: ...
    @property
    def sentences(self) -> tuple[str, ...]: ...


class Answer(Protocol):
    """The ranked hits for a question; `best` is None when nothing answers it well enough."""

    @property
    def query(self) -> str: ...
    @property
    def hits(self) -> Sequence[Hit]: ...
    @property
    def best(self) -> Hit | None: ...


SHORT = 700  # an entry this short is shown whole, its key sentence in bold
RELATED = 2
TOPICS = (
    "the 10 steps to becoming a Care Manager (education, experience, jobs), the skills, pay by "
    "level, the career ladder, certifications and their renewal rules, specialisations, "
    "professional organisations and where Care Managers work"
)
CHECK = "Rules and fees change: check with the certifying body."


def _body(hit: Hit) -> str:
    """The entry's text with the sentence that answers the question in bold (or, for a long
    entry, just the sentences that do)."""
    doc = hit.doc
    key = hit.sentences[0] if hit.sentences else ""
    sentences = list(hit.sentences)
    lead = f"*{esc(doc.lead)}*\n" if doc.lead else ""
    if len(doc.text) <= SHORT:
        ordered = [s for s in _in_order(doc.text, sentences)]
        parts = [f"*{esc(s)}*" if s == key and not doc.lead else esc(s) for s in ordered]
        return lead + " ".join(parts)
    chosen = set(sentences[:2])
    picked = [s for s in _in_order(doc.text, sentences) if s in chosen]
    return lead + " ".join(f"*{esc(s)}*" if s == key else esc(s) for s in picked) + " …"


def _in_order(text: str, sentences: Sequence[str]) -> list[str]:
    return sorted(sentences, key=lambda s: text.find(s))


def _more(hit: Hit) -> str:
    doc = hit.doc
    line = f"More: `/careerpath {esc(doc.more)}`"
    if doc.kind == "cert":
        line += f" · Source: {esc(doc.source)} · checked {doc.verified_on} · {CHECK}"
    return line


def _line(hit: Hit) -> str:
    key = hit.doc.lead or (hit.sentences[0] if hit.sentences else hit.doc.text)
    return f"• *{esc(hit.doc.title)}* — {esc(clip(key, 200))} `/careerpath {esc(hit.doc.more)}`"


def answer_reply(cat: Catalog, answer: Answer) -> Reply:
    """The best answer in full, then up to two related entries; or an honest "not covered"."""
    best = answer.best
    if best is None:
        return not_covered_reply(answer.query)
    if best.doc.kind == "topic":
        topic = faq_topic_reply(cat, best.doc.more.removeprefix("faq "))
        if topic is not None:
            return topic
    blocks: list[Block] = [
        header(f"💡 {best.doc.title}"),
        section(_body(best)),
        context(_more(best)),
    ]
    floor = best.score * 0.25
    related = [h for h in answer.hits[1 : 1 + RELATED] if h.score >= floor]
    if related:
        blocks.append(DividerBlock())
        blocks.append(section("*Related*\n" + "\n".join(_line(h) for h in related)))
    key = best.doc.lead or (best.sentences[0] if best.sentences else best.doc.text)
    return Reply(f"{esc(best.doc.title)}: {esc(clip(key, 300))}", blocks)


def not_covered_reply(query: str) -> Reply:
    said = esc(echo(query))
    return Reply(
        f"The guide doesn't cover '{said}'.",
        [
            section(
                f"🤷 The guide careerpath is built on doesn't cover “{said}”, so I won't guess."
            ),
            section(f"I can answer questions about {TOPICS}."),
            context(
                "`/careerpath faq` lists common questions · `/careerpath help` lists "
                "everything I can do"
            ),
        ],
    )


def _facts(cert: Certification, field: str) -> list[str]:
    return [f.text for f in cert.facts if f.field == field]


def cert_reply(cat: Catalog, cert: Certification) -> Reply:
    """One credential in full: who offers it, eligibility, exam, renewal, CE, late rules,
    fees, and where each fact comes from."""
    missing = f"Not confirmed here – check with {esc(cert.body)}."

    def part(title: str, lines: Sequence[str]) -> Block:
        text = " ".join(esc(x) for x in lines) if lines else missing
        return section(f"*{title}*\n{text}")

    renewal = []
    if cert.cycle_years:
        end = (
            "the last day of the month it falls in"
            if cert.cycle_end == "end_of_month"
            else "the same date"
        )
        renewal.append(
            f"Every {cert.cycle_years} years; the cycle ends {end}, or on the "
            "valid-through date printed on your certificate."
        )
    ce = []
    if cert.ce_hours:
        ethics = f", {cert.ethics_hours:g} of them in ethics" if cert.ethics_hours else ""
        ce.append(f"{cert.ce_hours:g} CE hours per cycle{ethics}.")
    if cert.late_window_days:
        late_window = [
            f"Late renewal is possible up to {cert.late_window_days} days after the cycle ends."
        ]
    else:
        late_window = []
    blocks: list[Block] = [
        header(f"🎓 {cert.code} — {cert.name}"),
        section(f"*Offered by* {esc(cert.body_name)} ({esc(cert.body)})\n{esc(cert.summary)}"),
        part(
            FIELD_LABELS["eligibility"].capitalize(),
            [cert.eligibility, *_facts(cert, "eligibility")],
        ),
        part("Exam", _facts(cert, "exam")),
        part("Renewal", _facts(cert, "renewal") or renewal),
        part(FIELD_LABELS["ce"], _facts(cert, "ce") or ce),
        part("Late renewal and extensions", _facts(cert, "late") or late_window),
        part("Fees", _facts(cert, "fees")),
    ]
    if cert.notes:
        blocks.append(section("*Notes*\n" + "\n".join(f"• {esc(n)}" for n in cert.notes)))
    sources = {(cert.source, cert.verified_on.isoformat())}
    sources |= {
        (f.source, f.verified_on.isoformat()) for f in cert.facts if f.source and f.verified_on
    }
    lines = " · ".join(f"{esc(s)} (checked {d})" for s, d in sorted(sources))
    blocks.append(context(f"Sources: {lines} · verified_on {cert.verified_on.isoformat()}"))
    blocks.append(context(f"⚠️ {esc(cat.certifications.disclaimer)}"))
    blocks.append(
        context(
            f"Hold it? `/careerpath cert add {cert.code} YYYY-MM-DD` (earned or renewed on), "
            f"or `/careerpath cert add {cert.code} until YYYY-MM-DD` (the valid-through date)."
        )
    )
    return Reply(f"{cert.code}: {cert.name}, {cert.body}", blocks)
