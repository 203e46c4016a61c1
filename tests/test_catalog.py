"""The content track: loads, carries the guide's facts, and reports errors by file, line, field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.answers import answer
from bot.catalog import DEFAULT_CONTENT_DIR, Catalog, ContentError, load_catalog
from bot.deps import Deps
from bot.doubles.slack_api import LocalSlack
from bot.features.common import Who
from tests.utils import all_text, settings_for


def test_the_guide_is_all_there(catalog: Catalog) -> None:
    assert catalog.step_count == 10
    assert len(catalog.skills.essential) == 15
    assert [b.slug for b in catalog.salaries.bands] == ["entry", "mid", "senior", "director", "vp"]
    assert [(b.low, b.high) for b in catalog.salaries.bands] == [
        (40_000, 60_000),
        (60_000, 80_000),
        (80_000, 100_000),
        (90_000, 130_000),
        (130_000, 200_000),
    ]
    assert [r.title for r in catalog.ladder.rungs] == [
        "Junior Care Manager",
        "Care Manager",
        "Senior Care Manager",
        "Care Management Director",
        "Chief Care Officer",
    ]
    assert len(catalog.specializations.specializations) == 4
    assert len(catalog.responsibilities.responsibilities) == 10
    assert len(catalog.faq.faqs) >= 5
    ccm, cmc = catalog.certification("ccm"), catalog.certification("CMC")
    assert ccm and ccm.cycle_years == 5 and ccm.ce_hours == 80 and ccm.ethics_hours == 8
    assert cmc and cmc.cycle_years == 3 and cmc.ce_hours == 45 and cmc.cycle_end == "end_of_month"
    assert all(
        c.confidence in ("H", "M") and c.source for c in catalog.certifications.certifications
    )


@pytest.fixture
async def deps(sqlite_url: str, catalog: Catalog, slack: LocalSlack) -> AsyncIterator[Deps]:
    built = Deps.build(settings_for(sqlite_url, slack), catalog)
    yield built
    await built.db.dispose()


async def _ask(deps: Deps, text: str) -> str:
    return all_text((await answer(deps, Who("T1", "U1"), text)).message())


async def test_every_piece_of_content_is_reachable(deps: Deps, catalog: Catalog) -> None:
    steps = await _ask(deps, "steps")
    for s in catalog.steps.steps:
        assert s.title in steps
        assert s.summary.replace("&", "&amp;") in await _ask(deps, f"step {s.number}")
    for k in catalog.skills.essential:
        assert k.name in await _ask(deps, "skills")
        assert k.summary.replace("&", "&amp;")[:60] in await _ask(deps, f"skills {k.slug}")
    for b in catalog.salaries.bands:
        assert b.title in await _ask(deps, f"salary {b.slug}")
        assert b.title in await _ask(deps, "salary")
    ladder = await _ask(deps, "ladder")
    for r in catalog.ladder.rungs:
        assert r.title in ladder
    for p in catalog.specializations.specializations:
        assert p.title in await _ask(deps, f"specialize {p.slug}")
    for f in catalog.faq.faqs:
        assert f.question in await _ask(deps, "faq")
        assert f.question in await _ask(deps, f"faq {f.question}")
    certs = await _ask(deps, "certs")
    for c in catalog.certifications.certifications:
        assert c.code in certs
    for topic, item in (
        ("responsibilities", catalog.responsibilities.responsibilities[0].title),
        ("organisations", catalog.organizations.organizations[0].name),
        ("work environment", catalog.environment.sections[0].title),
    ):
        assert item in await _ask(deps, f"faq {topic}")


async def test_faq_ranks_and_offers_topics_when_nothing_matches(deps: Deps) -> None:
    assert "degree" in (await _ask(deps, "faq can I do this without a degree")).lower()
    nothing = await _ask(deps, "faq zzzqqq")
    assert "doesn't cover" in nothing and "pay by level" in nothing
    assert "`/careerpath faq`" in nothing


def _broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "track"
    shutil.copytree(DEFAULT_CONTENT_DIR, target)
    path = target / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return target


def test_a_typo_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    track = _broken_copy(tmp_path, "certifications.yaml", "cycle_years: 5", "cycle_years: five")
    with pytest.raises(ContentError) as info:
        load_catalog(track)
    issue = info.value.issues[0]
    line = next(
        i
        for i, text in enumerate((track / "certifications.yaml").read_text().splitlines(), 1)
        if "cycle_years: five" in text
    )
    assert (issue.file, issue.line) == ("certifications.yaml", line)
    assert issue.field.endswith("cycle_years")


def test_content_check_cli(tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "bot.cli", "content", "check"], capture_output=True, text=True
    )
    assert ok.returncode == 0 and "10 steps" in ok.stdout
    track = _broken_copy(tmp_path, "steps.yaml", "number: 2", "numbr: 2")
    bad = subprocess.run(
        [sys.executable, "-m", "bot.cli", "content", "check", str(track)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2
    assert "steps.yaml:" in bad.stderr and "numbr" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_content_dir_points_at_another_track(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    track = _broken_copy(
        tmp_path, "steps.yaml", "title: Understand the role", "title: Learn the job"
    )
    monkeypatch.setenv("CONTENT_DIR", str(track))
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "shell"],
        input="next\n",
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
    )
    assert out.returncode == 0, out.stderr
    assert "Learn the job" in out.stdout
