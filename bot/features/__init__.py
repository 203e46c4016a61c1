"""Features: one module per feature, each declaring its sub-commands with
`bot.commands.subcommand` (usage, aliases, typed argument parsing, and the handler whose
docstring is the help line).

Importing this package loads every feature module in `FEATURES`, in the order of
`/careerpath help`, so that `bot.commands` holds the whole registry.
"""

from __future__ import annotations

import importlib

FEATURES = (
    "steps",
    "reference",
    "glossary",
    "certs",
    "calendar",
    "remind",
    "mentors",
    "cohorts",
    "privacy",
    "help",
)

for _name in FEATURES:
    importlib.import_module(f"{__name__}.{_name}")
