"""Moved to `bot.doubles.slack_api`. A re-export for modules not yet updated; remove once
nothing imports it."""

from __future__ import annotations

from bot.doubles.slack_api import BOT_USER, Call, LocalSlack

__all__ = ["BOT_USER", "Call", "LocalSlack"]
