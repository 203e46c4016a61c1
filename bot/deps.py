"""What handlers and jobs share: settings, the database, the content and its search index."""

from __future__ import annotations

from dataclasses import dataclass

from bot.catalog import Catalog
from bot.config import Settings
from bot.db import Database
from bot.services.search import SearchIndex


@dataclass(frozen=True)
class Deps:
    settings: Settings
    db: Database
    catalog: Catalog
    index: SearchIndex

    @classmethod
    def build(cls, settings: Settings, catalog: Catalog, db: Database | None = None) -> Deps:
        return cls(
            settings,
            db or Database(settings.database_url),
            catalog,
            SearchIndex.from_catalog(catalog),
        )
