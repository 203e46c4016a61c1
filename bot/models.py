"""SQLAlchemy 2 models. Every row we own is scoped by Slack team id (directly or via its user)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.clock import utcnow
from bot.rules.window import WEEKDAYS


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC on every backend (SQLite hands back naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)  # type: ignore[no-any-return]
        return value.astimezone(dt.UTC)  # type: ignore[no-any-return]


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Workspace(Base):
    """A Slack workspace (team) that has used careerpath."""

    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the app is uninstalled or its tokens revoked: the workspace's reminders stop.
    uninstalled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)


class User(Base):
    """A person in one workspace. The same Slack user id in another team is another row."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("team_id", "slack_user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), index=True
    )
    slack_user_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_progress_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Reminder preferences and what the sweep needs to know about this person.
    tz: Mapped[str | None] = mapped_column(String(64), default=None)
    tz_override: Mapped[str | None] = mapped_column(String(64), default=None)
    tz_checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)
    reminders_on: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    remind_minute: Mapped[int | None] = mapped_column(SmallInteger, default=None)
    work_days: Mapped[int] = mapped_column(
        SmallInteger, default=WEEKDAYS, server_default=str(WEEKDAYS)
    )
    snooze_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)
    vacation_until: Mapped[dt.date | None] = mapped_column(Date, default=None)
    paused_reason: Mapped[str | None] = mapped_column(String(64), default=None)
    dm_channel: Mapped[str | None] = mapped_column(String(32), default=None)
    # The weekly mentor digest: weekday (0 = Monday) and minute of the day, local time.
    digest_day: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    digest_minute: Mapped[int | None] = mapped_column(SmallInteger, default=None)
    digest_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_digest_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)
    # When this person last opened careerpath's App Home tab. Changes republish the Home only
    # for people who have opened it; everyone else gets it fresh when they first open it.
    home_opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)
    # When the sweep should next look at this user; NULL = nothing to look at. Indexed, so a
    # sweep costs what is due, not what exists.
    next_check_at: Mapped[dt.datetime | None] = mapped_column(
        UTCDateTime(), default=None, index=True
    )


class StepProgress(Base):
    """A step a user has marked done (deleted again on undo; the history keeps both)."""

    __tablename__ = "step_progress"
    __table_args__ = (UniqueConstraint("user_id", "step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column(SmallInteger)
    done_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ProgressEvent(Base):
    """Append-only history of progress changes: done and undo, with when."""

    __tablename__ = "progress_events"
    __table_args__ = (Index("ix_progress_events_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column(SmallInteger)
    action: Mapped[str] = mapped_column(String(8))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HeldCertification(Base):
    """A certification a user holds: the date it was earned or last renewed starts its cycle."""

    __tablename__ = "held_certifications"
    __table_args__ = (UniqueConstraint("user_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(16))
    cycle_start: Mapped[dt.date] = mapped_column(Date)
    # The "valid through" date printed on the certificate: when set, it is the cycle's end.
    valid_through: Mapped[dt.date | None] = mapped_column(Date, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CeEntry(Base):
    """Continuing-education hours a user logged, optionally against one certification."""

    __tablename__ = "ce_entries"
    __table_args__ = (Index("ix_ce_entries_user_taken", "user_id", "taken_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    code: Mapped[str | None] = mapped_column(String(16), default=None)
    hours: Mapped[float] = mapped_column(Float)
    ethics: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(200))
    taken_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CeDayTotal(Base):
    """CE hours per person, certification ('' = not tied to one), ethics and day: what the
    views and the planner read, so their cost follows the days in a cycle, not the entries."""

    __tablename__ = "ce_day_totals"
    __table_args__ = (UniqueConstraint("user_id", "code", "ethics", "taken_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(16), default="")
    ethics: Mapped[bool] = mapped_column(Boolean, default=False)
    taken_on: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    entries: Mapped[int] = mapped_column(Integer, default=0)


class Delivery(Base):
    """The reminder ledger: one row per (recipient, kind, period), sent at most once.

    pending → sending (owner + lease) → sent (Slack's ts) | failed (reason) | cancelled.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("recipient", "kind", "period"),
        Index("ix_deliveries_state_due", "state", "due_at"),
        Index("ix_deliveries_state_lease", "state", "lease_until"),
        Index("ix_deliveries_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), default=None, index=True
    )
    recipient: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(24))
    period: Mapped[str] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(12), default="pending")
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    data: Mapped[str] = mapped_column(Text, default="{}")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    owner: Mapped[str | None] = mapped_column(String(64), default=None)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)
    ts: Mapped[str | None] = mapped_column(String(32), default=None)
    error: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Mentorship(Base):
    """A mentee asked a mentor; nothing is shared until the mentor accepts.

    pending → active | declined; active → ended (either side). A new request reuses the row.
    """

    __tablename__ = "mentorships"
    __table_args__ = (
        UniqueConstraint("mentor_id", "mentee_id"),
        Index("ix_mentorships_mentee", "mentee_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(12), default="pending")
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    responded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)


class Cohort(Base):
    """A cohort programme run in one channel; one active cohort per channel."""

    __tablename__ = "cohorts"
    __table_args__ = (
        Index(
            "uq_cohorts_active_channel",
            "team_id",
            "channel_id",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
        Index("ix_cohorts_next_digest", "next_digest_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(80))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    digest_day: Mapped[int | None] = mapped_column(SmallInteger, default=None)
    digest_minute: Mapped[int | None] = mapped_column(SmallInteger, default=None)
    next_digest_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)
    paused_reason: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when its owner or a workspace admin closes it (active becomes false with it).
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)
    # The last `cohort status post`: at most one per COHORT_POST_INTERVAL_MINUTES.
    status_posted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)


class CohortMember(Base):
    """A person who joined a cohort, and so agreed that it sees their step progress."""

    __tablename__ = "cohort_members"
    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id"),
        Index("ix_cohort_members_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ProcessedEvent(Base):
    """Events API deliveries already handled, by Slack's event_id: a retry has one effect."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


# slack_sdk's installation and OAuth-state stores, as tables of our schema so alembic creates
# them (never create_tables() at run time). The stores read and write them by these names.
installations_table = AsyncSQLAlchemyInstallationStore.build_installations_table(
    Base.metadata, "slack_installations"
)
bots_table = AsyncSQLAlchemyInstallationStore.build_bots_table(Base.metadata, "slack_bots")
oauth_states_table = Table(
    "slack_oauth_states",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)
