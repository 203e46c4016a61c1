"""Your reminder settings: `remind status|on|off|time|snooze|vacation|tz`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.catalog import Catalog
from bot.commands import Command, Invalid, is_number, subcommand
from bot.deps import Deps
from bot.features.common import Who, parse_date
from bot.rules.localtime import is_zone
from bot.rules.quiet import active_snooze, active_vacation
from bot.rules.window import hhmm, parse_hhmm
from bot.services import prefs
from bot.services.progress import ensure_user
from bot.views.blocks import Reply, notice
from bot.views.reminders import remind_status_reply

MAX_SNOOZE_DAYS = 365
MAX_VACATION = dt.timedelta(days=366)


@dataclass(frozen=True)
class Remind:
    """One `remind` action and its value: `minute` for `time`, `days` for `snooze` (0 clears
    it), `day` for `vacation` (None clears it), `zone` for `tz` (None follows Slack)."""

    action: str  # status, on, off, time, snooze, vacation, tz
    minute: int = 0
    days: int = 0
    day: dt.date | None = None
    zone: str | None = None


def _notice(message: str) -> Invalid:
    return Invalid(message, notice=True)


def remind_words(cmd: Command, cat: Catalog) -> Remind | Invalid:
    """The arguments of `remind`; a vacation's date is checked against today by the handler."""
    action = cmd.args[0] if cmd.args else "status"
    arg = cmd.args[1] if len(cmd.args) > 1 else ""
    if action in ("status", "on", "off"):
        return Remind(action)
    if action == "time":
        minute = parse_hhmm(arg)
        if minute is None:
            return _notice("Give a time as HH:MM, like `/careerpath remind time 08:30`.")
        return Remind("time", minute=minute)
    if action == "snooze":
        if arg in ("off", "0"):
            return Remind("snooze", days=0)
        if not is_number(arg) or not 1 <= int(arg) <= MAX_SNOOZE_DAYS:
            return _notice("Snooze for 1 to 365 days, like `/careerpath remind snooze 7`.")
        return Remind("snooze", days=int(arg))
    if action == "vacation":
        if arg == "off":
            return Remind("vacation")
        day = parse_date(arg)
        if day is None:
            return _notice(
                "Give the last day of your vacation as YYYY-MM-DD, like "
                "`/careerpath remind vacation 2026-12-31`."
            )
        return Remind("vacation", day=day)
    if action in ("tz", "timezone"):
        name = cmd.raw_args[1] if len(cmd.raw_args) > 1 else ""
        if name.lower() in ("auto", "slack", "off"):
            return Remind("tz")
        if not name or not is_zone(name):
            return _notice(
                "Give an IANA timezone such as `Europe/London` or "
                "`America/Chicago`, or `auto` to follow Slack."
            )
        return Remind("tz", zone=name)
    return _notice(
        "Try `/careerpath remind status`, `on`, `off`, `time HH:MM`, "
        "`snooze <days>`, `vacation <YYYY-MM-DD>` or `tz <Zone>`."
    )


@subcommand(
    "remind",
    usage="remind [status|on|off|time HH:MM|snooze <days>|vacation <YYYY-MM-DD>]",
    parse=remind_words,
    aliases=("reminders", "reminder"),
    changes_home=True,
)
async def remind(deps: Deps, who: Who, args: Remind) -> Reply:
    """your reminders"""
    now = deps.clock()
    values: dict[str, object] = {}
    note = ""
    current = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    today = current.today(deps.clock())
    if args.action in ("on", "off"):
        values["reminders_on"] = args.action == "on"
        note = "🔔 Reminders are on." if args.action == "on" else "🔕 Reminders are off."
    elif args.action == "time":
        values["remind_minute"] = args.minute
        note = f"⏰ Reminders will come from {hhmm(args.minute)} on your working days."
    elif args.action == "snooze":
        if not args.days:
            values["snooze_until"] = None
            note = "Snooze cleared."
        else:
            values["snooze_until"] = now + dt.timedelta(days=args.days)
            note = f"😴 Snoozed for {args.days} day{'s' if args.days != 1 else ''}."
    elif args.action == "vacation":
        if args.day is None:
            values["vacation_until"] = None
            note = "Welcome back: vacation cleared."
        elif args.day < today:
            return notice("That date has passed: give the last day you'll be away.")
        elif args.day > today + MAX_VACATION:
            return notice(
                "Vacations of up to a year only; `remind off` stops reminders altogether."
            )
        else:
            values["vacation_until"] = args.day
            note = "🏖️ No reminders until you're back."
    elif args.action == "tz":
        values["tz_override"] = args.zone
        note = (
            f"🌍 Timezone set to {args.zone}."
            if args.zone
            else "Your timezone follows your Slack profile."
        )
    if values:
        async with deps.db.transaction() as conn:
            uid = await ensure_user(conn=conn, team_id=who.team_id, user_id=who.user_id)
            await prefs.change(conn=conn, user_row_id=uid, **values)
            current = await prefs.get(conn=conn, team_id=who.team_id, user_id=who.user_id)
    return remind_status_reply(
        on=current.reminders_on,
        window=current.window.describe(),
        snooze=active_snooze(current.snooze_until, now),
        vacation=active_vacation(current.vacation_until, now.date()),
        paused=current.paused_reason,
        tz_known=current.zone_name is not None,
        note=note,
    )
