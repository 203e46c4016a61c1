"""Mentorship with consent: a mentee asks, the mentor accepts, and only then is anything shared.

Every lookup is scoped by team id: the same Slack user id in another workspace is a stranger.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased

from bot.db import Database
from bot.models import Mentorship, User, utcnow
from bot.services.learners import Person
from bot.services.progress import ensure_user, find_user_id, insert_for

Mentor = aliased(User)
Mentee = aliased(User)


@dataclass(frozen=True)
class Request:
    outcome: str  # "created" | "pending" | "active"
    mentorship_id: int


async def request(
    *, conn: AsyncConnection, db: Database, team_id: str, mentee: str, mentor: str
) -> Request:
    """`mentee` asks `mentor`; a declined or ended mentorship can be asked for again."""
    mentee_id = await ensure_user(conn=conn, db=db, team_id=team_id, user_id=mentee)
    mentor_id = await ensure_user(conn=conn, db=db, team_id=team_id, user_id=mentor)
    now = utcnow()
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
            .on_conflict_do_nothing()
            .returning(Mentorship.id)
        )
    ).first()
    if inserted is not None:
        return Request("created", inserted[0])
    row = (
        await conn.execute(
            select(Mentorship.id, Mentorship.state).where(
                Mentorship.mentor_id == mentor_id, Mentorship.mentee_id == mentee_id
            )
        )
    ).one()
    if row.state in ("pending", "active"):
        return Request(row.state, row.id)
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


async def end(*, conn: AsyncConnection, db: Database, team_id: str, me: str, other: str) -> bool:
    """End (or withdraw) any live mentorship between the two, whichever side asks."""
    me_id = await find_user_id(db=db, team_id=team_id, user_id=me)
    other_id = await find_user_id(db=db, team_id=team_id, user_id=other)
    if me_id is None or other_id is None:
        return False
    pair = or_(
        and_(Mentorship.mentor_id == me_id, Mentorship.mentee_id == other_id),
        and_(Mentorship.mentor_id == other_id, Mentorship.mentee_id == me_id),
    )
    result = await conn.execute(
        update(Mentorship)
        .where(pair, Mentorship.state.in_(("pending", "active")))
        .values(state="ended", responded_at=utcnow())
    )
    return bool(result.rowcount)


async def is_mentor_of(*, db: Database, team_id: str, mentor: str, mentee: str) -> bool:
    async with db.engine.connect() as conn:
        found = await conn.scalar(
            select(Mentorship.id)
            .join(Mentor, Mentor.id == Mentorship.mentor_id)
            .join(Mentee, Mentee.id == Mentorship.mentee_id)
            .where(
                Mentorship.team_id == team_id,
                Mentorship.state == "active",
                Mentor.team_id == team_id,
                Mentor.slack_user_id == mentor,
                Mentee.team_id == team_id,
                Mentee.slack_user_id == mentee,
            )
        )
    return found is not None


async def mentors_of(*, db: Database, team_id: str, mentee: str) -> list[str]:
    async with db.engine.connect() as conn:
        rows = await conn.scalars(
            select(Mentor.slack_user_id)
            .join(Mentorship, Mentor.id == Mentorship.mentor_id)
            .join(Mentee, Mentee.id == Mentorship.mentee_id)
            .where(
                Mentorship.team_id == team_id,
                Mentorship.state == "active",
                Mentee.team_id == team_id,
                Mentee.slack_user_id == mentee,
            )
            .order_by(Mentor.slack_user_id)
        )
        return list(rows)


async def mentees_of(*, conn: AsyncConnection, team_id: str, mentor_row_id: int) -> list[Person]:
    rows = await conn.execute(
        select(
            Mentee.id,
            Mentee.team_id,
            Mentee.slack_user_id,
            Mentee.tz,
            Mentee.reminders_on,
            Mentee.paused_reason,
            Mentee.last_progress_at,
        )
        .join(Mentorship, Mentee.id == Mentorship.mentee_id)
        .where(
            Mentorship.team_id == team_id,
            Mentorship.mentor_id == mentor_row_id,
            Mentorship.state == "active",
        )
        .order_by(Mentee.slack_user_id)
    )
    return [Person(*r) for r in rows]
