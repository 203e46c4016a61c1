"""Log CE hours from anywhere in Slack.

- Global shortcut "Log CE hours" (`log_ce`): opens the Log CE modal.
- Message shortcut "Log as CE" (`log_as_ce`): the same modal, its title taken from the
  message (a webinar announcement, say), as readable text cut to the field's limit.

Both open `ce_modal`, and its submission is the `ce_log` view handler, as for the
App Home's "Log CE hours" button.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.commands import plain, unslack
from bot.features.common import local_today
from bot.services import certs
from bot.views.blocks import clip
from bot.views.modals import CE_TITLE_MAX, ce_modal

if TYPE_CHECKING:
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.deps import Deps
    from bot.features.common import Who

GLOBAL_CALLBACK = "log_ce"
MESSAGE_CALLBACK = "log_as_ce"

_SPACES = re.compile(r"\s+")
# mrkdwn emphasis around words (*bold*, _italic_, ~strike~) and code marks; a `*` or `_`
# inside a word (snake_case, 2*3) stays.
_EMPHASIS = re.compile(r"(?<!\w)[*_~]+(?=\S)|(?<=\S)[*_~]+(?!\w)|`+")
# Emoji shortcodes, `:tada:` or `:wave::skin-tone-2:`; a time such as 10:30: is left alone.
_EMOJI = re.compile(r"(?<![\w:])(?::[a-z0-9_+'-]*[a-z][a-z0-9_+'-]*:)+(?!\w)")


def message_text(message: dict[str, Any]) -> str:
    """A message's text as Slack sends it in a `message_action`, or, for a message made only
    of attachments, the first attachment's title, text or fallback."""
    text = message.get("text")
    if isinstance(text, str) and text.strip():
        return text
    for attachment in message.get("attachments") or []:
        if not isinstance(attachment, dict):
            continue
        for key in ("title", "text", "fallback"):
            value = attachment.get(key)
            if isinstance(value, str) and value.strip():
                return value
    return ""


def title_from_message(text: str, limit: int = CE_TITLE_MAX) -> str:
    """Slack message text as a plain CE title: mentions, channels, links and `<!here>`
    become readable words, entities are unescaped once, mrkdwn marks and emoji codes go,
    whitespace collapses, and the result is cut to `limit` characters."""
    text = plain(unslack(text))
    text = _EMOJI.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return clip(text, limit)


async def open_ce_log(
    deps: Deps, who: Who, client: AsyncWebClient, trigger_id: str, *, title: str = ""
) -> None:
    """Open the Log CE modal for `who`, dated today where they are."""
    held = [
        h.code for h in await certs.held(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    ]
    today = await local_today(deps, who)
    view = ce_modal(deps.catalog, held, today, title=title)
    await client.views_open(trigger_id=trigger_id, view=view)
