"""A cohort's programme report as files: a CSV for spreadsheets and a PNG chart.

The CSV has one row per member, by Slack user id (the report holds no names), and neutralises
formula injection: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets
a leading apostrophe, so a spreadsheet shows it as text instead of running it.

The chart is drawn by `bot/chart.py` in a child process (see `ChartProcess`).
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Sequence

from bot import chart
from bot.rules.report import ReportRow, median, pace_text

HEADER = (
    "member",
    "steps_done",
    "last_step",
    "last_step_on_utc",
    "certifications_due_within_90_days",
    "ce_pace",
)
CHART_TIMEOUT_S = 60
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


class ChartProcess:
    """The chart, drawn by `bot/chart.py` in a short-lived process of its own: matplotlib
    (40 MB) never loads into the app, and drawing never holds the app's GIL. Started before
    the report's queries, so its imports overlap them."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self._proc = proc

    @classmethod
    async def start(cls) -> ChartProcess:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            chart.__file__,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        return cls(proc)

    async def draw(
        self, rows: Sequence[ReportRow], weeks: Sequence[tuple[dt.date, int]], step_count: int
    ) -> bytes:
        request = {
            "members": [[r.member, r.steps_done] for r in rows],
            "weeks": [[start.isoformat(), n] for start, n in weeks],
            "step_count": step_count,
        }
        try:
            png, err = await asyncio.wait_for(
                self._proc.communicate(json.dumps(request).encode()), CHART_TIMEOUT_S
            )
        except TimeoutError:
            raise RuntimeError("drawing the chart took too long") from None
        if self._proc.returncode != 0 or not png.startswith(b"\x89PNG"):
            raise RuntimeError(f"drawing the chart failed: {err.decode(errors='replace')[-500:]}")
        return png

    async def close(self) -> None:
        """End the process if it is still running (a failed report, a timeout)."""
        if self._proc.returncode is None:
            self._proc.kill()
            await self._proc.wait()
