"""Installed from a wheel it has its content and migrations; replicas upgrade one at a time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, make_url, text

from bot.db import sync_url
from bot.migrate import alembic_config, check

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "setup.py", "README.md", "bot", "content", "alembic", "alembic.ini")


def _env(**extra: str) -> dict[str, str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "DATABASE_URL", "CONTENT_DIR", "PYTHON", "VIRTUAL_ENV"))
    }
    return {**base, **extra}


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=_env(**env), capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_a_wheel_installed_elsewhere_checks_content_and_migrates(tmp_path: Path) -> None:
    # Build from a copy of the sources, so the checkout gets no build/ folder.
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, src / name)
    pip = [sys.executable, "-m", "pip"]
    built = _run([*pip, "wheel", ".", "--no-deps", "-q", "-w", "dist"], src)
    assert built.returncode == 0, built.stderr
    [built_wheel] = (src / "dist").glob("careerpath-*.whl")
    wheel = Path(shutil.move(built_wheel, tmp_path))
    shutil.rmtree(src)  # nothing of the sources is left to lean on
    # A fresh venv holding only the wheel; its dependencies (not careerpath: a .pth file's own
    # .pth files are never run, so the editable install stays out) come from this venv, added
    # afterwards, which saves downloading and unpacking them again (about 25 s).
    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    assert made.returncode == 0, made.stderr
    python = str(venv / "bin/python")
    installed = _run([*pip, "--python", python, "install", "--no-deps", "-q", str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stderr
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    own = _run([python, "-c", purelib], tmp_path)
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(own.stdout.strip()) / "deps.pth").write_text("\n".join(sorted(deps)) + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run([python, "-c", "import bot; print(bot.__file__)"], elsewhere)
    assert where.stdout.startswith(str(venv)), where
    careerpath = str(venv / "bin/careerpath")
    content = _run([careerpath, "content", "check"], elsewhere)
    assert content.returncode == 0, content.stderr
    assert "ok —" in content.stdout and str(venv) in content.stdout
    db = f"sqlite:///{tmp_path}/installed.db"
    upgraded = _run([careerpath, "db", "upgrade"], elsewhere, DATABASE_URL=db)
    assert upgraded.returncode == 0 and "Traceback" not in upgraded.stderr, upgraded.stderr
    assert "newest schema" in upgraded.stdout
    check(db)  # the installed migrations built the schema the models describe


@pytest.fixture
def fresh_pg_url(pg_server_url: str) -> Iterator[str]:
    """An empty database of its own on the test server, dropped afterwards."""
    name = f"careerpath_fresh_{uuid.uuid4().hex[:12]}"
    admin = create_engine(sync_url(pg_server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.slow
def test_two_replicas_upgrading_one_fresh_database_both_succeed(
    fresh_pg_url: str, tmp_path: Path
) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "db", "upgrade"],
            cwd=tmp_path,
            env=_env(DATABASE_URL=fresh_pg_url, PYTHONPATH=str(ROOT)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    check(fresh_pg_url)
    engine = create_engine(sync_url(fresh_pg_url))
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    engine.dispose()

    assert versions == [
        ScriptDirectory.from_config(alembic_config(fresh_pg_url)).get_current_head()
    ]
