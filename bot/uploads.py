"""Files sent to a person's DM in the background (the renewal calendar, a cohort report).

The files are made by the effect itself, after the ack, so a slow report never delays the
reply; if making or uploading them fails, the person is told (by the command's response_url,
or in the DM when there is none, as after an App Home click).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot import notify

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Upload:
    """One file: its name, bytes, title, and alt text for an image."""

    filename: str
    content: bytes
    title: str
    alt_txt: str | None = None

    def item(self) -> dict[str, Any]:
        item: dict[str, Any] = {"filename": self.filename, "file": self.content}
        item["title"] = self.title
        if self.alt_txt:
            item["alt_txt"] = self.alt_txt[:1000]
        return item


def files_effect(
    user_id: str,
    make: Callable[[], Awaitable[list[Upload]]],
    *,
    comment: str,
    failed: str,
    response_url: str = "",
) -> notify.Effect:
    """Make the files and upload them in one message of the DM with `user_id`; `failed`
    (plain text) is what the person reads if that does not work."""

    async def send(client: AsyncWebClient) -> None:
        try:
            files = await make()
            opened = await client.conversations_open(users=user_id)
            await client.files_upload_v2(
                channel=opened["channel"]["id"],
                file_uploads=[f.item() for f in files],
                initial_comment=comment,
            )
        except SlackApiError as exc:
            log.warning("a file upload was refused: %s", exc.response.get("error"))
            await _tell(client, user_id, failed, response_url)
        except Exception:  # making the file or reaching Slack failed: say so, never silently
            log.exception("a file upload failed")
            await _tell(client, user_id, failed, response_url)

    return send


async def _tell(client: AsyncWebClient, user_id: str, text: str, response_url: str) -> None:
    message = {"text": f"⚠️ {text}"}
    if response_url:
        await notify.respond(response_url, message)
    else:
        await notify.dm(client, user_id, message)
