"""A person as the rules see them: the one projection of a users row, and a learner's facts.

Services read the row into `Person`; the planner, the sweep and the preference views all take
it from there, so a new column is added in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from bot.rules.cycles import Held
from bot.rules.localtime import today_for, zone
from bot.rules.pace import CeLog
from bot.rules.window import WEEKDAYS, Window, not_before, start_minute


@dataclass(frozen=True)
class Person:
    """One users row: who, where, and their reminder preferences."""

    user_id: int = 0
    team_id: str = ""
    slack_user_id: str = ""
    tz: str | None = None  # as Slack reports it
    tz_override: str | None = None  # as the person chose it
    tz_checked_at: dt.datetime | None = None
    reminders_on: bool = True
    remind_minute: int | None = None
    work_days: int = WEEKDAYS
    snooze_until: dt.datetime | None = None
    vacation_until: dt.date | None = None
    paused_reason: str | None = None
    last_progress_at: dt.datetime | None = None
    dm_channel: str | None = None
    digest_day: int = 0
    digest_minute: int | None = None
    digest_off: bool = False
    last_digest_at: dt.datetime | None = None

    @property
    def id(self) -> int:
        """The users row id (as the services name it)."""
        return self.user_id

    @property
    def zone_name(self) -> str | None:
        return self.tz_override or self.tz

    @property
    def window(self) -> Window:
        return Window.for_user(self.zone_name, self.remind_minute, self.work_days)

    @property
    def digest_at(self) -> tuple[int, int]:
        """(weekday, minute) of this person's weekly mentor digest: their own minute, else
        when their window opens."""
        minute = self.digest_minute
        return self.digest_day, start_minute(self.remind_minute) if minute is None else minute

    def today(self, now: dt.datetime) -> dt.date:
        return today_for(self.zone_name, now)

    def earliest(self, now: dt.datetime) -> dt.datetime:
        """The first moment at or after `now` this person wants to hear from us."""
        held_back = not_before(now, self.snooze_until, self.vacation_until, zone(self.zone_name))
        return self.window.next_open(held_back)


@dataclass(frozen=True)
class Learner(Person):
    """A person and what the planner knows of their progress."""

    steps_done: int = 0
    next_step: int | None = 1
    done: frozenset[int] = frozenset()
    # (weekday, minute) of the weekly mentor digest, when this person mentors anyone.
    mentor_digest: tuple[int, int] | None = None
    certs: tuple[Held, ...] = ()
    ce: tuple[CeLog, ...] = ()


def learner_of(person: Person, **facts: Any) -> Learner:
    """`person` with the planner's facts about them."""
    return Learner(**{f.name: getattr(person, f.name) for f in fields(Person)}, **facts)
