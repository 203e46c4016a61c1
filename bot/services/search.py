"""Ranked keyword search over every piece of content (for `faq <words>`).

A small BM25 over documents built once from the catalog: titles and keywords weigh more than
body text, words are folded to a crude stem so "certifications" finds "certification".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from bot.catalog import Catalog

_WORD = re.compile(r"[a-z0-9]+")
STOP = frozenset(
    (
        "a an and are as at be by can do does for from how i in is it my of on or the to what "
        "when where which who why will with you your me about should there this that get"
    ).split()
)
K1 = 1.4
B = 0.6


def stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "s", "ed", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def terms(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP]


@dataclass(frozen=True)
class Doc:
    """One answerable piece of content: what it is, its text, and the command that shows more."""

    kind: str
    title: str
    snippet: str
    more: str
    weighted: str = ""
    body: str = ""


@dataclass(frozen=True)
class Hit:
    doc: Doc
    score: float


def documents(cat: Catalog) -> list[Doc]:
    docs: list[Doc] = []
    for f in cat.faq.faqs:
        docs.append(Doc("faq", f.question, f.answer, "faq", " ".join([f.question, *f.keywords])))
    for s in cat.steps.steps:
        docs.append(
            Doc(
                "step",
                f"Step {s.number}: {s.title}",
                s.summary,
                f"step {s.number}",
                " ".join([s.title, *s.keywords]),
                " ".join([*s.details, *s.checklist]),
            )
        )
    for k in cat.skills.essential:
        docs.append(
            Doc("skill", k.name, k.summary, f"skills {k.slug}", " ".join([k.name, *k.keywords]))
        )
    for b in cat.salaries.bands:
        docs.append(
            Doc(
                "salary",
                b.title,
                f"{b.summary} ({b.experience})",
                f"salary {b.slug}",
                " ".join([b.title, "salary pay earn", *b.aliases]),
            )
        )
    for r in cat.ladder.rungs:
        docs.append(
            Doc(
                "ladder",
                r.title,
                r.summary,
                "ladder",
                " ".join([r.title, "career ladder advance", *r.strategies]),
            )
        )
    for c in cat.certifications.certifications:
        docs.append(
            Doc(
                "cert",
                f"{c.code}: {c.name}",
                c.summary,
                "certs",
                " ".join(
                    [
                        c.code,
                        c.name,
                        c.body,
                        c.body_name,
                        "certification renew",
                        c.eligibility,
                        *c.notes,
                    ]
                ),
            )
        )
    for p in cat.specializations.specializations:
        docs.append(
            Doc(
                "specialization",
                p.title,
                p.summary,
                f"specialize {p.slug}",
                " ".join([p.title, "specialize", *p.aliases, *p.details]),
            )
        )
    for r2 in cat.responsibilities.responsibilities:
        docs.append(
            Doc(
                "responsibility",
                r2.title,
                r2.summary,
                "faq responsibilities",
                f"{r2.title} responsibility duty",
            )
        )
    for o in cat.organizations.organizations:
        docs.append(
            Doc(
                "organization",
                f"{o.code}: {o.name}",
                o.summary,
                "faq organizations",
                f"{o.code} {o.name} organization association join",
            )
        )
    for e in cat.environment.sections:
        docs.append(
            Doc(
                "environment",
                e.title,
                e.summary,
                "faq work environment",
                f"{e.title} work environment workplace",
            )
        )
    return docs


class SearchIndex:
    """BM25 over title/keyword terms (counted three times) and body terms."""

    def __init__(self, docs: list[Doc]) -> None:
        self.docs = docs
        self._tf: list[Counter[str]] = []
        for d in docs:
            tf: Counter[str] = Counter(terms(d.snippet + " " + d.body))
            for t in terms(d.title + " " + d.weighted):
                tf[t] += 3
            self._tf.append(tf)
        self._len = [sum(tf.values()) for tf in self._tf]
        self._avg = sum(self._len) / max(len(self._len), 1)
        df: Counter[str] = Counter()
        for tf in self._tf:
            df.update(tf.keys())
        n = len(docs)
        self._idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}

    @classmethod
    def from_catalog(cls, cat: Catalog) -> SearchIndex:
        return cls(documents(cat))

    def search(self, query: str, limit: int = 3) -> list[Hit]:
        q = list(dict.fromkeys(terms(query)))[:20]
        if not q:
            return []
        hits: list[Hit] = []
        for doc, tf, length in zip(self.docs, self._tf, self._len, strict=True):
            score = 0.0
            for t in q:
                f = tf.get(t)
                if f:
                    score += (
                        self._idf[t] * f * (K1 + 1) / (f + K1 * (1 - B + B * length / self._avg))
                    )
            if score > 0:
                hits.append(Hit(doc, score))
        hits.sort(key=lambda h: (-h.score, h.doc.kind != "faq"))
        return hits[:limit]
