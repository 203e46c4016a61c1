"""Where the bundled content track and migrations live: in the installed package, or the checkout.

A wheel carries copies of `content/` and `alembic/` as `bot/_bundled/…` (see setup.py); a
checkout (an editable install, or running from the source tree) has only the folders themselves.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def bundled(name: str) -> Path:
    """`content` or `alembic`: the installed package's copy if there is one, else the checkout's."""
    packaged = Path(str(files("bot") / "_bundled" / name))
    return packaged if packaged.is_dir() else CHECKOUT / name
