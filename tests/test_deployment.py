"""Deployment files: the compose file and the Dockerfile say what the README promises."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_runs_postgres_and_two_bot_replicas() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["deploy"]["replicas"] == 2
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert "healthcheck" in db


def test_dockerfile_is_multi_stage_non_root_with_a_healthcheck() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert text.count("FROM ") == 2 and "AS build" in text
    assert "USER careerpath" in text and "HEALTHCHECK" in text and "/healthz" in text
    assert 'CMD ["careerpath", "run"]' in text  # run migrates before it serves
    build = text.split("FROM ")[1]  # the wheel carries the migrations and content (setup.py)
    for needed in ("setup.py", "alembic ./alembic", "content ./content"):
        assert needed in build
