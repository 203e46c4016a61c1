"""From a parsed `/careerpath` command to a Reply: calls the services, then the renderers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot import notify, render
from bot.commands import (
    Command,
    Invalid,
    clean,
    echo,
    is_number,
    mention_user_id,
    parse,
    plain,
    read_as_question,
    unslack,
)
from bot.db import Reads
from bot.deps import Deps
from bot.features import calendar, reports
from bot.metrics import COMMANDS
from bot.models import utcnow
from bot.reminders.plan import ce_pace, ce_since
from bot.reminders.timing import cycle_end, hhmm, is_zone, parse_hhmm, zone
from bot.render import Reply
from bot.rules.quiet import active_snooze, active_vacation
from bot.rules.standing import Standing, standing
from bot.services import certs, cohorts, mentors, prefs, privacy, progress
from bot.services import reports as report_data
from bot.services.learners import load_learners
from bot.services.prefs import Prefs
from bot.services.progress import ensure_user
from bot.services.search import words
from bot.views import answers as answer_views


@dataclass(frozen=True)
class Who:
    """The person asking, scoped to their workspace, and where they asked from."""

    team_id: str
    user_id: str
    channel_id: str = ""
    client: AsyncWebClient | None = field(default=None, compare=False)
    response_url: str = field(default="", compare=False)


async def answer(deps: Deps, who: Who, text: str) -> Reply:
    """The reply to `/careerpath <text>` from `who`. Never raises for bad input."""
    parsed = parse(clean(text), step_count=deps.catalog.step_count)
    if isinstance(parsed, Invalid):
        typed = unslack(clean(text))  # as the person typed it, like every Command's words
        if read_as_question(typed, deps.index.knows):
            parsed = Command("faq", tuple(typed.lower().split()), tuple(typed.split()))
    if isinstance(parsed, Invalid):
        COMMANDS.labels("unknown").inc()
        return render.invalid_reply(parsed)
    COMMANDS.labels(parsed.name).inc()
    handler = _ANSWERS[parsed.name]  # parse() only returns names listed in HELP
    reply = await handler(deps, who, parsed)
    if parsed.name in _CHANGES and (parsed.name != "ce" or parsed.args[:1] == ("log",)):
        reply = _changed(reply, deps, who)
    return reply


# Sub-commands whose success changes what the App Home shows.
_CHANGES = frozenset({"done", "undo", "cert", "ce", "remind", "mentor", "cohort"})


async def _done_steps(deps: Deps, who: Who) -> frozenset[int]:
    return await progress.completed_steps(conn=deps.db, team_id=who.team_id, user_id=who.user_id)


async def _help(deps: Deps, who: Who, cmd: Command) -> Reply:
    return render.help_reply(deps.catalog)


async def _next(deps: Deps, who: Who, cmd: Command) -> Reply:
    done = await _done_steps(deps, who)
    return render.next_reply(deps.catalog, done, progress.next_step(done, deps.catalog.step_count))


async def _steps(deps: Deps, who: Who, cmd: Command) -> Reply:
    return render.steps_reply(deps.catalog, await _done_steps(deps, who))


async def _step(deps: Deps, who: Who, cmd: Command) -> Reply:
    return render.step_reply(deps.catalog, cmd.number, await _done_steps(deps, who))


async def set_step(deps: Deps, who: Who, step: int, *, done: bool) -> Reply:
    """Mark a step done or not done and describe the result (commands and buttons share it)."""
    now_done: frozenset[int] | None = None
    async with deps.db.transaction() as conn:
        changed = await progress.set_step(
            conn=conn, team_id=who.team_id, user_id=who.user_id, step=step, done=done
        )
        if not deps.db.sqlite:  # on this connection: no second checkout for the read
            now_done = await progress.completed_steps(
                conn=conn, team_id=who.team_id, user_id=who.user_id
            )
    if now_done is None:  # SQLite: read after the commit, so its one writer is freed sooner
        now_done = await _done_steps(deps, who)
    nxt = progress.next_step(now_done, deps.catalog.step_count)
    return render.change_reply(
        deps.catalog, step, done=done, changed=changed, now_done=now_done, nxt=nxt
    )


async def _done(deps: Deps, who: Who, cmd: Command) -> Reply:
    return await set_step(deps, who, cmd.number, done=True)


async def _undo(deps: Deps, who: Who, cmd: Command) -> Reply:
    return await set_step(deps, who, cmd.number, done=False)


async def _progress(deps: Deps, who: Who, cmd: Command) -> Reply:
    if cmd.raw_args:
        subject = mention_user_id(cmd.raw_args[0])
        if subject is None:
            return render.notice("Mention the person, like `/careerpath progress @name`.")
        if subject != who.user_id:
            return await _mentee_progress(deps, who, subject)
    done = await _done_steps(deps, who)
    mentors_ = await mentors.mentors_of(conn=deps.db, team_id=who.team_id, mentee=who.user_id)
    reply = render.progress_reply(
        deps.catalog, done, progress.next_step(done, deps.catalog.step_count)
    )
    return render.with_mentors(reply, tuple(mentors_))


async def _mentee_progress(deps: Deps, who: Who, subject: str) -> Reply:
    allowed = await mentors.is_mentor_of(
        conn=deps.db, team_id=who.team_id, mentor=who.user_id, mentee=subject
    )
    if not allowed:
        return render.refusal(
            "I can only show someone's progress to a mentor they have accepted. Ask them to "
            "run `/careerpath mentor add` with your name, then accept it here."
        )
    done = await progress.completed_steps(conn=deps.db, team_id=who.team_id, user_id=subject)
    return render.progress_reply(
        deps.catalog,
        done,
        progress.next_step(done, deps.catalog.step_count),
        mentee=subject,
    )


async def _mentor(deps: Deps, who: Who, cmd: Command) -> Reply:
    usage = (
        "`/careerpath mentor add @name`, `/careerpath mentor remove @name` or "
        "`/careerpath mentor digest <weekday> <HH:MM>|off`"
    )
    if cmd.args and cmd.args[0] == "digest":
        return await _mentor_digest(deps, who, cmd)
    if len(cmd.args) < 2 or cmd.args[0] not in ("add", "remove", "end"):
        return render.notice(f"Try {usage}.")
    other = mention_user_id(cmd.raw_args[1])
    if other is None:
        return render.notice(f"Mention the person: {usage}.")
    if other == who.user_id:
        return render.notice("You can't mentor yourself — ask someone else.")
    if cmd.args[0] == "add":
        return await _mentor_add(deps, who, other)
    async with deps.db.transaction() as conn:
        ended = await mentors.end(conn=conn, team_id=who.team_id, me=who.user_id, other=other)
    if ended == "none":
        return render.notice(f"There is no mentorship between you and <@{other}>.")
    if ended == "withdrawn":  # never accepted: nothing to tell them
        return render.notice(f"You withdrew your request to <@{other}>.", "↩️")
    if ended == "declined":
        return render.notice(f"You declined <@{other}>'s request; nothing is shared.", "🙏")
    reply = render.notice(
        f"The mentorship with <@{other}> has ended; nothing more is shared.", "👋"
    )
    reply.effects.append(
        notify.dm_effect(
            other,
            render.notice(
                f"<@{who.user_id}> ended the mentorship between you on careerpath.", "👋"
            ).message(),
        )
    )
    return reply


def _when(moment: dt.datetime | None) -> str:
    return render.slack_date(moment, "{date_short_pretty} at {time}") if moment else "earlier"


async def _mentor_add(deps: Deps, who: Who, other: str) -> Reply:
    """Ask `other` to mentor `who`: one request DM while it is pending, none within the
    cooldown after a decline or a withdrawal, and a limit on unanswered requests."""
    settings = deps.settings
    async with deps.db.transaction() as conn:
        req = await mentors.request(
            conn=conn,
            team_id=who.team_id,
            mentee=who.user_id,
            mentor=other,
            cooldown=dt.timedelta(days=settings.mentor_request_cooldown_days),
            max_pending=settings.mentor_pending_max,
        )
    if req.outcome == "active":
        return render.notice(f"<@{other}> already mentors you.", "🤝")
    if req.outcome == "pending":
        return render.notice(
            f"You asked <@{other}> {_when(req.since)} and they haven't answered yet, so I "
            f"won't message them again. `/careerpath mentor remove <@{other}>` withdraws "
            "the request.",
            "⏳",
        )
    if req.outcome in ("declined", "withdrawn"):
        what = (
            f"<@{other}> declined your request {_when(req.since)}"
            if req.outcome == "declined"
            else f"You withdrew your request to <@{other}> {_when(req.since)}"
        )
        return render.notice(
            f"{what}. So that nobody gets repeat requests, you can ask them again from "
            f"{_when(req.again)}.",
            "⏳",
        )
    if req.outcome == "too_many":
        return render.notice(
            f"You have {req.pending} mentor requests waiting for an answer, the most at once. "
            "Once one is answered, or you withdraw one with `/careerpath mentor remove "
            "@name`, you can ask someone else.",
            "⏳",
        )
    reply = render.notice(
        f"I've asked <@{other}> to mentor you. Nothing is shared until they accept; "
        f"`/careerpath mentor remove <@{other}>` withdraws the request.",
        "📨",
    )
    reply.effects.append(
        notify.dm_effect(other, render.mentor_request(who.user_id, req.mentorship_id).message())
    )
    return reply


async def _mentor_digest(deps: Deps, who: Who, cmd: Command) -> Reply:
    arg = cmd.args[1] if len(cmd.args) > 1 else ""
    values: dict[str, object]
    if arg == "off":
        values = {"digest_off": True}
        note = "🔕 No weekly mentee digest."
    else:
        day = WEEKDAYS.get(arg)
        minute = parse_hhmm(cmd.args[2]) if len(cmd.args) > 2 else None
        if day is None or minute is None:
            return render.notice(
                "Give a weekday and a time, like `/careerpath mentor "
                "digest monday 09:00`, or `mentor digest off`."
            )
        values = {"digest_off": False, "digest_day": day, "digest_minute": minute}
        note = (
            f"🗓️ Your mentee digest will come on {render.DAY_NAMES_LONG[day]}s at "
            f"{hhmm(minute)}, your time (inside your reminder window)."
        )
    async with deps.db.transaction() as conn:
        uid = await ensure_user(conn=conn, team_id=who.team_id, user_id=who.user_id)
        await prefs.change(conn=conn, user_row_id=uid, **values)
    return render.notice(note, "")


async def _mentees(deps: Deps, who: Who, cmd: Command) -> Reply:
    async with deps.db.connect() as conn:
        uid = await progress.find_user_id(conn=conn, team_id=who.team_id, user_id=who.user_id)
        if uid is None:
            return render.mentees_reply(deps.catalog, [])
        today = _today(await prefs.get(conn=conn, team_id=who.team_id, user_id=who.user_id))
        people = await mentors.mentees_of(conn=conn, team_id=who.team_id, mentor_row_id=uid)
        learners = await load_learners(conn, people, deps.catalog, today=today)
    rows = [standing(deps.catalog, learners[p.id], today) for p in people]
    return render.mentees_reply(deps.catalog, rows)


def _arg(cmd: Command) -> str | None:
    return " ".join(cmd.args) if cmd.args else None


async def _skills(deps: Deps, who: Who, cmd: Command) -> Reply:
    reply = render.skills_reply(deps.catalog, _arg(cmd))
    if reply is None:
        names = ["hard", "soft", *(s.slug for s in deps.catalog.skills.essential)]
        return render.not_found_reply("skill", _arg(cmd) or "", names, "skills")
    return reply


async def _salary(deps: Deps, who: Who, cmd: Command) -> Reply:
    reply = render.salary_reply(deps.catalog, _arg(cmd))
    if reply is None:
        names = [b.slug for b in deps.catalog.salaries.bands]
        return render.not_found_reply("level", _arg(cmd) or "", names, "salary")
    return reply


async def _ladder(deps: Deps, who: Who, cmd: Command) -> Reply:
    return render.ladder_reply(deps.catalog)


async def _specialize(deps: Deps, who: Who, cmd: Command) -> Reply:
    reply = render.specialize_reply(deps.catalog, _arg(cmd))
    if reply is None:
        names = [s.slug for s in deps.catalog.specializations.specializations]
        return render.not_found_reply("specialisation", _arg(cmd) or "", names, "specialize")
    return reply


async def _faq(deps: Deps, who: Who, cmd: Command) -> Reply:
    query = cmd.text_from(0)[:500]
    if not query:
        return render.faq_reply(deps.catalog, query, [])
    topic = render.faq_topic_reply(deps.catalog, " ".join(words(query)))
    if topic is not None:
        return topic
    return answer_views.answer_reply(deps.catalog, deps.index.ask(query))


# --- certifications, CE, reminders --------------------------------------------------------------


def _q(word: str) -> str:
    """User text quoted safely inside a mrkdwn reply."""
    return render.esc(echo(word))


def _parse_date(word: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(word)
    except ValueError:
        return None


def _today(prefs: Prefs) -> dt.date:
    return utcnow().astimezone(zone(prefs.zone_name)).date()


async def _views(deps: Deps, who: Who, today: dt.date, conn: Reads) -> list[render.HeldView]:
    """Held certifications with their pace: daily CE totals of the current cycles only."""
    held = await certs.held(conn=conn, team_id=who.team_id, user_id=who.user_id)
    since = ce_since(deps.catalog, held, today)
    logs = await certs.logs(conn=conn, team_id=who.team_id, user_id=who.user_id, since=since)
    views = []
    for h in held:
        cert = deps.catalog.certification(h.code)
        if cert is None:
            continue
        end = cycle_end(cert, h.cycle_start, h.valid_through)
        days = (end - today).days if end else None
        views.append(render.HeldView(cert, h.cycle_start, end, days, ce_pace(cert, h, logs, today)))
    return views


def _known_codes(deps: Deps) -> str:
    return ", ".join(f"`{c.code}`" for c in deps.catalog.certifications.certifications)


async def _certs(deps: Deps, who: Who, cmd: Command) -> Reply:
    if cmd.args:
        return _one_cert(deps, " ".join(cmd.raw_args))
    prefs_ = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    views = await _views(deps, who, _today(prefs_), deps.db)
    return render.certs_mine_reply(deps.catalog, views)


def _one_cert(deps: Deps, arg: str) -> Reply:
    """`certs <CODE>`: one credential in full; a body's code or a family ("ACM") lists its
    credentials."""
    named = deps.index.codes.find(arg)
    every = deps.catalog.certifications.certifications
    found = [c for c in every if c.code in named] or [c for c in every if c.body in named]
    if len(found) == 1:
        return answer_views.cert_reply(deps.catalog, found[0])
    if found:
        options = ", ".join(f"`/careerpath certs {c.code}`" for c in found)
        return render.notice(f"Which one? {options}.", "🎓")
    return render.notice(
        f"I don't know the certification “{_q(arg)}”. Known ones: {_known_codes(deps)}."
    )


async def _cert(deps: Deps, who: Who, cmd: Command) -> Reply:
    usage = (
        "`/careerpath cert add CCM 2024-05-01`, `/careerpath cert add CCM until 2029-05-31` "
        "or `/careerpath cert remove CCM`"
    )
    if not cmd.args or cmd.args[0] not in ("add", "remove", "rm", "delete", "renew"):
        return render.notice(f"Try {usage}. Known certifications: {_known_codes(deps)}.")
    action = "remove" if cmd.args[0] in ("remove", "rm", "delete") else "add"
    if len(cmd.args) < 2:
        return render.notice(f"Which certification? Try {usage}.")
    code = cmd.raw_args[1].upper()
    cert = deps.catalog.certification(code)
    if cert is None:
        return render.notice(
            f"I don't know the certification “{_q(cmd.raw_args[1])}”. "
            f"Known ones: {_known_codes(deps)}."
        )
    if action == "remove":
        async with deps.db.transaction() as conn:
            removed = await certs.remove(
                conn=conn, team_id=who.team_id, user_id=who.user_id, code=cert.code
            )
        if not removed:
            return render.notice(f"You had no {cert.code} recorded, so nothing changed.")
        return render.notice(f"Removed {cert.code}; its reminders stop.", "🗑️")
    if len(cmd.args) < 3:
        return render.notice(
            f"When did you earn or last renew {cert.code}? Add the date: "
            f"`/careerpath cert add {cert.code} 2024-05-01`, or the valid-through date on "
            f"your certificate: `/careerpath cert add {cert.code} until 2029-05-31`."
        )
    rest, raw = list(cmd.args[2:]), list(cmd.raw_args[2:])
    since_word = until_word = None
    while rest:
        word = rest.pop(0)
        shown = raw.pop(0)
        if word in certs.UNTIL_WORDS:
            if not rest:
                return render.notice(
                    f"Add the valid-through date: `/careerpath cert add {cert.code} "
                    "until 2029-05-31`."
                )
            until_word = (rest.pop(0), raw.pop(0))
        elif since_word is None:
            since_word = (word, shown)
        else:
            return render.notice(f"Try {usage}.")
    prefs_ = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    today = _today(prefs_)
    dates: list[dt.date | None] = []
    for pair in (since_word, until_word):
        if pair is None:
            dates.append(None)
            continue
        day = _parse_date(pair[0])
        if day is None:
            return render.notice(
                f"“{_q(pair[1])}” is not a date I can read: use YYYY-MM-DD, "
                f"like `/careerpath cert add {cert.code} 2024-05-01`."
            )
        dates.append(day)
    cycle = certs.cycle_from(cert, dates[0], dates[1], today)
    if isinstance(cycle, str):
        return render.notice(f"{cycle}.")
    async with deps.db.transaction() as conn:
        new = await certs.add(
            conn=conn,
            team_id=who.team_id,
            user_id=who.user_id,
            code=cert.code,
            cycle_start=cycle[0],
            valid_through=cycle[1],
        )
        views = await _views(deps, who, today, conn)
    view = next(v for v in views if v.cert.code == cert.code)
    return render.cert_added_reply(view, new=new)


async def _ce(deps: Deps, who: Who, cmd: Command) -> Reply:
    prefs_ = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    today = _today(prefs_)
    if cmd.args and cmd.args[0] == "log":
        problem = await _ce_log(deps, who, cmd, today)
        if problem is not None:
            return problem
    elif cmd.args:
        return render.notice(
            "Try `/careerpath ce` for your hours, or `/careerpath ce log 1.5 CCM ethics "
            "Ethics webinar` to log some (certification, `ethics` and a YYYY-MM-DD date are "
            "optional)."
        )
    views = await _views(deps, who, today, deps.db)
    recent = await certs.recent(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    loose = await certs.loose_hours(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    reply = render.ce_reply(views, recent, loose)
    if cmd.args:
        hours = cmd.args[1]
        return render.prefixed(reply, f"✅ Logged {_q(hours)} h.")
    return reply


async def _ce_log(deps: Deps, who: Who, cmd: Command, today: dt.date) -> Reply | None:
    example = "`/careerpath ce log 1.5 CCM ethics Ethics webinar`"
    if len(cmd.args) < 2:
        return render.notice(f"How many hours? Try {example}.")
    hours = certs.parse_hours(cmd.args[1])
    if hours is None:
        return render.notice(f"“{_q(cmd.raw_args[1])}” is not a number of hours. Try {example}.")
    problem = certs.hours_problem(hours)
    if problem:
        return render.notice(f"{problem}.")
    rest = list(cmd.raw_args[2:])
    code: str | None = None
    ethics = False
    taken_on = today
    while rest:
        word = rest[0]
        if code is None and deps.catalog.certification(word) is not None:
            code = word.upper()
        elif word.lower() == "ethics" and not ethics:
            ethics = True
        elif _parse_date(word) is not None:
            taken_on = _parse_date(word)  # type: ignore[assignment]
        else:
            break
        rest.pop(0)
    title = plain(" ".join(rest)).strip()
    problem = certs.ce_date_problem(taken_on, today)
    if problem:
        return render.notice(f"{problem}.")
    if not title:
        return render.notice(f"Add a title so you can find it later: {example}.")
    async with deps.db.transaction() as conn:
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
    return None


async def _remind(deps: Deps, who: Who, cmd: Command) -> Reply:
    action = cmd.args[0] if cmd.args else "status"
    arg = cmd.args[1] if len(cmd.args) > 1 else ""
    now = utcnow()
    values: dict[str, object] = {}
    note = ""
    current = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=who.user_id)
    today = _today(current)
    if action == "status":
        pass
    elif action in ("on", "off"):
        values["reminders_on"] = action == "on"
        note = "🔔 Reminders are on." if action == "on" else "🔕 Reminders are off."
    elif action == "time":
        minute = parse_hhmm(arg)
        if minute is None:
            return render.notice("Give a time as HH:MM, like `/careerpath remind time 08:30`.")
        values["remind_minute"] = minute
        note = f"⏰ Reminders will come from {hhmm(minute)} on your working days."
    elif action == "snooze":
        if arg in ("off", "0"):
            values["snooze_until"] = None
            note = "Snooze cleared."
        elif not is_number(arg) or not 1 <= int(arg) <= 365:
            return render.notice("Snooze for 1 to 365 days, like `/careerpath remind snooze 7`.")
        else:
            values["snooze_until"] = now + dt.timedelta(days=int(arg))
            note = f"😴 Snoozed for {int(arg)} day{'s' if int(arg) != 1 else ''}."
    elif action == "vacation":
        day = _parse_date(arg)
        if arg == "off":
            values["vacation_until"] = None
            note = "Welcome back: vacation cleared."
        elif day is None:
            return render.notice(
                "Give the last day of your vacation as YYYY-MM-DD, like "
                "`/careerpath remind vacation 2026-12-31`."
            )
        elif day < today:
            return render.notice("That date has passed: give the last day you'll be away.")
        elif day > today + dt.timedelta(days=366):
            return render.notice(
                "Vacations of up to a year only; `remind off` stops reminders altogether."
            )
        else:
            values["vacation_until"] = day
            note = "🏖️ No reminders until you're back."
    elif action in ("tz", "timezone"):
        name = cmd.raw_args[1] if len(cmd.raw_args) > 1 else ""
        if name.lower() in ("auto", "slack", "off"):
            values["tz_override"] = None
            note = "Your timezone follows your Slack profile."
        elif not name or not is_zone(name):
            return render.notice(
                "Give an IANA timezone such as `Europe/London` or "
                "`America/Chicago`, or `auto` to follow Slack."
            )
        else:
            values["tz_override"] = name
            note = f"🌍 Timezone set to {name}."
    else:
        return render.notice(
            "Try `/careerpath remind status`, `on`, `off`, `time HH:MM`, "
            "`snooze <days>`, `vacation <YYYY-MM-DD>` or `tz <Zone>`."
        )
    if values:
        async with deps.db.transaction() as conn:
            uid = await ensure_user(conn=conn, team_id=who.team_id, user_id=who.user_id)
            await prefs.change(conn=conn, user_row_id=uid, **values)
            current = await prefs.get(conn=conn, team_id=who.team_id, user_id=who.user_id)
    return render.remind_status_reply(
        on=current.reminders_on,
        window=current.window.describe(),
        snooze=active_snooze(current.snooze_until, now),
        vacation=active_vacation(current.vacation_until, now.date()),
        paused=current.paused_reason,
        tz_known=current.zone_name is not None,
        note=note,
    )


WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}


async def _is_admin(who: Who) -> bool:
    """A workspace admin or owner, by Slack's users.info (only asked when it matters)."""
    if who.client is None:
        return False
    try:
        info = await who.client.users_info(user=who.user_id)
    except SlackApiError:
        return False
    user = info.get("user") or {}
    return bool(user.get("is_admin") or user.get("is_owner"))


async def _cohort(deps: Deps, who: Who, cmd: Command) -> Reply:
    usage = (
        "`/careerpath cohort create <name>`, `join`, `leave`, `status`, `status post`, "
        "`digest <weekday> <HH:MM>`, `digest off`, `report`, `owner @name` or `close`"
    )
    action = cmd.args[0] if cmd.args else "status"
    if not who.channel_id or who.channel_id.startswith("D"):
        return render.notice("Cohorts live in channels: run this in the cohort's channel.")
    async with deps.db.connect() as conn:
        info = await cohorts.active_in(conn=conn, team_id=who.team_id, channel_id=who.channel_id)
    if action == "create":
        name = cmd.text_from(1)
        if not name:
            return render.notice(
                "Give the cohort a name: `/careerpath cohort create Spring 2027 care managers`."
            )
        if info is not None:
            return render.notice(f"This channel already runs the cohort *{render.esc(info.name)}*.")
        async with deps.db.transaction() as conn:
            made = await cohorts.create(
                conn=conn,
                team_id=who.team_id,
                channel_id=who.channel_id,
                owner=who.user_id,
                name=name,
            )
        if made is None:
            return render.notice("This channel already runs a cohort.")
        created = render.cohort_created(made.name)
        return _post_then_tell(
            who,
            render.cohort_announcement(made.name, who.user_id),
            created,
            failed="I couldn't announce it here, and I can't post its weekly digest",
            retry="`/careerpath cohort status post` to announce it",
            keep=True,
        )
    if info is None:
        return render.notice(
            "No cohort runs in this channel yet: `/careerpath cohort create <name>` starts one."
        )
    if action == "join":
        async with deps.db.transaction() as conn:
            joined = await cohorts.join(
                conn=conn, cohort_id=info.id, team_id=who.team_id, user_id=who.user_id
            )
        return render.cohort_joined(info.name, already=not joined)
    if action == "leave":
        async with deps.db.transaction() as conn:
            left = await cohorts.leave(
                conn=conn, cohort_id=info.id, team_id=who.team_id, user_id=who.user_id
            )
        if not left:
            return render.notice(f"You are not in *{render.esc(info.name)}*.")
        return render.notice(
            f"You left *{render.esc(info.name)}*; it no longer sees your progress.", "👋"
        )
    owner = info.owner == who.user_id
    if action == "report":
        return reports.answer(deps, who, info, allowed=owner or await _is_admin(who))
    if action == "status":
        if len(cmd.args) > 1 and cmd.args[1] == "post":
            return await _cohort_post(deps, who, info, owner)
        async with deps.db.connect() as conn:
            member = await cohorts.is_member(
                conn=conn, cohort_id=info.id, team_id=who.team_id, user_id=who.user_id
            )
            rows = await cohorts.members(conn=conn, cohort_id=info.id) if member or owner else []
        if not member and not owner:
            return render.refusal(
                f"Cohort status is for its members: `/careerpath cohort "
                f"join` to join *{render.esc(info.name)}*."
            )
        return render.cohort_status(info.name, rows, deps.catalog.step_count)
    if action == "digest":
        if not (owner or await _is_admin(who)):
            return render.refusal(
                "Only the cohort's owner or a workspace admin can change its digest."
            )
        arg = cmd.args[1] if len(cmd.args) > 1 else ""
        if arg == "off":
            async with deps.db.transaction() as conn:
                await cohorts.set_digest(
                    conn=conn, cohort_id=info.id, day=None, minute=None, owner_tz=None
                )
            return render.notice("The weekly digest is off.", "🔕")
        day = WEEKDAYS.get(arg)
        minute = parse_hhmm(cmd.args[2]) if len(cmd.args) > 2 else None
        if day is None or minute is None:
            return render.notice(
                "Give a weekday and a time: `/careerpath cohort digest "
                "monday 09:00` (in your timezone), or `digest off`."
            )
        tz = await _owner_zone(deps, info, who)
        async with deps.db.transaction() as conn:
            nxt = await cohorts.set_digest(
                conn=conn, cohort_id=info.id, day=day, minute=minute, owner_tz=tz
            )
        assert nxt is not None
        return render.notice(
            f"The digest will be posted here every {render.DAY_NAMES_LONG[day]} at "
            f"{hhmm(minute)} ({render.esc(tz or 'UTC')}); the first on "
            f"{render.slack_date(nxt, '{date_long} {time}')}.",
            "🗓️",
        )
    if action == "owner":
        new = mention_user_id(cmd.raw_args[1]) if len(cmd.raw_args) > 1 else None
        if new is None:
            return render.notice("Mention the new owner: `/careerpath cohort owner @name`.")
        if not (owner or await _is_admin(who)):
            return render.refusal(
                "Only the cohort's owner or a workspace admin can hand the cohort over."
            )
        async with deps.db.transaction() as conn:
            handed = await cohorts.set_owner(
                conn=conn, cohort_id=info.id, team_id=who.team_id, user_id=new
            )
        if not handed:
            return render.notice(f"*{render.esc(info.name)}* was closed in the meantime.")
        return render.notice(
            f"<@{new}> now owns *{render.esc(info.name)}*: they can post its status, set its "
            "digest, hand it on or close it.",
            "🤝",
        )
    if action == "close":
        if not (owner or await _is_admin(who)):
            return render.refusal("Only the cohort's owner or a workspace admin can close it.")
        async with deps.db.transaction() as conn:
            closed = await cohorts.close(conn=conn, cohort_id=info.id, now=utcnow())
        if not closed:
            return render.notice(f"*{render.esc(info.name)}* was closed already.")
        return render.notice(
            f"*{render.esc(info.name)}* is closed: its weekly digest stops, and everyone's "
            "progress stays their own. `/careerpath cohort create <name>` starts a new "
            "cohort in this channel.",
            "🏁",
        )
    return render.notice(f"Try {usage}.")


def _post_then_tell(
    who: Who,
    post: Reply,
    done: Reply,
    *,
    failed: str,
    retry: str,
    keep: bool = False,
    undo: Callable[[], Awaitable[None]] | None = None,
) -> Reply:
    """Post `post` in the person's channel, and only then reply: `done`, or what went wrong
    and what to do (`/invite @careerpath` when the bot is not in the channel). `undo` runs
    when the post was refused (a claimed rate-limit slot is given back)."""
    if not who.response_url:  # no way to reply later: say it is on its way
        reply = replace(done, effects=[notify.post_effect(who.channel_id, post.message())])
        return reply

    def outcome(error: str | None) -> dict[str, object]:
        return render.channel_post_outcome(
            done, error, failed=failed, retry=retry, keep=keep
        ).message()

    reply = render.later()
    reply.effects.append(
        notify.channel_post_effect(
            who.channel_id,
            post.message(),
            response_url=who.response_url,
            outcome=outcome,
            undo=undo,
        )
    )
    return reply


async def _cohort_post(deps: Deps, who: Who, info: cohorts.CohortInfo, owner: bool) -> Reply:
    """`cohort status post`: the owner's or an admin's, at most once an interval per cohort
    (each post mentions up to 20 members)."""
    if not (owner or await _is_admin(who)):
        return render.refusal(
            "Only the cohort's owner or a workspace admin can post its status to the channel."
        )
    interval = dt.timedelta(minutes=deps.settings.cohort_post_interval_minutes)
    now = utcnow()
    async with deps.db.transaction() as conn:
        previous = await cohorts.last_post(conn=conn, cohort_id=info.id)
        posting = await cohorts.claim_post(conn=conn, cohort_id=info.id, now=now, interval=interval)
        if posting:
            rows = await cohorts.members(conn=conn, cohort_id=info.id)
        else:
            last = await cohorts.last_post(conn=conn, cohort_id=info.id)
    if not posting:
        return render.notice(
            f"The status was posted here {_when(last)}. To keep the channel quiet it can be "
            f"posted again from {_when(last + interval if last else None)}; "
            "`/careerpath cohort status` shows it to you now.",
            "⏳",
        )
    status = render.cohort_status(info.name, rows, deps.catalog.step_count)

    async def give_back() -> None:
        """The post was refused: it doesn't count against the interval."""
        async with deps.db.transaction() as conn:
            await cohorts.release_post(
                conn=conn, cohort_id=info.id, claimed_at=now, previous=previous
            )

    return _post_then_tell(
        who,
        status,
        render.notice("Posted the cohort's status to the channel.", "📣"),
        failed="I couldn't post the cohort's status",
        retry="run `/careerpath cohort status post` again",
        undo=give_back,
    )


async def _owner_zone(deps: Deps, info: cohorts.CohortInfo, who: Who) -> str | None:
    """The owner's timezone: their override, the cached profile, or Slack's users.info."""
    owner = info.owner or who.user_id
    owner_prefs = await prefs.get(conn=deps.db, team_id=who.team_id, user_id=owner)
    if owner_prefs.zone_name or who.client is None:
        return owner_prefs.zone_name
    try:
        person = (await who.client.users_info(user=owner)).get("user") or {}
    except SlackApiError:
        return None
    tz = person.get("tz")
    return tz if isinstance(tz, str) and is_zone(tz) else None


async def home_data(deps: Deps, who: Who) -> render.HomeData:
    """What the App Home shows: progress, certifications with pace, reminders, people."""
    mentees: list[Standing] = []
    cohort_names: list[str] = []
    owned: list[tuple[int, str]] = []
    async with deps.db.connect() as conn:
        current = await prefs.get(conn=conn, team_id=who.team_id, user_id=who.user_id)
        today = _today(current)
        done = await progress.completed_steps(conn=conn, team_id=who.team_id, user_id=who.user_id)
        views = await _views(deps, who, today, conn)
        # Only asked while nothing else shows progress: whether to show the welcome instead.
        ce_entries = (
            []
            if done or views
            else await certs.recent(conn=conn, team_id=who.team_id, user_id=who.user_id)
        )
        uid = await progress.find_user_id(conn=conn, team_id=who.team_id, user_id=who.user_id)
        if uid is not None:
            people = await mentors.mentees_of(conn=conn, team_id=who.team_id, mentor_row_id=uid)
            learners = await load_learners(conn, people, deps.catalog, today=today)
            mentees = [standing(deps.catalog, learners[p.id], today) for p in people]
            cohort_names = await cohorts.names_of(conn=conn, user_row_id=uid)
            owned = await report_data.owned(conn=conn, user_row_id=uid)
        mentors_ = await mentors.mentors_of(conn=conn, team_id=who.team_id, mentee=who.user_id)
    return render.HomeData(
        done=done,
        next_step=progress.next_step(done, deps.catalog.step_count),
        held=tuple(views),
        reminders_on=current.reminders_on,
        window=current.window.describe(),
        snooze_until=active_snooze(current.snooze_until, utcnow()),
        vacation_until=active_vacation(current.vacation_until, today),
        paused=current.paused_reason,
        mentees=tuple(mentees),
        cohorts=tuple(cohort_names),
        mentors=tuple(mentors_),
        ce_entries=len(ce_entries),
        owned_cohorts=tuple(owned),
    )


async def publish_home(deps: Deps, who: Who, client: AsyncWebClient) -> None:
    view = render.home_view(deps.catalog, await home_data(deps, who))
    await client.views_publish(user_id=who.user_id, view=view)


def refresh_home(deps: Deps, who: Who, *, opened: bool = False) -> notify.Effect:
    """An effect that republishes `who`'s App Home: always when they open it (`opened`),
    after a change only if they have ever opened it (there is nothing to refresh otherwise,
    and views.publish is rate limited per workspace)."""

    async def effect(client: AsyncWebClient) -> None:
        if opened:
            async with deps.db.transaction() as conn:
                uid = await ensure_user(conn=conn, team_id=who.team_id, user_id=who.user_id)
                await progress.home_opened(conn=conn, user_row_id=uid)
        elif not await progress.has_opened_home(
            conn=deps.db, team_id=who.team_id, user_id=who.user_id
        ):
            return
        await publish_home(deps, who, client)

    return effect


def _changed(reply: Reply, deps: Deps, who: Who) -> Reply:
    """`reply` to a command that changed something: the App Home follows. A copy, since
    rendered replies may be shared from the render cache."""
    reply.message()
    return replace(reply, effects=[*reply.effects, refresh_home(deps, who)])


async def _forget(deps: Deps, who: Who, cmd: Command) -> Reply:
    return render.forget_confirm()


async def _export(deps: Deps, who: Who, cmd: Command) -> Reply:
    async with deps.db.connect() as conn:
        data = await privacy.export(conn=conn, team_id=who.team_id, user_id=who.user_id)
    if data is None:
        return render.notice("careerpath holds no data about you.", "📭")
    reply = render.notice("Your data is on its way to our DM as a JSON file.", "📦")
    reply.effects.append(notify.file_effect(who.user_id, data, who.response_url))
    return reply


_ANSWERS = {
    "help": _help,
    "next": _next,
    "steps": _steps,
    "step": _step,
    "done": _done,
    "undo": _undo,
    "progress": _progress,
    "skills": _skills,
    "salary": _salary,
    "ladder": _ladder,
    "certs": _certs,
    "cert": _cert,
    "ce": _ce,
    "remind": _remind,
    "mentor": _mentor,
    "mentees": _mentees,
    "cohort": _cohort,
    "forget": _forget,
    "export": _export,
    "calendar": calendar.answer,
    "specialize": _specialize,
    "faq": _faq,
}
