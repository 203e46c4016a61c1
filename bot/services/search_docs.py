"""The answerable entries built once from the catalog: every step, skill, band, rung,
specialisation, FAQ, organisation and each part of a credential."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from bot.catalog import FIELD_LABELS, Catalog, Certification
from bot.services.search_text import Codes, split_sentences

# How much a match in each part of an entry counts.
W_TITLE, W_ASKED, W_KEYWORDS, W_BODY = 3.0, 2.5, 2.0, 1.0


# Words a question about each part of a credential uses (the concept map adds synonyms).
FIELD_WORDS = {
    "about": "what is credential overview",
    "eligibility": "eligibility requirements qualify apply",
    "exam": "exam when where format",
    "renewal": "renew renewal cycle every years",
    "ce": "continuing education ce hours ethics count",
    "fees": "fee cost price",
    "late": "late lapse expired missed deadline extension",
}


@dataclass(frozen=True)
class Doc:
    """One answerable entry: its id, what the reply shows, and the command that shows more."""

    id: str
    kind: str
    title: str
    text: str
    more: str
    lead: str = ""
    parts: tuple[tuple[str, float], ...] = ()
    codes: frozenset[str] = frozenset()
    mentions: frozenset[str] = frozenset()
    source: str = ""
    verified_on: str = ""


def _cert_docs(c: Certification) -> list[Doc]:
    """A credential as one entry per part (what it is, eligibility, exam, renewal, CE, fees,
    late rules), so a question about the fee is answered by the fee."""
    by_field: dict[str, list[str]] = defaultdict(list)
    asked: dict[str, list[str]] = defaultdict(list)
    dated: dict[str, tuple[str, str]] = {}
    by_field["about"].append(f"The {c.code} ({c.name}) is awarded by {c.body_name} ({c.body}).")
    by_field["about"].append(c.summary)
    by_field["eligibility"].append(c.eligibility)
    if c.cycle_years:
        cycle = f"The {c.code} runs on a {c.cycle_years}-year cycle."
        by_field["renewal"].append(cycle)
    if c.ce_hours:
        ethics = f", {c.ethics_hours:g} of them in ethics" if c.ethics_hours else ""
        by_field["ce"].append(f"{c.ce_hours:g} CE hours per cycle{ethics}.")
    for note in c.notes:
        by_field["about"].append(note)
    for f in c.facts:
        by_field[f.field].append(f.text)
        asked[f.field] += f.asked_as
        if f.source and f.verified_on:
            dated[f.field] = (f.source, f.verified_on.isoformat())
    priced = [
        s
        for name, texts in by_field.items()
        if name != "fees"
        for t in texts
        for s in split_sentences(t)
    ]
    by_field["fees"] += [s for s in priced if "$" in s and s not in by_field["fees"]]
    if not by_field["fees"]:
        del by_field["fees"]
    docs = []
    for name, texts in by_field.items():
        if name == "renewal" and len(texts) > 1:
            texts = texts[1:]  # the facts say it in full
        if name == "ce" and len(texts) > 1:
            texts = texts[1:]
        source, verified = dated.get(name, (c.source, c.verified_on.isoformat()))
        title = f"{c.code}: {FIELD_LABELS[name]}"
        docs.append(
            Doc(
                id=f"cert:{c.code}#{name}",
                kind="cert",
                title=title,
                text=" ".join(texts),
                more=f"certs {c.code}",
                parts=(
                    (f"{c.code} {c.name} {FIELD_LABELS[name]}", W_TITLE),
                    (" ".join(asked[name]), W_ASKED),
                    (FIELD_WORDS[name], W_KEYWORDS),
                    (f"{c.body} {c.body_name} " + " ".join(texts), W_BODY),
                ),
                codes=frozenset({c.code}),
                mentions=frozenset({c.body}),
                source=source,
                verified_on=verified,
            )
        )
    return docs


def documents(cat: Catalog) -> list[Doc]:
    """Every answerable entry of the track."""
    docs: list[Doc] = []

    def add(
        id: str,
        kind: str,
        title: str,
        text: str,
        more: str,
        *,
        asked: Iterable[str] = (),
        keywords: Iterable[str] = (),
        extra: str = "",
        lead: str = "",
    ) -> None:
        docs.append(
            Doc(
                id=id,
                kind=kind,
                title=title,
                text=text,
                more=more,
                lead=lead,
                parts=(
                    (title, W_TITLE),
                    (" . ".join(asked), W_ASKED),
                    (" . ".join(keywords), W_KEYWORDS),
                    (" ".join(x for x in (lead, text, extra) if x), W_BODY),
                ),
            )
        )

    for i, f in enumerate(cat.faq.faqs):
        add(
            f"faq:{f.slug or i + 1}",
            "faq",
            f.question,
            f.answer,
            "faq",
            asked=f.asked_as,
            keywords=f.keywords,
        )
    for s in cat.steps.steps:
        add(
            f"step:{s.number}",
            "step",
            f"Step {s.number}: {s.title}",
            " ".join([s.summary, *s.details]),
            f"step {s.number}",
            asked=s.asked_as,
            keywords=s.keywords,
            extra=" ".join(s.checklist),
        )
    sk = cat.skills
    for kind in ("hard", "soft"):
        part = sk.hard if kind == "hard" else sk.soft
        add(
            f"skills:{kind}",
            "skills",
            f"{kind.capitalize()} skills",
            part.summary + " Examples: " + "; ".join(part.examples) + ".",
            f"skills {kind}",
            keywords=[f"{kind} skills"],
        )
    for k in sk.essential:
        add(
            f"skill:{k.slug}",
            "skill",
            k.name,
            " ".join(x for x in (k.summary, k.how_to_build) if x),
            f"skills {k.slug}",
            asked=k.asked_as,
            keywords=[*k.keywords, "skill"],
        )
    for b in cat.salaries.bands:
        top = f"${b.high:,}" + ("+" if b.open_ended else "")
        add(
            f"salary:{b.slug}",
            "salary",
            f"{b.title} pay",
            b.summary,
            f"salary {b.slug}",
            asked=b.asked_as,
            keywords=[*b.aliases, "salary"],
            lead=f"${b.low:,}–{top} a year ({b.experience}), the guide's range.",
        )
    for r in cat.ladder.rungs:
        add(
            f"ladder:{r.slug}",
            "ladder",
            r.title,
            " ".join([r.summary, *r.strategies]),
            "ladder",
            asked=r.asked_as,
            keywords=["career ladder"],
        )
    for c in cat.certifications.certifications:
        docs.extend(_cert_docs(c))
    for p in cat.specializations.specializations:
        add(
            f"spec:{p.slug}",
            "specialization",
            p.title,
            " ".join([p.summary, *p.details]),
            f"specialize {p.slug}",
            asked=p.asked_as,
            keywords=[*p.aliases, "specialisation"],
        )
    for r2 in cat.responsibilities.responsibilities:
        add(
            f"resp:{r2.slug}",
            "responsibility",
            r2.title,
            r2.summary,
            "faq responsibilities",
            asked=r2.asked_as,
            keywords=["responsibility"],
        )
    for o in cat.organizations.organizations:
        docs.append(
            Doc(
                id=f"org:{o.code}",
                kind="organization",
                title=f"{o.code}: {o.name}",
                text=o.summary,
                more="faq organisations",
                parts=(
                    (o.code, W_TITLE),
                    (" . ".join(o.asked_as), W_ASKED),
                    # A body's name is not its topic: "Certification" in CCMC's name does not
                    # make it the answer to questions about certification.
                    (f"{o.name} {o.summary}", W_BODY),
                ),
                codes=frozenset({o.code}),
            )
        )
    for e in cat.environment.sections:
        add(
            f"env:{e.slug}",
            "environment",
            e.title,
            e.summary,
            "faq work environment",
            asked=e.asked_as,
            keywords=["work environment"],
        )
    intros = {
        "responsibilities": ("Roles and responsibilities", cat.responsibilities.intro),
        "organizations": ("Professional organisations", cat.organizations.intro),
        "environment": ("The work environment", cat.environment.intro),
    }
    for t in cat.concepts.topics:
        title, intro = intros[t.file]
        add(
            f"topic:{t.file}",
            "topic",
            title,
            intro,
            f"faq {t.names[0]}",
            asked=[*t.names, *t.asked_as],
        )
    return docs


def with_mentions(codes: Codes, doc: Doc) -> Doc:
    """`doc` with the codes its title and phrasings name (what it is about) and those its
    text names in passing."""
    if doc.kind in ("cert", "organization"):
        return doc
    about = codes.find(" ".join(t for t, w in doc.parts if w >= W_KEYWORDS))
    passing = codes.find(doc.text) - about
    return replace(doc, codes=about, mentions=passing)
