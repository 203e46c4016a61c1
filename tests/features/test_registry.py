"""The registry: every sub-command declared once, with a help line, and help built from it."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import bot.features
from bot import commands
from bot.catalog import Catalog
from bot.commands import ALIASES, HELP, SUBCOMMANDS, Command, Invalid, no_words, subcommand
from bot.views.help import help_lines, help_reply
from tests.utils import all_text

# The sub-commands and aliases that existed before the registry: all still answer.
BEFORE = (
    "next steps step done undo progress skills salary ladder certs cert ce specialize faq "
    "remind mentor mentees cohort calendar export forget help"
).split()
ALIASES_BEFORE = {
    "?": "help", "commands": "help", "start": "next", "todo": "next", "list": "steps",
    "path": "steps", "roadmap": "steps", "complete": "done", "finish": "done",
    "finished": "done", "undone": "undo", "skill": "skills", "salaries": "salary",
    "pay": "salary", "wage": "salary", "wages": "salary", "career": "ladder", "rungs": "ladder",
    "certifications": "certs", "certification": "certs", "specialise": "specialize",
    "specialization": "specialize", "specialisation": "specialize",
    "specializations": "specialize", "specialisations": "specialize", "search": "faq",
    "ask": "faq", "question": "faq", "reminders": "remind", "reminder": "remind",
    "status": "progress", "me": "progress", "mentors": "mentor", "mentee": "mentees",
    "cohorts": "cohort",
}  # fmt: skip


def test_every_subcommand_has_a_help_line_from_its_docstring() -> None:
    for name, spec in SUBCOMMANDS.items():
        assert spec.line and "\n" not in spec.line, name
        assert spec.line == " ".join((spec.run.__doc__ or "").split()), name
        assert HELP[name] == (spec.usage, spec.line)


def test_help_lists_exactly_the_registry(catalog: Catalog) -> None:
    assert list(HELP) == list(SUBCOMMANDS)
    assert set(BEFORE) | {"glossary"} == set(SUBCOMMANDS)
    lines = help_lines().splitlines()
    assert lines == [f"`/careerpath {usage}` — {line}" for usage, line in HELP.values()]
    assert help_lines() in all_text(help_reply(catalog).message())


def test_aliases_do_not_collide_and_the_old_ones_still_resolve() -> None:
    assert not set(ALIASES) & set(SUBCOMMANDS)
    assert all(target in SUBCOMMANDS for target in ALIASES.values())
    assert {a: ALIASES[a] for a in ALIASES_BEFORE} == ALIASES_BEFORE
    for spec in SUBCOMMANDS.values():
        assert {a for a, n in ALIASES.items() if n == spec.name} == set(spec.aliases)


def test_every_feature_module_is_loaded() -> None:
    modules = {m.name for m in pkgutil.iter_modules(bot.features.__path__)}
    declaring = {
        name
        for name in modules
        if any(spec.run.__module__ == f"bot.features.{name}" for spec in SUBCOMMANDS.values())
    }
    assert declaring == set(bot.features.FEATURES)
    for name in modules - set(bot.features.FEATURES):  # helpers: no sub-commands of their own
        module = importlib.import_module(f"bot.features.{name}")
        assert not any(spec.run.__module__ == module.__name__ for spec in SUBCOMMANDS.values())


def test_a_handler_without_a_docstring_is_refused() -> None:
    async def nameless(deps: object, who: object, args: None) -> None:
        pass

    with pytest.raises(ValueError, match="docstring"):
        subcommand("nameless", usage="nameless", parse=no_words)(nameless)
    assert "nameless" not in SUBCOMMANDS


def test_a_name_or_alias_declared_twice_is_refused() -> None:
    async def again(deps: object, who: object, args: None) -> None:
        """again"""

    with pytest.raises(ValueError, match="twice"):
        subcommand("again", usage="again", parse=no_words, aliases=("todo",))(again)
    with pytest.raises(ValueError, match="twice"):
        subcommand("next", usage="next", parse=no_words)(again)
    assert "again" not in SUBCOMMANDS


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("", Command("help")),
        ("TODO", Command("next")),
        ("/careerpath done 3", Command("done", ("3",), ("3",))),
        ("Salary Mid", Command("salary", ("mid",), ("Mid",))),
    ],
)
def test_parse_finds_the_subcommand(text: str, expect: Command) -> None:
    assert commands.parse(text) == expect


@pytest.mark.parametrize(
    ("text", "suggestion"), [("nxt", "next"), ("stpes", "steps"), ("7", "step 7")]
)
def test_unknown_words_get_did_you_mean(text: str, suggestion: str) -> None:
    result = commands.parse(text)
    assert isinstance(result, Invalid) and result.suggestion == suggestion


def test_subcommands_without_words_refuse_extra_ones(catalog: Catalog) -> None:
    for name in ("next", "steps", "ladder", "mentees", "export", "forget"):
        cmd = commands.parse(f"{name} please")
        assert isinstance(cmd, Command)
        result = SUBCOMMANDS[name].parse(cmd, catalog)
        assert result == Invalid(f"`{name}` takes no extra words.", name)
    help_cmd = commands.parse("help me")
    assert isinstance(help_cmd, Command) and SUBCOMMANDS["help"].parse(help_cmd, catalog) is None
