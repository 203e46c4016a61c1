"""Prometheus metrics, served at GET /metrics (prometheus-client's text format)."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

COMMANDS = Counter(
    "careerpath_commands_total", "Slash commands served, by sub-command", ["subcommand"]
)
REMINDERS = Counter(
    "careerpath_reminders_total", "Reminders and digests by kind and outcome", ["kind", "outcome"]
)
SWEEP_SECONDS = Histogram(
    "careerpath_sweep_seconds",
    "Duration of one reminder sweep",
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
SLACK_ERRORS = Counter(
    "careerpath_slack_api_errors_total", "Slack Web API errors by code", ["method", "code"]
)


def exposition() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST
