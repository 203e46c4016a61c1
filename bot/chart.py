"""The programme report's chart, drawn with matplotlib (Agg: no display needed).

Run as a script in a child process by `bot.reports.chart_png`: JSON on stdin, PNG on stdout.
It imports nothing of careerpath, so the app never loads matplotlib.

Sized to be read in Slack's preview: 800 × 900 px, two panels, large type. Top: steps done
per member as sorted horizontal bars (labelled with Slack user ids); above 30 members one
bar each is unreadable, so it shows how many members have done each number of steps, still
sorted by steps. Bottom: the cohort's step completions per week. No user-supplied text is
drawn: member ids, numbers and dates only.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections import Counter
from collections.abc import Sequence

PER_MEMBER_BARS = 30


def draw(
    members: Sequence[tuple[str, int]], weeks: Sequence[tuple[dt.date, int]], step_count: int
) -> bytes:
    """The two-panel chart as PNG bytes (800 × 900 px): `members` as (Slack user id, steps
    done), `weeks` as (Monday, steps completed that week)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure  # imported in main() already, before any input

    fig = Figure(figsize=(8, 9), dpi=100)
    FigureCanvasAgg(fig)
    # Fixed margins (room for the member ids and week labels): a layout engine would
    # measure every label first, doubling the drawing time.
    fig.subplots_adjust(left=0.16, right=0.97, top=0.95, bottom=0.09, hspace=0.3)
    top, bottom = fig.subplots(2, 1, height_ratios=[3, 2])
    accent, muted = "#2c5f6f", "#8fb3bf"

    if len(members) <= PER_MEMBER_BARS:
        ordered = sorted(members, key=lambda m: (-m[1], m[0]))[::-1]  # most on top
        labels = [member for member, _ in ordered]
        values = [steps for _, steps in ordered]
        top.barh(range(len(values)), values, color=accent)
        top.set_yticks(range(len(values)), labels, fontsize=11 if len(members) > 15 else 13)
        for y, v in enumerate(values):
            top.text(v + 0.1, y, str(v), va="center", fontsize=11)
        top.set_title(f"Steps done per member (of {step_count})", fontsize=16, loc="left")
        top.set_xlim(0, step_count + 0.8)
    else:
        counts = Counter(steps for _, steps in members)
        levels = list(range(step_count + 1))
        values = [counts.get(n, 0) for n in levels]
        top.barh(levels, values, color=accent)
        top.set_yticks(levels, [f"{n} step{'' if n == 1 else 's'}" for n in levels], fontsize=12)
        for y, v in zip(levels, values, strict=True):
            if v:
                top.text(v, y, f" {v}", va="center", fontsize=11)
        top.set_title(f"Members by steps done ({len(members)} members)", fontsize=16, loc="left")
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


def main() -> None:
    # Import first: the report's queries run meanwhile, and only then is the data sent.
    import matplotlib.backends.backend_agg
    import matplotlib.figure  # noqa: F401

    request = json.loads(sys.stdin.buffer.read())
    members = [(str(m), int(n)) for m, n in request["members"]]
    weeks = [(dt.date.fromisoformat(d), int(n)) for d, n in request["weeks"]]
    sys.stdout.buffer.write(draw(members, weeks, int(request["step_count"])))


if __name__ == "__main__":
    main()
