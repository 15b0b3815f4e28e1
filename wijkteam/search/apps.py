from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _index_keep(using: str = "default", **kwargs) -> None:
    from django.db import connections

    from wijkteam.search.indexes import sqlite_index_ensure

    connection = connections[using]
    if connection.vendor == "sqlite":
        sqlite_index_ensure(connection)


class SearchConfig(AppConfig):
    name = "wijkteam.search"
    label = "search"
    verbose_name = _("Zoeken voor medewerkers")

    def ready(self) -> None:
        # After every migrate: a later migration that changed a searched table on SQLite made
        # it anew, without the triggers that keep its FTS5 table (indexes.py).
        post_migrate.connect(_index_keep, sender=self)
