"""Parse `/careerpath <text>` the way the dispatcher does, up to the typed arguments."""

from __future__ import annotations

from typing import Any

import bot.features  # noqa: F401  (loads the registry)
from bot.catalog import Catalog
from bot.commands import SUBCOMMANDS, Command, Invalid, parse


def args_of(text: str, catalog: Catalog) -> Any:
    """The typed arguments (or the Invalid) the sub-command's parse function makes of `text`."""
    cmd = parse(text)
    assert isinstance(cmd, Command), cmd
    return SUBCOMMANDS[cmd.name].parse(cmd, catalog)


def problem(text: str, catalog: Catalog) -> Invalid:
    result = args_of(text, catalog)
    assert isinstance(result, Invalid), result
    return result
