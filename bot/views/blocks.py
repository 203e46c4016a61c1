"""Block Kit primitives, the `Reply` every view returns, and Slack's limits, enforced once.

One visual language for Slack and `careerpath shell` (which prints the same blocks through
`bot.shell_text`): ≤ 50 blocks a message, section text ≤ 3,000 characters.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import escape

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_BUTTON = 75
MAX_FALLBACK = 3000
BAR_WIDTH = 10
DONE, TODO = "✅", "⬜"
INVITE = "`/invite @careerpath`"

# Something to do after the reply (a message to someone else), run in the background with the
# workspace's Web API client.
Effect = Callable[[AsyncWebClient], Awaitable[None]]


def esc(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters, once. Text
    from a command arrives already escaped: `commands.parse` unescapes it first."""
    return escape(text)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def num(x: float) -> str:
    """`3` for 3.0, `1.5` for 1.5: hours and counts without a trailing `.0`."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def bar(done: float, total: float, width: int = BAR_WIDTH) -> str:
    """`▓▓▓░░░░░░░ 3/10`: a text progress bar that reads the same in Slack and a terminal."""
    frac = 0.0 if total <= 0 else max(0.0, min(1.0, done / total))
    filled = round(frac * width)
    return "▓" * filled + "░" * (width - filled) + f" {num(done)}/{num(total)}"


def money(n: int) -> str:
    return f"${n:,}"


def slack_date(when: dt.date | dt.datetime, fmt: str = "{date_short}") -> str:
    """A moment as Slack's `<!date^…>`, shown in each reader's own timezone (fallback in UTC).

    A calendar date (a cycle end, a CE entry, a vacation's last day) has no moment: it is the
    same day for every reader, so it is written out as "Fri 1 May 2026" instead.
    """
    if not isinstance(when, dt.datetime):
        return f"{when:%a} {when.day} {when:%b %Y}"
    moment = when.astimezone(dt.UTC)
    fallback = moment.strftime("%d %b %Y")
    return f"<!date^{int(moment.timestamp())}^{fmt}|{fallback}>"


def countdown(days: int) -> str:
    if days > 1:
        return f"in {days} days"
    if days == 1:
        return "tomorrow"
    if days == 0:
        return "today"
    return f"{-days} day{'s' if days != -1 else ''} ago"


def section(text: str, *, block_id: str | None = None) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, MAX_SECTION)), block_id=block_id)


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=clip(text, MAX_HEADER), emoji=True))


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, MAX_SECTION))])


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=clip(text, MAX_BUTTON), emoji=True),
        action_id=action_id,
        value=value,
        style=style,
    )


def bullets(items: Sequence[str]) -> str:
    return "\n".join(f"• {esc(i)}" for i in items)


def chunks(lines: Sequence[str], limit: int = MAX_SECTION) -> list[str]:
    """`lines` joined into as few texts of at most `limit` characters as they fit in (a line
    longer than `limit` is clipped): one section each."""
    out: list[str] = []
    current = ""
    for line in lines:
        line = clip(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            out.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        out.append(current)
    return out


@dataclass(frozen=True)
class Reply:
    """A message: blocks for Slack, `text` for notifications and the fallback.

    Frozen, because memoised replies are shared; `effects` (messages to other people that
    follow this reply, sent in the background) is the one list a caller may append to.
    """

    text: str
    blocks: list[Block] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list, repr=False, compare=False)

    @functools.cached_property
    def _message(self) -> dict[str, Any]:
        blocks = self.blocks
        if len(blocks) > MAX_BLOCKS:
            blocks = [*blocks[: MAX_BLOCKS - 1], context("…and more: ask for a narrower view.")]
        return {"text": clip(self.text, MAX_FALLBACK), "blocks": [b.to_dict() for b in blocks]}

    def message(self) -> dict[str, Any]:
        """The message as Slack's JSON, built once (cached replies are shared: don't mutate)."""
        return self._message


def notice(message: str, icon: str = "⚠️") -> Reply:
    """A one-line reply: a problem, a confirmation or a plain fact. `message` may use mrkdwn
    (backticks); user text in it must be escaped first."""
    return Reply(message, [section(f"{icon} {message}")])


def refusal(message: str) -> Reply:
    """A polite no that shows nothing about anyone."""
    return Reply(message, [section(f"🔒 {message}")])


def prefixed(reply: Reply, line: str) -> Reply:
    return Reply(f"{line} {reply.text}", [section(line), *reply.blocks])


def later() -> Reply:
    """No reply in the acknowledgement: the answer follows by response_url once it is known."""
    return Reply("")


_P = ParamSpec("_P")
_R = TypeVar("_R")
_MEMO_LIMIT = 4096


def memo(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Cache a renderer whose arguments are all hashable: content never changes at run time,
    so the same arguments always give the same message (and Block Kit is costly to build)."""
    cache: dict[Any, _R] = {}

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        key = (args, tuple(sorted(kwargs.items())))
        if key in cache:
            return cache[key]
        if len(cache) >= _MEMO_LIMIT:
            cache.clear()
        found = cache[key] = fn(*args, **kwargs)
        return found

    return wrapper
