"""A Slack message as `careerpath shell` prints it: mrkdwn made plain, buttons numbered.

The shell shows the very blocks Slack receives (one code path for both); this only reads them.
"""

from __future__ import annotations

import re
from typing import Any

_DATE = re.compile(r"<!date\^\d+\^[^|>]*\|([^>]*)>")
_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|([^>]+))?>")


def mrkdwn_to_text(text: str) -> str:
    """Dates as their fallback, links as `label (url)`, mentions as `@name`, entities decoded."""
    text = _DATE.sub(r"\1", text)
    text = _LINK.sub(r"\2 (\1)", text)
    text = _MENTION.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def to_text(message: dict[str, Any]) -> tuple[str, list[tuple[str, str, str]]]:
    """Render a message for a terminal: the text, and its buttons as (label, action_id, value)."""
    out: list[str] = []
    buttons: list[tuple[str, str, str]] = []
    for b in message.get("blocks") or []:
        kind = b.get("type")
        if kind == "header":
            title = b["text"]["text"]
            out.append(f"\n{title}\n{'═' * min(len(title), 60)}")
        elif kind == "section":
            if b.get("text"):
                out.append(mrkdwn_to_text(b["text"]["text"]))
            for f in b.get("fields") or []:
                out.append(mrkdwn_to_text(f["text"]))
        elif kind == "context":
            out.append("  " + " ".join(mrkdwn_to_text(e.get("text", "")) for e in b["elements"]))
        elif kind == "divider":
            out.append("─" * 40)
        elif kind == "actions":
            labels = []
            for e in b["elements"]:
                if e.get("type") == "button":
                    buttons.append((e["text"]["text"], e["action_id"], e.get("value", "")))
                    labels.append(f"[{len(buttons)}] {e['text']['text']}")
            out.append("  ".join(labels))
    if not out:
        out.append(mrkdwn_to_text(message.get("text", "")))
    return "\n".join(out).strip("\n"), buttons
