"""The modals: log CE hours, add or renew a certification, reminder settings.

Built from slack_sdk's view and element models; block and action ids are what
`bot/handlers/views.py` reads back on submission.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    DatePickerElement,
    ExternalDataSelectElement,
    InputBlock,
    InputInteractiveElement,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.catalog import Catalog
from bot.views.blocks import MAX_BUTTON, clip
from bot.views.reminders import DAY_NAMES_LONG
from bot.zone_choice import MAX_LABEL as MAX_ZONE_LABEL

MAX_MODAL_TITLE = 24
MAX_OPTIONS = 100
CE_TITLE_MAX = 200  # the Log CE modal's title field, and what certs.log_ce stores
DEFAULT_REMIND_MINUTE = 9 * 60  # the reminder settings' time, when none is set


def _plain(text: str) -> PlainTextObject:
    return PlainTextObject(text=text)


def _option(text: str, value: str, limit: int = MAX_BUTTON) -> Option:
    return Option(text=_plain(clip(text, limit)), value=value)


def _input(
    block_id: str,
    label: str,
    element: InputInteractiveElement,
    *,
    optional: bool = False,
    hint: str | None = None,
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=_plain(label),
        element=element,
        optional=optional,
        hint=_plain(hint) if hint else None,
    )


def _modal(callback_id: str, title: str, submit: str, blocks: Sequence[Block]) -> dict[str, Any]:
    return View(
        type="modal",
        callback_id=callback_id,
        title=_plain(clip(title, MAX_MODAL_TITLE)),
        submit=_plain(submit),
        close=_plain("Cancel"),
        blocks=blocks,
    ).to_dict()


def ce_modal(
    cat: Catalog, held: Sequence[str], today: dt.date, code: str | None = None, title: str = ""
) -> dict[str, Any]:
    """The Log CE modal; `title` prefills the course field (the "Log as CE" shortcut)."""
    codes = list(held) or [c.code for c in cat.certifications.certifications]
    return _modal(
        "ce_log",
        "Log CE hours",
        "Log",
        [
            _input(
                "hours",
                "Hours",
                NumberInputElement(
                    action_id="hours_input",
                    is_decimal_allowed=True,
                    min_value="0.25",
                    max_value="100",
                ),
            ),
            _input(
                "title",
                "Course or activity",
                PlainTextInputElement(
                    action_id="title_input",
                    max_length=CE_TITLE_MAX,
                    initial_value=title[:CE_TITLE_MAX] if title else None,
                ),
            ),
            _input(
                "cert",
                "Counts toward",
                StaticSelectElement(
                    action_id="cert_select",
                    placeholder=_plain("Any certification"),
                    options=[_option(c, c) for c in codes][:MAX_OPTIONS],
                    initial_option=_option(code, code) if code in codes else None,
                ),
                optional=True,
                hint="Leave empty to count it toward every certification whose cycle it falls in.",
            ),
            _input(
                "ethics",
                "Ethics",
                CheckboxesElement(
                    action_id="ethics_input",
                    options=[_option("These are ethics hours", "ethics")],
                ),
                optional=True,
            ),
            _input(
                "taken_on",
                "Date",
                DatePickerElement(action_id="date_input", initial_date=today.isoformat()),
            ),
        ],
    )


def cert_modal(cat: Catalog, today: dt.date, code: str | None = None) -> dict[str, Any]:
    """Add a certification, or renew one (`code` preselected, as from a reminder's button)."""
    certs = cat.certifications.certifications
    cert = cat.certification(code) if code else None
    return _modal(
        "cert_add",
        "Add a certification",
        "Save",
        [
            _input(
                "cert",
                "Certification",
                StaticSelectElement(
                    action_id="cert_select",
                    options=[_option(f"{c.code} — {c.name}", c.code) for c in certs][:MAX_OPTIONS],
                    initial_option=(
                        _option(f"{cert.code} — {cert.name}", cert.code) if cert else None
                    ),
                ),
            ),
            _input(
                "since",
                "Earned or last renewed on",
                DatePickerElement(action_id="date_input", initial_date=today.isoformat()),
                optional=True,
            ),
            _input(
                "valid_through",
                "Valid through (printed on the certificate)",
                DatePickerElement(action_id="date_input"),
                optional=True,
                hint="If you give it, it is used as the end of your cycle for reminders.",
            ),
        ],
    )


def remind_modal(minute: int | None, days: int, tz_override: str | None) -> dict[str, Any]:
    """Reminder settings: from what time, on which weekdays (bit i: `DAY_NAMES_LONG[i]`), and
    the timezone when it overrides the Slack profile's."""
    day_options = [_option(name, str(i)) for i, name in enumerate(DAY_NAMES_LONG)]
    chosen = [o for i, o in enumerate(day_options) if days & (1 << i)]
    start = DEFAULT_REMIND_MINUTE if minute is None else minute
    return _modal(
        "remind_settings",
        "Reminder settings",
        "Save",
        [
            _input(
                "time",
                "Reminders from",
                TimePickerElement(
                    action_id="time_input", initial_time=f"{start // 60:02d}:{start % 60:02d}"
                ),
            ),
            _input(
                "days",
                "On these days",
                CheckboxesElement(
                    action_id="days_input", options=day_options, initial_options=chosen or None
                ),
            ),
            _input(
                "tz",
                "Timezone",
                ExternalDataSelectElement(
                    action_id="tz_input",
                    min_query_length=0,
                    placeholder=_plain("Type a city, e.g. London"),
                    initial_option=(
                        Option(text=_plain(tz_override[:MAX_ZONE_LABEL]), value=tz_override)
                        if tz_override
                        else None
                    ),
                ),
                optional=True,
                hint="Type to search; leave empty to follow your Slack profile.",
            ),
        ],
    )
