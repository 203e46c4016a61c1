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
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import snowballstemmer

from bot.catalog import FIELD_LABELS, Catalog, Certification

STOP = frozenset(
    (
        "a about after again all also am an and any are as at be been before being but by can "
        "could did do does doing done for from get gets getting go going got had has have having "
        "he her here hers him his how i if im in into is it its ive just me might more most "
        "must my myself need needs no nor not now of off on once only or other our out over "
        "own please really same she should so some such than that thats the their them then "
        "there these they this those though through to too under until up us very want was we "
        "were what whats when where which while who whom whose why will with would you your "
        "yours dont doesnt cant wont isnt arent didnt s t d ll re ve m tell know like one "
        "thing things way lot tip tips advice idea ideas info information guide help question "
        "questions kind sort type anyone someone something anything still even ever already yet "
        "maybe actually usually always never probably possible possibly pretty quite enough "
        "etc"
    ).split()
)
# How much a match in each part of an entry counts.
W_TITLE, W_ASKED, W_KEYWORDS, W_BODY = 3.0, 2.5, 2.0, 1.0
K1, B = 1.2, 0.5
# Calibrated on tests/questions.py: see bench/answers.py, which prints both distributions.
MIN_COVERAGE = 0.55
MIN_SCORE = 2.0
CODE_BOOST, MENTION_BOOST, OTHER_CODE = 1.6, 1.15, 0.45
# A question that contains an entry's own phrasing (its title or an "asked as" line).
PHRASE_BONUS = 6.0
_YEARS = re.compile(r"\b(\d{1,2})\s*\+?\s*(?:years?|yrs?)\b")
_RANGE = re.compile(r"\((\d+)\s*(?:[–-]\s*(\d+)|\+)\s*years?\)")

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

# Terms that ask for a figure (a sum, a number of hours or years): the sentence with the
# number answers them.
FIGURE_TERMS = frozenset({"~pay", "~cost", "~ce", "~renew", "mani", "long", "often", "hour"})
_stemmer = snowballstemmer.stemmer("english")
_TOKEN = re.compile(r"[a-z0-9]+")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9$(\"“])")
_FIGURE = re.compile(r"[0-9]")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def fold(text: str) -> str:
    """Lower case, accents off, apostrophes joined ("what's" -> "whats"), dashes kept as-is."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"(\w)['’](\w)", r"\1\2", text)


def words(text: str) -> list[str]:
    """The words of `text`, punctuation-blind."""
    return _TOKEN.findall(fold(text))


def _edits1(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, or limit+1 if above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


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


class Analyzer:
    """Text to index terms: stems, plus a `~concept` term for each concept phrase."""

    def __init__(self, cat: Catalog) -> None:
        self.doc_phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.query_phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for c in cat.concepts.concepts:
            for t in c.terms:
                key = tuple(words(t))
                if key:
                    self.doc_phrases[key] = (*self.doc_phrases.get(key, ()), "~" + c.id)
            for t in [*c.terms, *c.asked]:
                key = tuple(words(t))
                if key and "~" + c.id not in self.query_phrases.get(key, ()):
                    self.query_phrases[key] = (*self.query_phrases.get(key, ()), "~" + c.id)
        self.longest = max((len(k) for k in self.query_phrases), default=1)

    def _phrases(
        self, toks: list[str], table: dict[tuple[str, ...], tuple[str, ...]]
    ) -> list[tuple[int, int, tuple[str, ...]]]:
        """(start, end, concepts) for the longest phrase at each position, left to right."""
        found = []
        i = 0
        while i < len(toks):
            for n in range(min(self.longest, len(toks) - i), 0, -1):
                concept = table.get(tuple(toks[i : i + n]))
                if concept is not None:
                    found.append((i, i + n, concept))
                    i += n
                    break
            else:
                i += 1
        return found

    def doc_terms(self, text: str) -> list[str]:
        """Every stem of `text` and the concepts its phrases name."""
        toks = words(text)
        out = [stem(t) for t in toks if t not in STOP]
        out += [c for _, _, cs in self._phrases(toks, self.doc_phrases) for c in cs]
        return out

    def query_terms(self, toks: list[str]) -> list[tuple[str, ...]]:
        """A question's terms, each a group of alternatives: a phrase that names a concept
        stands for it alone ("how much" is pay or a cost: either answers)."""
        out: list[tuple[str, ...]] = []
        phrases = {start: (end, c) for start, end, c in self._phrases(toks, self.query_phrases)}
        i = 0
        while i < len(toks):
            if i in phrases:
                end, concepts = phrases[i]
                out.append(concepts)
                i = end
                continue
            if toks[i] not in STOP:
                out.append((stem(toks[i]),))
            i += 1
        return list(dict.fromkeys(out))


class Codes:
    """Credential and certifying-body codes named in a text ("ccm", "ACM-RN", "acm rn")."""

    def __init__(self, cat: Catalog) -> None:
        patterns: dict[str, set[str]] = defaultdict(set)
        for c in cat.certifications.certifications:
            parts = c.code.lower().split("-")
            patterns[r"[\s-]?".join(parts)].add(c.code)
            if len(parts) > 1 and len(parts[0]) >= 3:
                patterns[parts[0]].add(c.code)  # "acm" is ACM-RN and ACM-SW
            patterns[c.body.lower()].add(c.body)
        for o in cat.organizations.organizations:
            patterns[o.code.lower()].add(o.code)
        ordered = sorted(patterns, key=len, reverse=True)
        self._codes = {p: frozenset(v) for p, v in patterns.items()}
        self._re = re.compile(r"(?<![a-z0-9])(" + "|".join(ordered) + r")(?![a-z0-9])")
        self._keys = {re.sub(r"\[.*?\]\?", "", p): p for p in ordered}

    def find(self, text: str) -> frozenset[str]:
        found: set[str] = set()
        for m in self._re.finditer(fold(text)):
            key = re.sub(r"[\s-]", "", m.group(1))
            pattern = self._keys.get(key, m.group(1))
            found |= self._codes.get(pattern, frozenset())
        return frozenset(found)


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
        s for name, texts in by_field.items() if name != "fees" for t in texts for s in _split(t)
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


def _mentions(codes: Codes, doc: Doc) -> Doc:
    """`doc` with the codes its title and phrasings name (what it is about) and those its
    text names in passing."""
    if doc.kind in ("cert", "organization"):
        return doc
    about = codes.find(" ".join(t for t, w in doc.parts if w >= W_KEYWORDS))
    passing = codes.find(doc.text) - about
    return replace(doc, codes=about, mentions=passing)


class SearchIndex:
    """BM25 with field weights over the catalog's entries, plus code boosts and a coverage
    measure for "not covered"."""

    def __init__(self, docs: list[Doc], cat: Catalog) -> None:
        self.analyzer = Analyzer(cat)
        self.codes = Codes(cat)
        self.docs = [_mentions(self.codes, d) for d in docs]
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
                [(s, frozenset(self.analyzer.doc_terms(s))) for s in _split(d.text)]
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


def _settle(groups: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Resolve an ambiguous phrase by the rest of the question: in "how much do they make",
    "how much" is pay, because "make" is; in "how much does the exam cost", a cost."""
    single = {g[0] for g in groups if len(g) == 1}
    out = []
    for g in groups:
        if len(g) > 1:
            chosen = tuple(t for t in g if t in single)
            g = chosen or g
        out.append(g)
    return list(dict.fromkeys(out))


def _split(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


@lru_cache(maxsize=4)
def _index_for(cat: Catalog) -> SearchIndex:
    """One index per loaded track (content never changes at run time; tests build many apps
    over the same catalog)."""
    return SearchIndex(documents(cat), cat)
