"""Modal submissions: log CE hours, add or renew a certification, reminder settings.

Invalid input keeps the modal open with the problem under its field
(`response_action: errors`); a valid one closes it and refreshes the App Home.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import notify
from bot.commands import clean, is_number
from bot.deps import Deps
from bot.features.common import local_today
from bot.features.home import refresh_home
from bot.handlers.actions import who_clicked
from bot.rules.window import parse_hhmm
from bot.services import certs, prefs
from bot.services.progress import ensure_user
from bot.zone_choice import chosen_zone, zone_options


def values(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    state = ((body.get("view") or {}).get("state") or {}).get("values") or {}
    flat: dict[str, dict[str, Any]] = {}
    for block_id, actions in state.items():
        for element in (actions or {}).values():
            flat[block_id] = _cleaned(element or {})
    return flat


def _cleaned(element: dict[str, Any]) -> dict[str, Any]:
    """Typed values without NUL or lone surrogates (PostgreSQL refuses them; SQLite would
    store them): the same input gets the same answer on both."""
    if isinstance(element.get("value"), str):
        return {**element, "value": clean(element["value"])}
    return element


def _date(element: dict[str, Any] | None) -> dt.date | None:
    raw = (element or {}).get("selected_date")
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _selected(element: dict[str, Any] | None) -> str | None:
    option = (element or {}).get("selected_option")
    return option.get("value") if isinstance(option, dict) else None


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view("ce_log")
    async def ce_log(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        v = values(body)
        errors: dict[str, str] = {}
        hours = certs.parse_hours(str((v.get("hours") or {}).get("value") or ""))
        if problem := certs.hours_problem(hours):
            errors["hours"] = problem
        title = str((v.get("title") or {}).get("value") or "").strip()
        if not title:
            errors["title"] = "Add a title so you can find it later"
        taken_on = _date(v.get("taken_on"))
        who = who_clicked(body)
        today = await local_today(deps, who)
        if taken_on is None:
            errors["taken_on"] = "Pick the date you did it"
        elif problem := certs.ce_date_problem(taken_on, today):
            errors["taken_on"] = problem
        code = _selected(v.get("cert"))
        if code is not None and deps.catalog.certification(code) is None:
            errors["cert"] = "Pick a certification from the list"
        ethics = bool((v.get("ethics") or {}).get("selected_options"))
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        assert taken_on is not None and hours is not None
        async with deps.db.transaction() as conn:  # written before the ack closes the modal
            await certs.log_ce(
                conn=conn,
                team_id=who.team_id,
                user_id=who.user_id,
                hours=hours,
                code=code,
                ethics=ethics,
                title=title,
                taken_on=taken_on,
            )
        await ack()
        notify.spawn([refresh_home(deps, who)], client)

    @app.view("cert_add")
    async def cert_add(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        v = values(body)
        errors: dict[str, str] = {}
        code = _selected(v.get("cert"))
        if code is None or deps.catalog.certification(code) is None:
            errors["cert"] = "Pick a certification"
        since, until = _date(v.get("since")), _date(v.get("valid_through"))
        who = who_clicked(body)
        today = await local_today(deps, who)
        if until is not None and since == today:
            since = None  # the untouched default: the certificate's date decides
        cert = deps.catalog.certification(code or "")
        cycle: tuple[dt.date, dt.date | None] | str | None = None
        if cert is not None:
            cycle = certs.cycle_from(cert, since, until, today)
        elif since is not None:
            cycle = certs.cycle_start_problem(since, today)
        if isinstance(cycle, str):
            errors["valid_through" if "valid-through" in cycle else "since"] = cycle
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        assert code is not None and isinstance(cycle, tuple)
        async with deps.db.transaction() as conn:
            await certs.add(
                conn=conn,
                team_id=who.team_id,
                user_id=who.user_id,
                code=code,
                cycle_start=cycle[0],
                valid_through=cycle[1],
            )
        await ack()
        notify.spawn([refresh_home(deps, who)], client)

    @app.options("tz_input")
    async def timezones(ack: AsyncAck, body: dict[str, Any]) -> None:
        """Type-ahead for the timezone field: the person's Slack zone first."""
        who = who_clicked(body)
        current = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
        query = str(body.get("value") or "")[:100]
        await ack(options=zone_options(query, slack_zone=current.tz))

    @app.view("remind_settings")
    async def remind_settings(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        v = values(body)
        errors: dict[str, str] = {}
        minute = parse_hhmm(str((v.get("time") or {}).get("selected_time") or ""))
        if minute is None:
            errors["time"] = "Pick a time"
        picked = (v.get("days") or {}).get("selected_options") or []
        days = 0
        for option in picked:
            value = str(option.get("value", ""))
            if is_number(value) and int(value) < 7:
                days |= 1 << int(value)
        if not days:
            errors["days"] = "Pick at least one day"
        valid, tz = chosen_zone(_selected(v.get("tz")))
        if not valid:
            errors["tz"] = "Pick a timezone from the list, or leave it empty"
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        who = who_clicked(body)
        async with deps.db.transaction() as conn:
            uid = await ensure_user(conn=conn, team_id=who.team_id, user_id=who.user_id)
            await prefs.change(
                conn=conn,
                user_row_id=uid,
                remind_minute=minute,
                work_days=days,
                tz_override=tz or None,
            )
        await ack()
        notify.spawn([refresh_home(deps, who)], client)
