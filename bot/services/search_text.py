"""Question and content text as index terms: folding, Snowball stems, typo distance, the
content's concept phrases, and credential codes named in a text."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

import snowballstemmer

from bot.catalog import Catalog

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


_TOKEN = re.compile(r"[a-z0-9]+")


_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9$(\"“])")


_FIGURE = re.compile(r"[0-9]")


_stemmer = snowballstemmer.stemmer("english")


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


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]
