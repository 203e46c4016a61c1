"""Reminders: the parts of a reminder message, its buttons, and `/careerpath remind` status."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import ActionsBlock, Block

from bot.catalog import Certification, Step
from bot.views.blocks import (
    Reply,
    button,
    clip,
    context,
    countdown,
    esc,
    header,
    num,
    section,
    slack_date,
)
from bot.views.certs import CHECK, Pace, pace_line

DAY_NAMES_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class ReminderPart:
    title: str
    body: str


def renewal_part(
    cert: Certification, end: dt.date, days_left: int, pace: Pace | None
) -> ReminderPart:
    if days_left < 0:
        title = f"⚠️ Your {cert.code} cycle ended {slack_date(end)}"
        late = (
            f" {cert.body} considers late requests only within {cert.late_window_days} days "
            "after the end, with a documented reason."
            if cert.late_window_days
            else ""
        )
        body = f"Renew now, or find out from {esc(cert.body)} what lapsing means for you.{late}"
    else:
        title = (
            f"⏳ {cert.code} renewal: your cycle ends {slack_date(end)} ({countdown(days_left)})"
        )
        todo = []
        if pace is not None and pace.logged < pace.required:
            todo.append(
                f"earn and log the remaining {num(round(pace.required - pace.logged, 2))}"
                f" of {num(pace.required)} CE hours"
            )
        todo.append(f"apply to renew with {esc(cert.body)}")
        body = "What to do next: " + ", then ".join(todo) + "."
    if pace is not None:
        body += "\n" + pace_line(pace)
    return ReminderPart(title, body + f"\nCheck with {esc(cert.body)}: {esc(cert.source)}")


def ce_pace_part(cert: Certification, pace: Pace) -> ReminderPart:
    title = f"📚 {cert.code} CE pace: {pace.gap:.1f} h behind"
    body = (
        f"{pace_line(pace)}\nBy {slack_date(pace.end)} you need {num(pace.required)} hours. "
        f"Log what you have done: `/careerpath ce log <hours> {cert.code} <title>`.\n"
        f"Check with {esc(cert.body)}: {esc(cert.source)}"
    )
    return ReminderPart(title, body)


def stalled_part(step: Step, weeks: int, days: int) -> ReminderPart:
    title = f"🧭 Your next step is step {step.number}: {step.title}"
    body = (
        f"No step has changed for {weeks} week{'s' if weeks != 1 else ''}. "
        f"{esc(step.summary)}\nStart with: {esc(step.checklist[0])} · `/careerpath next`"
    )
    return ReminderPart(title, body)


def reminder_reply(parts: Sequence[ReminderPart], codes: Sequence[str] = ()) -> Reply:
    blocks: list[Block] = [header("🔔 careerpath reminder")]
    for p in parts[:20]:
        blocks.append(section(f"*{p.title}*\n{p.body}"))
    blocks.append(reminder_buttons(codes))
    blocks.append(context(f"{CHECK} · `/careerpath remind` to change when you hear from me."))
    text = " · ".join(_plain_title(p.title) for p in parts)
    return Reply(clip(text, 300), blocks)


def _plain_title(title: str) -> str:

    return re.sub(r"<!date\^\d+\^[^|>]*\|([^>]*)>", r"\1", title)


def remind_status_reply(
    *,
    on: bool,
    window: str,
    snooze: dt.datetime | None,
    vacation: dt.date | None,
    paused: str | None,
    tz_known: bool,
    note: str = "",
) -> Reply:
    """Reminder settings; `snooze` and `vacation` only while they hold (`bot.rules.quiet`)."""
    lines = [f"Reminders: *{'on' if on else 'off'}*", f"When: {esc(window)}"]
    if snooze is not None:
        lines.append(f"Snoozed until {slack_date(snooze, '{date_short} {time}')}")
    if vacation is not None:
        lines.append(f"On vacation until {slack_date(vacation)}")
    if paused:
        lines.append(
            f"⚠️ Paused: Slack refused a delivery ({esc(paused)}). `/careerpath remind on` resumes."
        )
    if not tz_known:
        lines.append("Your timezone comes from your Slack profile at the first reminder.")
    blocks: list[Block] = []
    if note:
        blocks.append(section(note))
    blocks.append(section("\n".join(lines)))
    blocks.append(
        context(
            "`remind on|off` · `remind time 08:30` · `remind snooze 7` · "
            "`remind vacation 2026-12-31`"
        )
    )
    return Reply((note + " " if note else "") + f"Reminders are {'on' if on else 'off'}.", blocks)


def reminder_buttons(codes: Sequence[str]) -> ActionsBlock:
    first = codes[0] if codes else ""
    elements = [
        button("Snooze 7 days", "remind_snooze", "7"),
        button("Log CE hours", "open_ce_modal", first),
    ]
    if codes:
        elements.append(button("I renewed", "open_cert_modal", first))
    return ActionsBlock(block_id="reminder", elements=elements)
