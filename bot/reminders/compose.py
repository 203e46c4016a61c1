"""One message per recipient from the reminders claimed for them, checked against current state.

A reminder planned earlier may no longer hold when it is sent (the certification was renewed,
hours were logged, a step was done): those are cancelled with the reason, not sent.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from bot.catalog import Catalog
from bot.rules.cycles import cycle_end
from bot.rules.kinds import Kind
from bot.rules.localtime import today_for
from bot.rules.pace import ce_pace
from bot.rules.person import Learner
from bot.rules.stall import STALL_DAYS
from bot.services.mentors import MenteeNews
from bot.views.blocks import Reply
from bot.views.people import ce_change, cert_change, mentor_digest_part, step_change
from bot.views.reminders import (
    ReminderPart,
    ce_pace_part,
    reminder_reply,
    renewal_part,
    stalled_part,
)


@dataclass(frozen=True)
class Item:
    """A claimed ledger row."""

    id: int
    kind: str
    period: str
    data: dict[str, object]

    @classmethod
    def from_row(cls, id: int, kind: str, period: str, data: str) -> Item:
        try:
            parsed = json.loads(data or "{}")
        except ValueError:
            parsed = {}
        return cls(id, kind, period, parsed if isinstance(parsed, dict) else {})


@dataclass
class Composed:
    reply: Reply | None
    send: list[int] = field(default_factory=list)
    cancel: dict[int, str] = field(default_factory=dict)


def compose(
    items: list[Item],
    learner: Learner,
    catalog: Catalog,
    now: dt.datetime,
    extra: list[ReminderPart] | None = None,
) -> Composed:
    """One message from `items` (and any `extra` parts, such as a mentor digest)."""
    today = today_for(learner.zone_name, now)
    held = {h.code: h for h in learner.certs}
    out = Composed(None)
    parts: list[ReminderPart] = []
    for item in sorted(items, key=lambda i: (_ORDER.get(i.kind, 9), i.period)):
        code = str(item.data.get("code", ""))
        cert = catalog.certification(code) if code else None
        if item.kind == Kind.RENEWAL:
            h = held.get(code)
            end = cycle_end(cert, h.cycle_start, h.valid_through) if cert and h else None
            if cert is None or end is None or end.isoformat() != item.data.get("end"):
                out.cancel[item.id] = "certification renewed or removed since"
                continue
            pace = ce_pace(cert, h, learner.ce, today) if h else None
            parts.append(renewal_part(cert, end, (end - today).days, pace))
        elif item.kind == Kind.CE_PACE:
            h = held.get(code)
            pace = ce_pace(cert, h, learner.ce, today) if cert and h else None
            if cert is None or pace is None or pace.end.isoformat() != item.data.get("end"):
                out.cancel[item.id] = "certification renewed or removed since"
                continue
            if not pace.behind:
                out.cancel[item.id] = "no longer behind pace"
                continue
            parts.append(ce_pace_part(cert, pace))
        elif item.kind == Kind.STALLED:
            last = learner.last_progress_at
            if (
                last is None
                or learner.next_step is None
                or not item.period.startswith(last.isoformat(timespec="seconds"))
            ):
                out.cancel[item.id] = "progress since"
                continue
            step = catalog.step(learner.next_step)
            if step is None:
                out.cancel[item.id] = "no step left"
                continue
            weeks = max(1, (now - last).days // 7)
            parts.append(stalled_part(step, weeks, STALL_DAYS))
        else:
            out.cancel[item.id] = f"unknown kind {item.kind}"
            continue
        out.send.append(item.id)
    if extra:
        parts = [*extra, *parts]
    if parts:
        codes = [h.code for h in learner.certs if catalog.certification(h.code)]
        out.reply = reminder_reply(parts, codes)
    return out


_ORDER: dict[str, int] = {Kind.RENEWAL: 0, Kind.CE_PACE: 1, Kind.STALLED: 2}


def mentor_digest_parts(news: list[MenteeNews], catalog: Catalog) -> list[ReminderPart]:
    """One part per mentee with news: steps finished or reopened, CE logged, certifications."""
    parts = []
    for n in news:
        lines = []
        for step, action in n.steps:
            found = catalog.step(step)
            lines.append(step_change(step, found.title if found else None, done=action == "done"))
        if n.ce_entries:
            lines.append(ce_change(n.ce_hours, n.ce_entries))
        lines += [cert_change(code) for code in n.certs]
        parts.append(mentor_digest_part(n.slack_user_id, lines))
    return parts
