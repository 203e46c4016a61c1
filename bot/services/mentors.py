"""Mentorship with consent: a mentee asks, the mentor accepts, and only then is anything shared.

Every lookup is scoped by team id: the same Slack user id in another workspace is a stranger.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased

from bot.clock import utcnow
from bot.db import Reads, fetch_on
from bot.models import CeEntry, HeldCertification, Mentorship, ProgressEvent, User
from bot.rules.person import Person
from bot.services.learners import person_columns, person_of
from bot.services.progress import ensure_user, find_user_id
from bot.sql import in_ids, insert_for

Mentor = aliased(User)
Mentee = aliased(User)


@dataclass(frozen=True)
class Request:
    """What came of asking: "created" (a DM goes out), "pending" or "active" (nothing sent),
    "declined"/"withdrawn" within the cooldown (nothing sent until `again`), or "too_many"
    (`pending` unanswered requests already)."""

    outcome: str
    mentorship_id: int = 0
    since: dt.datetime | None = None
    again: dt.datetime | None = None
    pending: int = 0


async def request(
    *,
    conn: AsyncConnection,
    team_id: str,
    mentee: str,
    mentor: str,
    cooldown: dt.timedelta,
    max_pending: int,
) -> Request:
    """`mentee` asks `mentor`. One request DM per pair while it is pending, none within
    `cooldown` of a decline or a withdrawal, and at most `max_pending` unanswered at once."""
    mentee_id = await ensure_user(conn=conn, team_id=team_id, user_id=mentee)
    mentor_id = await ensure_user(conn=conn, team_id=team_id, user_id=mentor)
    # One request of this mentee's at a time (PostgreSQL; SQLite's writer is alone anyway):
    # the count of pending requests cannot be raced past the limit.
    await conn.execute(select(User.id).where(User.id == mentee_id).with_for_update())
    now = utcnow()
    row = (
        await conn.execute(
            select(
                Mentorship.id, Mentorship.state, Mentorship.requested_at, Mentorship.responded_at
            ).where(Mentorship.mentor_id == mentor_id, Mentorship.mentee_id == mentee_id)
        )
    ).first()
    if row is not None:
        if row.state in ("pending", "active"):
            return Request(row.state, row.id, since=row.requested_at)
        if row.state in ("declined", "withdrawn") and row.responded_at is not None:
            again = row.responded_at + cooldown
            if again > now:
                return Request(row.state, row.id, since=row.responded_at, again=again)
    pending = int(
        await conn.scalar(
            select(func.count()).where(
                Mentorship.mentee_id == mentee_id, Mentorship.state == "pending"
            )
        )
        or 0
    )
    if pending >= max_pending:
        return Request("too_many", pending=pending)
    if row is None:
        inserted = (
            await conn.execute(
                insert_for(conn)(Mentorship)
                .values(
                    team_id=team_id,
                    mentor_id=mentor_id,
                    mentee_id=mentee_id,
                    state="pending",
                    requested_at=now,
                )
                .returning(Mentorship.id)
            )
        ).one()
        return Request("created", inserted[0])
    await conn.execute(
        update(Mentorship)
        .where(Mentorship.id == row.id)
        .values(state="pending", requested_at=now, responded_at=None)
    )
    return Request("created", row.id)


@dataclass(frozen=True)
class Answer:
    outcome: str  # "accepted" | "declined" | "already_<state>" | "not_yours" | "missing"
    mentee: str = ""
    mentor: str = ""


async def respond(
    *, conn: AsyncConnection, team_id: str, mentorship_id: int, mentor: str, accept: bool
) -> Answer:
    """The mentor accepts or declines a pending request; anything else changes nothing."""
    row = (
        await conn.execute(
            select(Mentorship.state, Mentor.slack_user_id, Mentee.slack_user_id)
            .join(Mentor, Mentor.id == Mentorship.mentor_id)
            .join(Mentee, Mentee.id == Mentorship.mentee_id)
            .where(Mentorship.id == mentorship_id, Mentorship.team_id == team_id)
        )
    ).first()
    if row is None:
        return Answer("missing")
    state, mentor_slack, mentee_slack = row
    if mentor_slack != mentor:
        return Answer("not_yours")
    if state != "pending":
        return Answer(f"already_{state}", mentee_slack, mentor_slack)
    new = "active" if accept else "declined"
    done = await conn.execute(
        update(Mentorship)
        .where(Mentorship.id == mentorship_id, Mentorship.state == "pending")
        .values(state=new, responded_at=utcnow())
    )
    if done.rowcount != 1:  # another click won the race
        return Answer("already_answered", mentee_slack, mentor_slack)
    if accept:  # the sweep plans the mentor's weekly digest from now on
        mentor_id = select(Mentorship.mentor_id).where(Mentorship.id == mentorship_id)
        await conn.execute(
            update(User)
            .where(User.id == mentor_id.scalar_subquery())
            .values(next_check_at=utcnow())
        )
    return Answer("accepted" if accept else "declined", mentee_slack, mentor_slack)


async def end(*, conn: AsyncConnection, team_id: str, me: str, other: str) -> str:
    """End any live mentorship between the two, whichever side asks: "ended" if one was
    active (the other person is told), "withdrawn" or "declined" if it was only a request
    (nobody is told), "none" if there was nothing."""
    me_id = await find_user_id(conn=conn, team_id=team_id, user_id=me)
    other_id = await find_user_id(conn=conn, team_id=team_id, user_id=other)
    if me_id is None or other_id is None:
        return "none"
    pair = or_(
        and_(Mentorship.mentor_id == me_id, Mentorship.mentee_id == other_id),
        and_(Mentorship.mentor_id == other_id, Mentorship.mentee_id == me_id),
    )
    new_state = case(
        (Mentorship.state == "active", "ended"),
        (Mentorship.mentee_id == me_id, "withdrawn"),
        else_="declined",
    )
    result = await conn.execute(
        update(Mentorship)
        .where(pair, Mentorship.state.in_(("pending", "active")))
        .values(state=new_state, responded_at=utcnow())
        .returning(Mentorship.state)
    )
    states = {r[0] for r in result}
    for outcome in ("ended", "withdrawn", "declined"):
        if outcome in states:
            return outcome
    return "none"


IS_MENTOR_OF = (
    select(Mentorship.id)
    .join(Mentor, Mentor.id == Mentorship.mentor_id)
    .join(Mentee, Mentee.id == Mentorship.mentee_id)
    .where(
        Mentorship.team_id == bindparam("team"),
        Mentorship.state == "active",
        Mentor.team_id == bindparam("team"),
        Mentor.slack_user_id == bindparam("mentor"),
        Mentee.team_id == bindparam("team"),
        Mentee.slack_user_id == bindparam("mentee"),
    )
)
MENTORS_OF = (
    select(Mentor.slack_user_id)
    .join(Mentorship, Mentor.id == Mentorship.mentor_id)
    .join(Mentee, Mentee.id == Mentorship.mentee_id)
    .where(
        Mentorship.team_id == bindparam("team"),
        Mentorship.state == "active",
        Mentee.team_id == bindparam("team"),
        Mentee.slack_user_id == bindparam("mentee"),
    )
    .order_by(Mentor.slack_user_id)
)


async def is_mentor_of(*, conn: Reads, team_id: str, mentor: str, mentee: str) -> bool:
    rows = await fetch_on(conn, IS_MENTOR_OF, {"team": team_id, "mentor": mentor, "mentee": mentee})
    return bool(rows)


async def mentors_of(*, conn: Reads, team_id: str, mentee: str) -> list[str]:
    rows = await fetch_on(conn, MENTORS_OF, {"team": team_id, "mentee": mentee})
    return [r[0] for r in rows]


async def mentees_of(*, conn: AsyncConnection, team_id: str, mentor_row_id: int) -> list[Person]:
    rows = await conn.execute(
        select(*person_columns(Mentee))
        .join(Mentorship, Mentee.id == Mentorship.mentee_id)
        .where(
            Mentorship.team_id == team_id,
            Mentorship.mentor_id == mentor_row_id,
            Mentorship.state == "active",
        )
        .order_by(Mentee.slack_user_id)
    )
    return [person_of(r) for r in rows]


@dataclass(frozen=True)
class MenteeNews:
    """What changed for one mentee since a moment: steps done or reopened (in order), CE
    hours logged, certifications recorded."""

    slack_user_id: str
    steps: tuple[tuple[int, str], ...] = ()  # (step, "done" | "undo")
    ce_hours: float = 0.0
    ce_entries: int = 0
    certs: tuple[str, ...] = ()


async def news_for_mentor(
    *, conn: AsyncConnection, team_id: str, mentor_row_id: int, since: dt.datetime
) -> list[MenteeNews]:
    """Each active mentee with anything new since `since`, by Slack user id: four queries."""
    people = await mentees_of(conn=conn, team_id=team_id, mentor_row_id=mentor_row_id)
    if not people:
        return []
    ids = [p.user_id for p in people]
    steps: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for uid, step, action in await conn.execute(
        select(ProgressEvent.user_id, ProgressEvent.step, ProgressEvent.action)
        .where(in_ids(ProgressEvent.user_id, ids, conn), ProgressEvent.at > since)
        .order_by(ProgressEvent.at)
    ):
        steps[uid].append((step, action))
    ce: dict[int, tuple[float, int]] = {}
    for uid, hours, count in await conn.execute(
        select(CeEntry.user_id, func.sum(CeEntry.hours), func.count())
        .where(in_ids(CeEntry.user_id, ids, conn), CeEntry.created_at > since)
        .group_by(CeEntry.user_id)
    ):
        ce[uid] = (float(hours), int(count))
    certs: dict[int, list[str]] = defaultdict(list)
    for uid, code in await conn.execute(
        select(HeldCertification.user_id, HeldCertification.code).where(
            in_ids(HeldCertification.user_id, ids, conn),
            HeldCertification.created_at > since,
        )
    ):
        certs[uid].append(code)
    return [
        MenteeNews(
            p.slack_user_id,
            tuple(steps.get(p.user_id, ())),
            *ce.get(p.user_id, (0.0, 0)),
            tuple(certs.get(p.user_id, ())),
        )
        for p in people
        if p.user_id in steps or p.user_id in ce or p.user_id in certs
    ]
