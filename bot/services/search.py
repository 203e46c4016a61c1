"""Answers to questions in a learner's own words, ranked over every piece of content.

Lexical and fast: BM25 over entries built once from the catalog, with
- a Snowball stemmer ("nurses" finds "nurse", "renewal" finds "renew");
- the content's concept map (concepts.yaml): "make", "earn" and "salary" are one idea, so are
  "old people", "elderly" and "geriatric"; a question's phrase becomes its concept;
- each entry's own "asked as" phrasings, weighted like its title;
- typo tolerance: an unknown word is read as the closest known word (edit distance 1, or 2
  for long words);
- punctuation-blind matching; credential codes (CCM, CMC, ACM…) in a question put that
  credential's material first.

`Answer.covered` says whether the best hit answers the question at all: the share of the
question's weight (idf) the hit matches, and its score, must both clear thresholds calibrated
on tests/questions.py (in-scope and out-of-scope questions). Below them the honest reply is
"the guide doesn't cover it".
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from bot.catalog import Catalog
from bot.services.search_docs import W_ASKED, Doc, documents, with_mentions
from bot.services.search_text import (
    _FIGURE,
    STOP,
    Analyzer,
    Codes,
    _distance,
    _edits1,
    _settle,
    fold,
    split_sentences,
    stem,
    words,
)

K1, B = 1.2, 0.5


# Calibrated on tests/questions.py: see bench/answers.py, which prints both distributions.
MIN_COVERAGE = 0.55


MIN_SCORE = 2.0


CODE_BOOST, MENTION_BOOST, OTHER_CODE = 1.6, 1.15, 0.45


# A question that contains an entry's own phrasing (its title or an "asked as" line).
PHRASE_BONUS = 6.0


_YEARS = re.compile(r"\b(\d{1,2})\s*\+?\s*(?:years?|yrs?)\b")


_RANGE = re.compile(r"\((\d+)\s*(?:[–-]\s*(\d+)|\+)\s*years?\)")


# Terms that ask for a figure (a sum, a number of hours or years): the sentence with the
# number answers them.
FIGURE_TERMS = frozenset({"~pay", "~cost", "~ce", "~renew", "mani", "long", "often", "hour"})


@dataclass(frozen=True)
class Hit:
    doc: Doc
    score: float
    coverage: float
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """The ranked hits for a question, and whether the best one answers it."""

    query: str
    hits: list[Hit]
    covered: bool
    codes: frozenset[str] = frozenset()
    terms: tuple[str, ...] = field(default=(), compare=False)

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.covered and self.hits else None


class SearchIndex:
    """BM25 with field weights over the catalog's entries, plus code boosts and a coverage
    measure for "not covered"."""

    def __init__(self, docs: list[Doc], cat: Catalog) -> None:
        self.analyzer = Analyzer(cat)
        self.codes = Codes(cat)
        self.docs = [with_mentions(self.codes, d) for d in docs]
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        lengths = []
        self._sentences: list[list[tuple[str, frozenset[str]]]] = []
        self._phrases: dict[tuple[str, ...], set[int]] = defaultdict(set)
        self._years: dict[int, tuple[int, int]] = {}
        vocab: Counter[str] = Counter()
        for i, d in enumerate(self.docs):
            tf: dict[str, float] = defaultdict(float)
            for text, weight in d.parts:
                for t in self.analyzer.doc_terms(text):
                    tf[t] += weight
                vocab.update(words(text))
                if weight >= W_ASKED:
                    for phrase in text.split(" . "):
                        key = tuple(stem(w) for w in words(phrase))
                        if len(key) >= 2:
                            self._phrases[key].add(i)
            for t, f in tf.items():
                self._postings[t].append((i, f))
            lengths.append(sum(tf.values()))
            self._sentences.append(
                [(s, frozenset(self.analyzer.doc_terms(s))) for s in split_sentences(d.text)]
            )
            span = _RANGE.search(d.lead) if d.lead else None
            if span:
                low = int(span.group(1))
                self._years[i] = (low, int(span.group(2)) if span.group(2) else 99)
        self._phrase_max = max((len(k) for k in self._phrases), default=0)
        self._len = lengths
        self._avg = sum(lengths) / max(len(lengths), 1)
        n = len(self.docs)
        self._idf = {
            t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self._postings.items()
        }
        self._idf_unknown = math.log(1 + (n + 0.5) / 0.5)
        for c in cat.concepts.concepts:
            for phrase in [*c.terms, *c.asked]:
                vocab.update(words(phrase))
        vocab.update(STOP)
        self._vocab = vocab
        self._deletes: dict[str, set[str]] = defaultdict(set)
        for w in vocab:
            if len(w) >= 4 and not w.isdigit():
                self._deletes[w].add(w)
                for d1 in _edits1(w):
                    self._deletes[d1].add(w)
                    if len(w) >= 7:
                        for d2 in _edits1(d1):
                            self._deletes[d2].add(w)

    @classmethod
    def from_catalog(cls, cat: Catalog) -> SearchIndex:
        return _index_for(cat)

    def correct(self, word: str) -> str:
        """`word`, or the closest known word if `word` is unknown: a typo keeps its first
        letter and is at most one edit away (two for words of 8 letters or more)."""
        if word in self._vocab or len(word) < 4 or not word.isalpha():
            return word
        if len(word) == 4:  # short words: only two swapped letters ("mcuh")
            swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(3)}
            known = sorted((-self._vocab[w], w) for w in swaps if w in self._vocab)
            return known[0][1] if known else word
        limit = 1 if len(word) < 8 else 2
        keys = {word} | _edits1(word)
        if limit == 2:
            keys |= {d2 for d1 in _edits1(word) for d2 in _edits1(d1)}
        candidates = {w for k in keys for w in self._deletes.get(k, ()) if w[0] == word[0]}
        best: tuple[int, int, str] | None = None
        for w in candidates:
            dist = _distance(word, w, limit)
            if dist <= limit:
                rank = (dist, -self._vocab[w], w)
                if best is None or rank < best:
                    best = rank
        return best[2] if best else word

    def ask(self, query: str, limit: int = 3) -> Answer:
        """The best `limit` entries for `query`, and whether the best answers it."""
        toks = words(query)[:40]
        fixed = [self.correct(t) for t in toks]
        groups = _settle(self.analyzer.query_terms(fixed)[:24])
        typos = set(groups) - set(_settle(self.analyzer.query_terms(toks)))
        codes = self.codes.find(query)
        if not groups:
            return Answer(query, [], False, codes)
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, set[tuple[str, ...]]] = defaultdict(set)
        for g in groups:
            best: dict[int, float] = {}
            for t in g:  # alternatives: the best-matching one counts
                idf = self._idf.get(t)
                if idf is None:
                    continue
                for i, f in self._postings[t]:
                    norm = K1 * (1 - B + B * self._len[i] / self._avg)
                    best[i] = max(best.get(i, 0.0), idf * f * (K1 + 1) / (f + norm))
            for i, value in best.items():
                scores[i] += value
                matched[i].add(g)
        # Unknown words weigh fully against coverage; known words the entry lacks, half.
        weight = {g: (0.8 if g in typos else 1.0) * self._group_idf(g) for g in groups}
        unmatched = {g: w * 0.5 if self._known(g) else w for g, w in weight.items()}
        phrase_cover: dict[int, float] = defaultdict(float)
        stems = [stem(t) for t in fixed]
        for n in range(min(self._phrase_max, len(stems)), 1, -1):
            for start in range(len(stems) - n + 1):
                for i in self._phrases.get(tuple(stems[start : start + n]), ()):
                    scores[i] += PHRASE_BONUS * n / len(stems)
                    if n >= 3 or n == len(stems):
                        phrase_cover[i] = max(phrase_cover[i], n / len(stems))
        years = _YEARS.search(fold(query))
        if years and self._years:
            n_years = int(years.group(1))
            year_groups = {g for g in groups if g[0] in (years.group(1), "year")}
            for i, (low, high) in self._years.items():
                if low <= n_years < high or (n_years == high == low):
                    scores[i] += PHRASE_BONUS
                    matched[i] |= year_groups
        ranked: list[tuple[float, float, int]] = []
        for i, s in scores.items():
            doc = self.docs[i]
            if codes:
                if doc.codes & codes:
                    s *= CODE_BOOST ** (len(doc.codes & codes) / len(doc.codes))
                elif doc.mentions & codes:
                    s *= MENTION_BOOST
                elif doc.codes:
                    s *= OTHER_CODE
            got = sum(weight[g] for g in matched[i])
            missed = sum(w for g, w in unmatched.items() if g not in matched[i])
            cover = max(got / (got + missed) if got else 0.0, phrase_cover.get(i, 0.0))
            ranked.append((s, cover, i))
        ranked.sort(key=lambda r: (-r[0], r[2]))
        terms = [t for g in groups for t in g]
        hits = [
            Hit(self.docs[i], s, cover, self._best_sentences(i, terms))
            for s, cover, i in ranked[:limit]
        ]
        covered = bool(hits) and hits[0].coverage >= MIN_COVERAGE and hits[0].score >= MIN_SCORE
        return Answer(query, hits, covered, codes, tuple(terms))

    def _known(self, group: tuple[str, ...]) -> bool:
        return any(t in self._idf for t in group)

    def _group_idf(self, group: tuple[str, ...]) -> float:
        return max(self._idf.get(t, self._idf_unknown) for t in group)

    def knows(self, word: str) -> bool:
        """Whether the content (or the concept map) uses `word`, as typed."""
        return fold(word) in self._vocab and fold(word) not in STOP

    def search(self, query: str, limit: int = 3) -> list[Hit]:
        return self.ask(query, limit).hits

    def _best_sentences(self, i: int, terms: list[str]) -> tuple[str, ...]:
        """The doc's sentences, those carrying the question's terms first (a figure breaks
        ties: "how much" and "how long" want the sentence with the number)."""
        wants_figure = bool(FIGURE_TERMS.intersection(terms))
        hits = [
            sum(self._idf.get(t, 0.0) for t in terms if t in sterms)
            for _, sterms in self._sentences[i]
        ]
        top = max(hits, default=0.0)
        scored = []
        for pos, ((sentence, _), hit) in enumerate(zip(self._sentences[i], hits, strict=True)):
            if _FIGURE.search(sentence) and (hit or wants_figure):
                hit += 0.5 + (0.75 * top if wants_figure else 0.0)
            scored.append((-hit, pos, sentence))
        scored.sort()
        return tuple(s for _, _, s in scored)


@lru_cache(maxsize=4)
def _index_for(cat: Catalog) -> SearchIndex:
    """One index per loaded track (content never changes at run time; tests build many apps
    over the same catalog)."""
    return SearchIndex(documents(cat), cat)
