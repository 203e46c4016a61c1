"""The careerpath command: settings errors, the shell, restarts, an unreachable database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def careerpath(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        text=True,
        capture_output=True,
        env={**base, **(env or {})},
        timeout=timeout,
    )


def one_clear_line(out: subprocess.CompletedProcess[str], name: str) -> None:
    assert out.returncode == 2, out
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert name in lines[0]
    assert "Traceback" not in out.stderr


def test_run_without_a_token_names_it(tmp_path: Path) -> None:
    one_clear_line(
        careerpath("run", env={"DATABASE_URL": f"sqlite:///{tmp_path}/a.db"}), "SLACK_BOT_TOKEN"
    )


def test_run_without_a_signing_secret_names_it(tmp_path: Path) -> None:
    one_clear_line(careerpath("run", env={"SLACK_BOT_TOKEN": "xoxb-1-2-3"}), "SLACK_SIGNING_SECRET")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORT", "eighty"),
        ("PORT", "70000"),
        ("DATABASE_URL", "mysql://x"),
        ("SLACK_BOT_TOKEN", "xoxb-your-token"),
        ("SLACK_API_URL", "slack.com/api"),
        ("LOG_LEVEL", "loud"),
    ],
)
def test_invalid_settings_name_the_setting(name: str, value: str) -> None:
    one_clear_line(careerpath("shell", env={name: value}), name)


def test_settings_come_from_dotenv(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PORT=not-a-port\n")
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "shell"],
        cwd=tmp_path,
        text=True,
        capture_output=True,
        input="",
    )
    one_clear_line(out, "PORT")


def test_shell_prints_step_one_and_exits_at_end_of_input(tmp_path: Path) -> None:
    out = careerpath("shell", stdin="next\n", env={"DATABASE_URL": f"sqlite:///{tmp_path}/s.db"})
    assert out.returncode == 0, out.stderr
    assert "step 1 of 10" in out.stdout
    assert "[1] Mark done" in out.stdout


def test_shell_buttons_and_progress_survive_a_restart(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/s.db"}
    first = careerpath("shell", "--user", "U9", stdin="/careerpath next\n1\n", env=env)
    assert first.returncode == 0, first.stderr
    assert "(pressed Mark done)" in first.stdout and "marked done" in first.stdout
    second = careerpath("shell", "--user", "U9", stdin="next\n", env=env)
    assert "step 2 of 10" in second.stdout
    other = careerpath("shell", "--user", "U8", stdin="next\n", env=env)
    assert "step 1 of 10" in other.stdout


def test_unreachable_database_is_one_line() -> None:
    out = careerpath("shell", env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"})
    assert out.returncode == 1
    assert len(out.stderr.strip().splitlines()) == 1 and "DATABASE_URL" in out.stderr


def test_env_example_documents_every_setting() -> None:
    from bot.config import Settings

    text = (Path(__file__).resolve().parent.parent / ".env.example").read_text()
    assert [f.upper() for f in Settings.model_fields if f.upper() not in text] == []
