"""Answers: `faq` latency over varied questions, hit@1 on the learners' question set, and the
"not covered" calibration.

Latency is measured through the real search and reply builder (what `faq <words>` runs after
parsing), and through the signed Bolt app end to end. Questions are the set in
tests/questions.py plus variants a person types: lower case, no punctuation, a typo, extra
words, and word salads from the content.

    python bench/answers.py [--questions 1000] [--smoke]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sweep  # noqa: E402  (the bench app and its databases)

from bot.catalog import Catalog, load_catalog  # noqa: E402
from bot.migrate import upgrade  # noqa: E402
from bot.services.search import MIN_COVERAGE, MIN_SCORE, SearchIndex  # noqa: E402
from bot.services.search_text import words  # noqa: E402
from bot.signing import command_body  # noqa: E402
from bot.views.answers import answer_reply  # noqa: E402
from tests.questions import OUT_OF_SCOPE, QUESTIONS, accepted  # noqa: E402

SECRET = "bench-signing-secret"
TARGET_P99_MS = 20.0


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def varied(n: int, cat: Catalog, rng: random.Random) -> list[str]:
    """`n` questions: the set, its variants, out-of-scope ones and word salads."""
    base = [q.text for q in QUESTIONS] + OUT_OF_SCOPE
    vocab = [w for f in cat.faq.faqs for w in words(f.answer) if len(w) > 3]
    out = []
    while len(out) < n:
        text = rng.choice(base)
        kind = rng.randrange(5)
        if kind == 1:
            text = text.lower().rstrip("?!.")
        elif kind == 2:
            ws = text.split()
            j = rng.randrange(len(ws))
            ws[j] = typo(ws[j], rng)
            text = " ".join(ws)
        elif kind == 3:
            text = f"{text} {' '.join(rng.sample(vocab, 3))}?"
        elif kind == 4:
            text = " ".join(rng.sample(vocab, rng.randint(2, 12)))
        out.append(text)
    return out


def pct(samples: list[float]) -> tuple[float, float]:
    qs = statistics.quantiles(samples, n=100)
    return qs[49] * 1000, qs[98] * 1000


def hit_at_1(index: SearchIndex, verbose: bool) -> float:
    ok = 0
    for q in QUESTIONS:
        answer = index.ask(q.text)
        top = answer.hits[0].doc.id if answer.hits else "-"
        good = answer.covered and accepted(top, q.accept)
        ok += good
        if verbose and not good:
            print(f"  miss: {q.text!r} -> {top} (want {', '.join(q.accept)})")
    return ok / len(QUESTIONS)


def calibration(index: SearchIndex) -> None:
    """Coverage of the best hit for in-scope and out-of-scope questions, against the
    thresholds: the gap between the two is what the threshold sits in."""
    inside = sorted(index.ask(q.text).hits[0].coverage for q in QUESTIONS if index.ask(q.text).hits)
    outside = sorted(
        (index.ask(t).hits[0].coverage if index.ask(t).hits else 0.0) for t in OUT_OF_SCOPE
    )
    below = sum(c < MIN_COVERAGE for c in inside)
    print(
        f"coverage of the best hit: in scope p10 {inside[len(inside) // 10]:.2f}, "
        f"min {inside[0]:.2f} ({below} below {MIN_COVERAGE}); out of scope max "
        f"{outside[-1]:.2f}, median {statistics.median(outside):.2f}; "
        f"thresholds coverage >= {MIN_COVERAGE}, score >= {MIN_SCORE}"
    )
    wrong = [t for t in OUT_OF_SCOPE if index.ask(t).covered]
    print(
        f"out-of-scope questions answered 'not covered': {len(OUT_OF_SCOPE) - len(wrong)}/"
        f"{len(OUT_OF_SCOPE)}" + (f" (answered: {wrong})" if wrong else "")
    )


async def through_app(cat: Catalog, texts: list[str]) -> list[float]:
    """The same questions as signed `/careerpath faq …` requests through the real app."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        slack, deps, app = await sweep.bench_app(url, SECRET, "T0BENCH", cat)
        bodies = [
            command_body(f"faq {text}", team_id="T0BENCH", user_id="U0BENCH") for text in texts
        ]
        out = await sweep.timed(app, bodies, SECRET)
        await deps.close()
        await slack.stop()
        return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=1000)
    ap.add_argument("--smoke", action="store_true", help="a few seconds: CI runs this")
    ap.add_argument("--verbose", action="store_true", help="list the questions missed")
    args = ap.parse_args()
    n = 100 if args.smoke else args.questions
    rng = random.Random(11)
    cat = load_catalog()
    t0 = time.perf_counter()
    index = SearchIndex(SearchIndex.from_catalog(cat).docs, cat)  # a fresh build, timed
    print(f"index built in {(time.perf_counter() - t0) * 1000:.0f} ms, {len(index.docs)} entries")
    texts = varied(n, cat, rng)
    for text in texts[:50]:  # warm caches (stems, the reply builder)
        answer_reply(cat, index.ask(text)).message()
    samples = []
    for text in texts:
        t1 = time.perf_counter()
        answer_reply(cat, index.ask(text)).message()
        samples.append(time.perf_counter() - t1)
    p50, p99 = pct(samples)
    print(f"faq, search + reply, {n} varied questions: p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    app_samples = asyncio.run(through_app(cat, texts[: max(n // 5, 20)]))
    a50, a99 = pct(app_samples)
    print(
        f"faq through the signed Bolt app, {len(app_samples)} requests: p50 {a50:.3f} ms, "
        f"p99 {a99:.3f} ms"
    )
    score = hit_at_1(index, args.verbose)
    print(f"hit@1 on {len(QUESTIONS)} learners' questions: {score:.1%}")
    calibration(index)
    worst = max(p99, a99)
    print(f"target p99 <= {TARGET_P99_MS} ms: {'met' if worst <= TARGET_P99_MS else 'NOT met'}")
    if worst > TARGET_P99_MS and not args.smoke:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
