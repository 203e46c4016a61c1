"""`export` and `forget`: no words."""

from __future__ import annotations

from bot.catalog import Catalog
from tests.features.helpers import args_of, problem


def test_export_and_forget_take_no_words(catalog: Catalog) -> None:
    assert args_of("export", catalog) is None and args_of("forget", catalog) is None
    assert problem("forget everything", catalog).message == "`forget` takes no extra words."
