"""What handlers and jobs share: settings, the database, the content and its search index."""

from __future__ import annotations

from dataclasses import dataclass

from bot import notify, outbound
from bot.catalog import Catalog
from bot.clock import Clock, utcnow
from bot.config import Settings
from bot.db import Database
from bot.oauth import Installations
from bot.services.search import SearchIndex


@dataclass(frozen=True)
class Deps:
    settings: Settings
    db: Database
    catalog: Catalog
    index: SearchIndex
    # Multi-workspace mode only: the OAuth installations (a bot token per workspace).
    installation_store: Installations | None = None
    # What time it is (UTC): the real clock, or a pinned one for `--at` and tests.
    clock: Clock = utcnow

    @classmethod
    def build(
        cls, settings: Settings, catalog: Catalog, db: Database | None = None, clock: Clock = utcnow
    ) -> Deps:
        db = db or Database(
            settings.database_url,
            pool_size=settings.database_pool_size,
            pool_timeout=settings.database_pool_timeout_seconds,
        )
        store = None
        if settings.oauth and settings.slack_client_id and settings.slack_client_secret:
            store = Installations(
                db, settings.slack_client_id, settings.slack_client_secret.get_secret_value()
            )
        return cls(settings, db, catalog, SearchIndex.from_catalog(catalog), store, clock)

    async def close(self) -> None:
        """The end of a process's (or a test's) work, in order: notifications still in
        flight finish, then the connections to Slack and to the database close."""
        await notify.drain()
        await outbound.close()
        await self.db.dispose()
