"""The content track: YAML files in `content/`, validated by pydantic models at start-up.

A track is data, not code. An organisation can point CONTENT_DIR at its own track with the
same schema; `careerpath content check DIR` reports the file, line and field of any error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.resources import bundled

DEFAULT_CONTENT_DIR = bundled("content")

Slug = str


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Step(_Model):
    number: int = Field(ge=1, le=50)
    slug: Slug = Field(pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=3, max_length=120)
    summary: str = Field(min_length=10, max_length=600)
    details: list[str] = Field(min_length=1)
    checklist: list[str] = Field(min_length=1, max_length=8)
    keywords: list[str] = []
    asked_as: list[str] = []


class StepsFile(_Model):
    steps: list[Step] = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _numbered_in_order(self) -> StepsFile:
        numbers = [s.number for s in self.steps]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"steps must be numbered 1..{len(numbers)} in order, got {numbers}")
        return self


class SkillKind(_Model):
    summary: str
    examples: list[str] = Field(min_length=1)


class Skill(_Model):
    slug: Slug = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    kind: Literal["hard", "soft"]
    summary: str = Field(min_length=10)
    how_to_build: str = ""
    keywords: list[str] = []
    asked_as: list[str] = []


class SkillsFile(_Model):
    intro: str
    hard: SkillKind
    soft: SkillKind
    essential: list[Skill] = Field(min_length=1)


class SalaryBand(_Model):
    slug: Slug = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    low: int = Field(ge=0)
    high: int = Field(ge=0)
    open_ended: bool = False
    experience: str
    summary: str
    aliases: list[str] = []
    asked_as: list[str] = []

    @model_validator(mode="after")
    def _range(self) -> SalaryBand:
        if self.high < self.low:
            raise ValueError("high must not be below low")
        return self


class SalaryAnchor(_Model):
    """A public median beside the guide's ranges; `median` is None while no checked source
    gives it for `period` (the `note` says so)."""

    occupation: str
    median: int | None
    period: str
    source: str
    note: str = ""


class SalariesFile(_Model):
    source: str
    note: str
    bands: list[SalaryBand] = Field(min_length=1)
    anchors: list[SalaryAnchor] = []


class Rung(_Model):
    order: int = Field(ge=1)
    slug: Slug = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    summary: str
    strategies: list[str] = Field(min_length=1)
    asked_as: list[str] = []


class LadderFile(_Model):
    intro: str
    rungs: list[Rung] = Field(min_length=1)


CertField = Literal["eligibility", "exam", "renewal", "ce", "fees", "late"]
# How a reply or an answer's title names each part of a credential.
FIELD_LABELS = {
    "about": "what it is",
    "eligibility": "eligibility",
    "exam": "the exam",
    "renewal": "renewal",
    "ce": "CE hours",
    "fees": "fees",
    "late": "late renewal and extensions",
}


class CertFact(_Model):
    """One fact about a credential (a rule, a fee, a period), with where and when it was checked."""

    field: CertField
    text: str = Field(min_length=10)
    source: str = ""
    verified_on: dt.date | None = None
    asked_as: list[str] = []


class Certification(_Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9-]{1,15}$")
    name: str
    body: str
    body_name: str
    summary: str
    eligibility: str
    cycle_years: int | None = Field(default=None, ge=1, le=10)
    cycle_end: Literal["same_day", "end_of_month"] = "same_day"
    ce_hours: float | None = Field(default=None, ge=0)
    ethics_hours: float = Field(default=0, ge=0)
    late_window_days: int | None = None
    reminder_offsets_days: list[int] = [180, 90, 30, 7]
    reminders: bool = True
    notes: list[str] = []
    facts: list[CertFact] = []
    source: str
    verified_on: dt.date
    confidence: Literal["H", "M"]

    @field_validator("reminder_offsets_days")
    @classmethod
    def _offsets(cls, v: list[int]) -> list[int]:
        if any(d <= 0 for d in v):
            raise ValueError("offsets are days before the cycle end, each above 0")
        return sorted(set(v), reverse=True)


class CertificationsFile(_Model):
    intro: str
    disclaimer: str
    certifications: list[Certification] = Field(min_length=1)


class Specialization(_Model):
    slug: Slug = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    summary: str
    details: list[str] = []
    aliases: list[str] = []
    asked_as: list[str] = []


class SpecializationsFile(_Model):
    intro: str
    specializations: list[Specialization] = Field(min_length=1)


class Responsibility(_Model):
    slug: Slug = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    summary: str
    asked_as: list[str] = []


class ResponsibilitiesFile(_Model):
    intro: str
    responsibilities: list[Responsibility] = Field(min_length=1)
    day_to_day: list[str] = []


class Faq(_Model):
    slug: Slug = Field(default="", pattern=r"^[a-z0-9-]*$")
    question: str
    answer: str
    keywords: list[str] = []
    asked_as: list[str] = []


class FaqFile(_Model):
    faqs: list[Faq] = Field(min_length=1)


class Organization(_Model):
    code: str
    name: str
    summary: str
    url: str = ""
    asked_as: list[str] = []


class OrganizationsFile(_Model):
    intro: str
    organizations: list[Organization] = Field(min_length=1)


class EnvironmentSection(_Model):
    slug: Slug = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    summary: str
    asked_as: list[str] = []


class Concept(_Model):
    """Words a learner uses for one idea. `terms` mean the idea wherever they appear;
    `asked` mean it only in a question ("make" is pay in "how much do they make", not in
    "make a care plan")."""

    id: Slug = Field(pattern=r"^[a-z0-9-]+$")
    terms: list[str] = Field(min_length=1)
    asked: list[str] = []


class Topic(_Model):
    """A question answered by a whole content file (responsibilities, organisations…)."""

    file: Literal["responsibilities", "organizations", "environment"]
    names: list[str] = Field(min_length=1)
    asked_as: list[str] = []


class ConceptsFile(_Model):
    concepts: list[Concept] = []
    topics: list[Topic] = []


class GlossaryTerm(_Model):
    """One care-management term in plain words; `more` is a sub-command that goes deeper."""

    slug: Slug = Field(pattern=r"^[a-z0-9-]+$")
    term: str = Field(min_length=2, max_length=60)
    aliases: list[str] = []
    meaning: str = Field(min_length=20, max_length=500)
    more: str | None = None

    @property
    def names(self) -> frozenset[str]:
        """Every way to ask for it, normalised: see `glossary_key`."""
        return frozenset(glossary_key(n) for n in (self.slug, self.term, *self.aliases))


def glossary_key(text: str) -> str:
    """A term as looked up: lower case, hyphens, slashes and runs of spaces as one space."""
    return " ".join(text.lower().replace("-", " ").replace("/", " ").split())


class GlossaryFile(_Model):
    terms: list[GlossaryTerm] = []


class EnvironmentFile(_Model):
    intro: str
    sections: list[EnvironmentSection] = Field(min_length=1)


FILES: dict[str, type[_Model]] = {
    "steps.yaml": StepsFile,
    "skills.yaml": SkillsFile,
    "salaries.yaml": SalariesFile,
    "ladder.yaml": LadderFile,
    "certifications.yaml": CertificationsFile,
    "specializations.yaml": SpecializationsFile,
    "responsibilities.yaml": ResponsibilitiesFile,
    "faq.yaml": FaqFile,
    "organizations.yaml": OrganizationsFile,
    "environment.yaml": EnvironmentFile,
}
# Files a track may leave out, and what a missing one means.
OPTIONAL_FILES: dict[str, _Model] = {
    "concepts.yaml": ConceptsFile(),
    "glossary.yaml": GlossaryFile(),
}


@dataclass(frozen=True)
class ContentIssue:
    """One problem in a content file, located for a person to fix."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field or '(file)'}: {self.message}"


class ContentError(Exception):
    """The track has errors; `issues` lists each one."""

    def __init__(self, issues: list[ContentIssue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


@dataclass(frozen=True, eq=False)
class Catalog:
    """The validated track, loaded once at start-up."""

    steps: StepsFile
    skills: SkillsFile
    salaries: SalariesFile
    ladder: LadderFile
    certifications: CertificationsFile
    specializations: SpecializationsFile
    responsibilities: ResponsibilitiesFile
    faq: FaqFile
    organizations: OrganizationsFile
    environment: EnvironmentFile
    concepts: ConceptsFile = ConceptsFile()
    glossary: GlossaryFile = GlossaryFile()

    @property
    def step_count(self) -> int:
        return len(self.steps.steps)

    def step(self, number: int) -> Step | None:
        if 1 <= number <= self.step_count:
            return self.steps.steps[number - 1]
        return None

    def certification(self, code: str) -> Certification | None:
        code = code.upper()
        for cert in self.certifications.certifications:
            if cert.code == code:
                return cert
        return None


def _line_index(
    node: yaml.Node, path: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], int]]:
    """Yield (path, 1-based line) for every node of a composed YAML document."""
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            yield (*path, key), key_node.start_mark.line + 1
            for sub_path, line in _line_index(value_node, (*path, key)):
                if sub_path != (*path, key):
                    yield sub_path, line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _line_index(item, (*path, i))


def _load_file(path: Path, model: type[_Model]) -> tuple[_Model | None, list[ContentIssue]]:
    name = path.name
    if not path.is_file():
        return None, [ContentIssue(name, None, "", "file is missing")]
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [ContentIssue(name, line, "", f"not valid YAML: {problem}")]
    if not isinstance(data, dict):
        return None, [ContentIssue(name, 1, "", "expected a mapping at the top level")]
    lines = dict(_line_index(node)) if node is not None else {}
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        issues = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            line = None
            for n in range(len(loc), -1, -1):
                if loc[:n] in lines:
                    line = lines[loc[:n]]
                    break
            field = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc)
            issues.append(ContentIssue(name, line, field.replace(".[", "["), err["msg"]))
        return None, issues


def _cross_checks(cat: Catalog) -> list[ContentIssue]:
    issues: list[ContentIssue] = []

    def unique(file: str, field: str, values: list[str]) -> None:
        seen: set[str] = set()
        for v in values:
            if v in seen:
                issues.append(ContentIssue(file, None, field, f"duplicate value {v!r}"))
            seen.add(v)

    unique("steps.yaml", "steps.slug", [s.slug for s in cat.steps.steps])
    unique("skills.yaml", "essential.slug", [s.slug for s in cat.skills.essential])
    unique("salaries.yaml", "bands.slug", [b.slug for b in cat.salaries.bands])
    unique("ladder.yaml", "rungs.slug", [r.slug for r in cat.ladder.rungs])
    unique(
        "certifications.yaml",
        "certifications.code",
        [c.code for c in cat.certifications.certifications],
    )
    unique("faq.yaml", "faqs.slug", [f.slug for f in cat.faq.faqs if f.slug])
    unique("concepts.yaml", "concepts.id", [c.id for c in cat.concepts.concepts])
    unique(
        "glossary.yaml",
        "terms.term and aliases",
        [n for t in cat.glossary.terms for n in sorted(t.names)],
    )
    unique(
        "specializations.yaml",
        "specializations.slug",
        [s.slug for s in cat.specializations.specializations],
    )
    return issues


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load and validate every file of a track; raise ContentError listing all problems."""
    directory = directory or DEFAULT_CONTENT_DIR
    issues: list[ContentIssue] = []
    loaded: dict[str, Any] = {}
    if not directory.is_dir():
        raise ContentError([ContentIssue(str(directory), None, "", "not a directory")])
    for filename, model in FILES.items():
        value, problems = _load_file(directory / filename, model)
        issues.extend(problems)
        loaded[filename.removesuffix(".yaml")] = value
    for filename, default in OPTIONAL_FILES.items():
        if (directory / filename).is_file():
            value, problems = _load_file(directory / filename, type(default))
            issues.extend(problems)
        else:
            value = default
        loaded[filename.removesuffix(".yaml")] = value
    if issues:
        raise ContentError(issues)
    cat = Catalog(**loaded)
    issues = _cross_checks(cat)
    if issues:
        raise ContentError(issues)
    return cat
