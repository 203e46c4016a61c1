"""Certifications: the catalog's list, the ones a person holds, and their CE hours and pace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from slack_sdk.models.blocks import Block, DividerBlock

from bot.catalog import Catalog, Certification
from bot.views.blocks import (
    Reply,
    bar,
    context,
    countdown,
    esc,
    header,
    memo,
    num,
    section,
    slack_date,
)

# A CE entry as `ce` lists it: (certification code or None, hours, ethics, day, title).
CeEntry = tuple[str | None, float, bool, dt.date, str]


class Pace(Protocol):
    """CE hours in one certification's current cycle, as computed by the rules."""

    @property
    def end(self) -> dt.date: ...
    @property
    def required(self) -> float: ...
    @property
    def ethics_required(self) -> float: ...
    @property
    def logged(self) -> float: ...
    @property
    def ethics_logged(self) -> float: ...
    @property
    def expected_now(self) -> float: ...
    @property
    def gap(self) -> float: ...


def cert_line(c: Certification) -> str:
    parts = [f"*{esc(c.code)}* — {esc(c.name)} ({esc(c.body)})"]
    cycle = []
    if c.cycle_years:
        cycle.append(f"renews every {c.cycle_years} years")
    if c.ce_hours:
        extra = f", {num(c.ethics_hours)} in ethics" if c.ethics_hours else ""
        cycle.append(f"{num(c.ce_hours)} CE hours per cycle{extra}")
    if cycle:
        parts.append(", ".join(cycle))
    return "\n".join(parts)


@memo
def certs_reply(cat: Catalog) -> Reply:
    certs = cat.certifications
    blocks: list[Block] = [header("🎓 Certifications"), section(esc(certs.intro))]
    for c in certs.certifications:
        blocks.append(section(cert_line(c) + f"\n{esc(c.summary)}"))
        blocks.append(context(f"Source: {esc(c.source)} · verified {c.verified_on.isoformat()}"))
    blocks.append(context(f"⚠️ {esc(certs.disclaimer)}"))
    return Reply("Certifications for care managers", blocks)


CHECK = "Deadlines here are computed from published rules: check with the certifying body."


def pace_line(p: Pace) -> str:
    line = f"`{bar(round(p.logged, 2), p.required)}` CE hours"
    if p.ethics_required:
        line += f" · ethics {num(round(p.ethics_logged, 2))}/{num(p.ethics_required)}"
    if p.logged >= p.required:
        return line + " · requirement met ✅"
    diff = p.logged - p.expected_now
    if diff >= 0:
        return line + f" · ahead of pace by {diff:.1f} h"
    return line + f" · behind pace by {-diff:.1f} h"


@dataclass(frozen=True)
class HeldView:
    """A held certification as the `certs` and `ce` replies show it."""

    cert: Certification
    start: dt.date
    end: dt.date | None
    days_left: int | None
    pace: Pace | None


def held_lines(views: Sequence[HeldView]) -> str:
    lines = []
    for v in views:
        line = f"*{esc(v.cert.code)}* — since {slack_date(v.start)}"
        if v.end is not None and v.days_left is not None:
            when = "ended" if v.days_left < 0 else "cycle ends"
            line += f" · {when} {slack_date(v.end)} ({countdown(v.days_left)})"
        if v.pace is not None:
            line += "\n" + pace_line(v.pace)
        lines.append(line)
    return "\n".join(lines)


def certs_mine_reply(cat: Catalog, views: Sequence[HeldView]) -> Reply:
    base = certs_reply(cat)
    if not views:
        mine: list[Block] = [
            section(
                "*Yours:* none recorded yet. Add one with "
                "`/careerpath cert add CCM 2024-05-01` (the date you earned "
                "or last renewed it)."
            )
        ]
    else:
        mine = [header("Your certifications"), section(held_lines(views)), context(f"⚠️ {CHECK}")]
    return Reply(base.text, [*mine, DividerBlock(), *base.blocks])


def cert_added_reply(view: HeldView, *, new: bool) -> Reply:
    verb = "Added" if new else "Updated"
    text = f"{verb} {view.cert.code}."
    return Reply(
        text,
        [
            section(f"🎓 {verb} *{esc(view.cert.code)}*.\n" + held_lines([view])),
            context(f"Reminders come before the cycle ends. {CHECK}"),
        ],
    )


def ce_reply(views: Sequence[HeldView], recent: Sequence[CeEntry], loose: float) -> Reply:
    blocks: list[Block] = [header("📚 Continuing education")]
    with_req = [v for v in views if v.pace is not None]
    if with_req:
        blocks.append(section(held_lines(with_req)))
    else:
        blocks.append(
            section(
                "No certification with a CE requirement recorded yet: "
                "`/careerpath cert add <CODE> <YYYY-MM-DD>`."
            )
        )
    if recent:
        lines = "\n".join(
            f"• {slack_date(day)} — {num(hours)} h{' (ethics)' if ethics else ''}"
            f"{' · ' + esc(code) if code else ''} — {esc(title)}"
            for code, hours, ethics, day, title in recent
        )
        blocks.append(section("*Latest entries*\n" + lines))
    if loose:
        blocks.append(
            context(
                f"{num(loose)} h logged without a certification count toward every "
                "certification whose cycle they fall in."
            )
        )
    blocks.append(
        context("Log hours: `/careerpath ce log 1.5 CCM ethics Ethics webinar`. " + CHECK)
    )
    return Reply("Your CE hours", blocks)
