"""Step progress: what a learner has done, what is next, and the history of changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import ProgressEvent, StepProgress, User, Workspace, utcnow


def insert_for(session: AsyncSession):  # type: ignore[no-untyped-def]
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING on both our backends."""
    name = session.bind.dialect.name if session.bind is not None else "sqlite"
    return postgresql.insert if name == "postgresql" else sqlite.insert


async def find_user_id(*, session: AsyncSession, team_id: str, user_id: str) -> int | None:
    return await session.scalar(
        select(User.id).where(User.team_id == team_id, User.slack_user_id == user_id)
    )


async def ensure_user(*, session: AsyncSession, team_id: str, user_id: str) -> int:
    """The row id of (team, user), creating the workspace and user rows on first sight."""
    found = await find_user_id(session=session, team_id=team_id, user_id=user_id)
    if found is not None:
        return found
    insert = insert_for(session)
    now = utcnow()
    await session.execute(
        insert(Workspace).values(team_id=team_id, created_at=now).on_conflict_do_nothing()
    )
    await session.execute(
        insert(User)
        .values(team_id=team_id, slack_user_id=user_id, created_at=now)
        .on_conflict_do_nothing()
    )
    found = await find_user_id(session=session, team_id=team_id, user_id=user_id)
    assert found is not None
    return found


async def completed_steps(*, session: AsyncSession, team_id: str, user_id: str) -> frozenset[int]:
    """The step numbers this user has marked done (one indexed query)."""
    rows = await session.scalars(
        select(StepProgress.step)
        .join(User, User.id == StepProgress.user_id)
        .where(User.team_id == team_id, User.slack_user_id == user_id)
    )
    return frozenset(rows)


@dataclass(frozen=True)
class Change:
    """What `done`/`undo` did: whether anything changed, and the steps done afterwards."""

    changed: bool
    done: frozenset[int]


async def set_step(
    *,
    session: AsyncSession,
    team_id: str,
    user_id: str,
    step: int,
    done: bool,
    now: dt.datetime | None = None,
) -> Change:
    """Mark one step done or not done; record the change in the history if there was one."""
    now = now or utcnow()
    uid = await ensure_user(session=session, team_id=team_id, user_id=user_id)
    if done:
        insert = insert_for(session)
        result = await session.execute(
            insert(StepProgress)
            .values(user_id=uid, step=step, done_at=now)
            .on_conflict_do_nothing()
            .returning(StepProgress.id)
        )
        changed = result.first() is not None
    else:
        result = await session.execute(
            delete(StepProgress)
            .where(StepProgress.user_id == uid, StepProgress.step == step)
            .returning(StepProgress.id)
        )
        changed = result.first() is not None
    if changed:
        session.add(
            ProgressEvent(user_id=uid, step=step, action="done" if done else "undo", at=now)
        )
        user = await session.get(User, uid)
        assert user is not None
        user.last_progress_at = now
    rows = await session.scalars(select(StepProgress.step).where(StepProgress.user_id == uid))
    return Change(changed, frozenset(rows))


def next_step(done: frozenset[int], step_count: int) -> int | None:
    """The first step not done, or None when every step is done."""
    for n in range(1, step_count + 1):
        if n not in done:
            return n
    return None
