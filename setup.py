"""Packaging beyond what pyproject.toml can say: the wheel carries the content and migrations.

`content/` and `alembic/` stay where people edit them; the wheel ships copies as
`bot/_bundled/content` and `bot/_bundled/alembic` (setuptools' package_dir mapping), so an
installed `careerpath` finds them with no checkout. Everything else is in pyproject.toml.
"""

from setuptools import find_packages, setup

BUNDLED = {
    "bot._bundled.content": "content",
    "bot._bundled.alembic": "alembic",
    "bot._bundled.alembic.versions": "alembic/versions",
}

setup(
    packages=find_packages(include=["bot", "bot.*"]) + list(BUNDLED),
    package_dir=BUNDLED,
    package_data={
        "bot._bundled.content": ["*.yaml"],
        "bot._bundled.alembic": ["*.py", "*.mako"],
        "bot._bundled.alembic.versions": ["*.py"],
    },
)
