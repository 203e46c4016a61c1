"""The module map holds: rules ← services ← features/views ← handlers ← app, and the rules
are pure (no database, no Slack, no HTTP). Read from the source, so a new import that points
the wrong way fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

# What each layer may not import (by module prefix).
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "bot.rules": (
        "bot.services",
        "bot.features",
        "bot.views",
        "bot.handlers",
        "bot.app",
        "bot.answers",
        "bot.db",
        "bot.models",
        "bot.reminders",
        "sqlalchemy",
        "slack_sdk",
        "slack_bolt",
        "aiohttp",
    ),
    "bot.services": ("bot.features", "bot.views", "bot.handlers", "bot.app", "bot.answers"),
    "bot.views": (
        "bot.services",
        "bot.features",
        "bot.handlers",
        "bot.app",
        "bot.answers",
        "bot.db",
        "bot.models",
        "sqlalchemy",
    ),
    "bot.features": ("bot.handlers", "bot.app"),
    "bot.handlers": ("bot.app",),
}


def _module(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


MODULES = sorted(BOT.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module(p))
def test_nothing_imports_upward(path: Path) -> None:
    name = _module(path)
    for layer, banned in FORBIDDEN.items():
        if name == layer or name.startswith(layer + "."):
            bad = sorted(
                i for i in _imports(path) if any(i == b or i.startswith(b + ".") for b in banned)
            )
            assert bad == [], f"{name} imports {bad}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module(p))
def test_no_module_is_over_500_lines(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 500
