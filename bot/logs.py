"""Logging: readable text by default, one JSON object a line with LOG_FORMAT=json.

Every record carries the team, user and request id of the Slack request being handled (set by
a Bolt middleware through context variables), so one request's lines can be found together.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import uuid
from typing import Any

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
team: contextvars.ContextVar[str] = contextvars.ContextVar("team", default="-")
user: contextvars.ContextVar[str] = contextvars.ContextVar("user", default="-")
_FIELDS = ("team", "user", "request_id", "kind", "key")


def bind(body: dict[str, Any]) -> None:
    """Set the context of one incoming Slack request."""
    request_id.set(uuid.uuid4().hex[:12])
    team_id = body.get("team_id") or (body.get("team") or {}).get("id") or "-"
    who = body.get("user_id") or body.get("user") or (body.get("event") or {}).get("user") or "-"
    team.set(str(team_id))
    user.set(str(who.get("id", "-") if isinstance(who, dict) else who))


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in (("request_id", request_id), ("team", team), ("user", user)):
            if not hasattr(record, name):
                setattr(record, name, var.get())
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in _FIELDS:
            if hasattr(record, key):
                data[key] = getattr(record, key)
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        return json.dumps(data)


class _QuietBolt(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment itself and then warns that our client
    (built with the same token and SLACK_API_URL) takes precedence: true, and expected."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def setup(level: str = "INFO", fmt: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(ContextFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(team)s %(user)s] %(message)s"
            )
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiohttp.access", "alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("slack_bolt").addFilter(_QuietBolt())
