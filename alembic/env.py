"""Alembic environment: the URL comes from Settings (or the caller), migrations run blocking."""

from __future__ import annotations

from sqlalchemy import create_engine, pool

from alembic import context
from bot.config import load_settings
from bot.db import configure_sqlite, is_sqlite, sync_url
from bot.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("database_url") or load_settings().database_url
    return str(url)


def run_migrations_offline() -> None:
    context.configure(
        url=sync_url(_url()).render_as_string(hide_password=False),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = sync_url(_url())
    engine = create_engine(url, poolclass=pool.NullPool)
    if is_sqlite(url):
        configure_sqlite(engine)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=is_sqlite(url),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
