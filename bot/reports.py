"""A cohort's programme report as files: a CSV for spreadsheets and a PNG chart.

The CSV has one row per member, by Slack user id (the report holds no names), and neutralises
formula injection: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets
a leading apostrophe, so a spreadsheet shows it as text instead of running it.

The chart (matplotlib, Agg, no display) is sized to be read in Slack's preview: two panels,
large type. Top: steps done per member as sorted horizontal bars; above 30 members one bar
per member is unreadable, so it shows how many members have done each number of steps
(still sorted by steps). Bottom: the cohort's step completions per week, last 12 weeks.
No user-supplied text is drawn (member ids, numbers and dates only).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Sequence

from bot.rules.report import ReportRow, median, pace_text

HEADER = (
    "member",
    "steps_done",
    "last_step",
    "last_step_on_utc",
    "certifications_due_within_90_days",
    "ce_pace",
)
PER_MEMBER_BARS = 30
_RISKY = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_RISKY) else text


def csv_bytes(rows: Sequence[ReportRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for r in rows:
        when = r.last_step_at.astimezone(dt.UTC).date().isoformat() if r.last_step_at else ""
        writer.writerow(
            safe_cell(v)
            for v in (
                r.member,
                r.steps_done,
                r.last_step if r.last_step is not None else "",
                when,
                "; ".join(f"{code} {end.isoformat()}" for code, end in r.due_soon),
                "; ".join(pace_text(p) for p in r.pace),
            )
        )
    return out.getvalue().encode("utf-8")


def alt_text(
    name: str, rows: Sequence[ReportRow], weeks: Sequence[tuple[dt.date, int]], step_count: int
) -> str:
    """What the chart shows, in a sentence or two (the upload's title and alt text)."""
    done = [r.steps_done for r in rows]
    finished = sum(1 for d in done if d >= step_count)
    total = sum(n for _, n in weeks)
    text = (
        f"{name} report chart: steps done by {len(rows)} member{'s' if len(rows) != 1 else ''}"
        f" (median {median(done):g} of {step_count}, {finished} finished); "
        f"{total} step{'s' if total != 1 else ''} completed in the last {len(weeks)} weeks"
    )
    if total:
        best_week, best = max(weeks, key=lambda w: (w[1], w[0]))
        text += f", most ({best}) in the week of {best_week:%d %b %Y}"
    return text + "."


def chart_png(
    rows: Sequence[ReportRow], weeks: Sequence[tuple[dt.date, int]], step_count: int
) -> bytes:
    """The two-panel chart as PNG bytes (800 × 900 px)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 9), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    top, bottom = fig.subplots(2, 1, height_ratios=[3, 2])
    accent, muted = "#2c5f6f", "#8fb3bf"

    if len(rows) <= PER_MEMBER_BARS:
        ordered = sorted(rows, key=lambda r: (-r.steps_done, r.member))[::-1]  # most on top
        labels = [r.member for r in ordered]
        values = [r.steps_done for r in ordered]
        top.barh(range(len(values)), values, color=accent)
        top.set_yticks(range(len(values)), labels, fontsize=11 if len(rows) > 15 else 13)
        for y, v in enumerate(values):
            top.text(v + 0.1, y, str(v), va="center", fontsize=11)
        top.set_title(f"Steps done per member (of {step_count})", fontsize=16, loc="left")
        top.set_xlim(0, step_count + 0.8)
    else:
        counts = Counter(r.steps_done for r in rows)
        levels = list(range(step_count + 1))
        values = [counts.get(n, 0) for n in levels]
        top.barh(levels, values, color=accent)
        top.set_yticks(levels, [f"{n} step{'' if n == 1 else 's'}" for n in levels], fontsize=12)
        for y, v in zip(levels, values, strict=True):
            if v:
                top.text(v, y, f" {v}", va="center", fontsize=11)
        top.set_title(f"Members by steps done ({len(rows)} members)", fontsize=16, loc="left")
        top.set_xlabel("members", fontsize=12)
        top.set_xlim(0, max(values) * 1.15 + 1)
    top.tick_params(axis="x", labelsize=12)
    top.spines[["top", "right"]].set_visible(False)

    labels = [f"{start:%d %b}" for start, _ in weeks]
    counts_per_week = [n for _, n in weeks]
    bottom.bar(range(len(weeks)), counts_per_week, color=muted, edgecolor=accent)
    bottom.set_xticks(range(len(weeks)), labels, rotation=45, ha="right", fontsize=11)
    bottom.tick_params(axis="y", labelsize=12)
    bottom.set_title("Steps completed per week (week starting)", fontsize=16, loc="left")
    bottom.set_ylim(0, max(counts_per_week, default=0) * 1.15 + 1)
    bottom.spines[["top", "right"]].set_visible(False)

    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
