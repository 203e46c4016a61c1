"""A renewal calendar as an RFC 5545 file, built with `icalendar`.

Made to import cleanly into Google Calendar, Outlook and Apple Calendar: all-day events as
`DTSTART;VALUE=DATE` with `DTEND` the next day (floating dates: each person sees their own
calendar day, whatever their timezone), CRLF line endings and 75-octet folding (the library
does both), `METHOD:PUBLISH`, and free (`TRANSP:TRANSPARENT`) so nothing blocks a day.

Each event's UID is derived from the workspace, the person, the certification, the cycle
and the kind of event: importing the file again updates the events instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from icalendar import Calendar, Event

from bot.catalog import Catalog
from bot.rules.renewal_calendar import Milestone

PRODID = "-//careerpath//Renewal calendar//EN"
CHECK = "Dates are computed from published rules: check with the certifying body."
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://careerpath.invalid/calendar")


def uid(team_id: str, user_id: str, m: Milestone) -> str:
    """Stable across exports; a new cycle (a renewal) gets new ones."""
    key = f"{team_id}/{user_id}/{m.code}/{m.cycle_start.isoformat()}/{m.kind}"
    return f"{uuid.uuid5(_NAMESPACE, key)}@careerpath"


def _hours(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def _text(catalog: Catalog, m: Milestone) -> tuple[str, str]:
    """SUMMARY and DESCRIPTION of one milestone."""
    cert = catalog.certification(m.code)
    name = f"{m.code} ({cert.name})" if cert is not None else m.code
    body = cert.body_name if cert is not None else "the certifying body"
    required = cert.ce_hours if cert is not None else None
    ends = m.cycle_end.isoformat()
    lines: list[str] = []
    if m.kind == "cycle-end":
        summary = f"{m.code} cycle ends: renew"
        lines.append(
            f"Your {name} cycle that began on {m.cycle_start.isoformat()} ends today. "
            f"Renew with {body}."
        )
        if required:
            ethics = cert.ethics_hours if cert is not None else 0
            extra = f", {_hours(ethics)} of them in ethics" if ethics else ""
            lines.append(f"The cycle asks for {_hours(required)} CE hours{extra}.")
    elif m.kind.startswith("renewal-"):
        summary = f"{m.code} renewal: {m.days_left} days left"
        lines.append(f"Your {name} cycle ends on {ends}, in {m.days_left} days. Renew with {body}.")
        if required and m.ce_expected is not None:
            lines.append(
                f"On pace, about {_hours(m.ce_expected)} of the {_hours(required)} CE hours "
                "are done by now."
            )
    else:
        expected = _hours(m.ce_expected or 0)
        summary = f"{m.code} CE checkpoint: {expected} of {_hours(required or 0)} h"
        lines.append(
            f"CE pace checkpoint, {m.period} of your {name} cycle (ends {ends}): about "
            f"{expected} of the {_hours(required or 0)} CE hours keep you on pace "
            "(spread evenly over the cycle)."
        )
    lines.append("See where you stand with /careerpath ce, and log hours with /careerpath ce log.")
    lines.append(CHECK)
    return summary, "\n".join(lines)


def build(
    catalog: Catalog,
    items: Sequence[Milestone],
    *,
    team_id: str,
    user_id: str,
    now: dt.datetime,
) -> bytes:
    """The .ics file of `items` for one person; `now` is the DTSTAMP (UTC)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "careerpath renewals")
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    for m in items:
        summary, description = _text(catalog, m)
        event = Event()
        event.add("uid", uid(team_id, user_id, m))
        event.add("dtstamp", stamp)
        event.add("dtstart", m.day)
        event.add("dtend", m.day + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", description)
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["careerpath"])
        event.add("x-microsoft-cdo-alldayevent", "TRUE")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
