"""The staff search's indexes (wijkteam/search/indexes.py): GIN indexes for Dutch full-text
and trigram similarity on PostgreSQL, FTS5 tables kept by triggers on SQLite."""

from django.db import migrations

from wijkteam.search.indexes import index_create, index_drop


def create(apps, schema_editor):
    index_create(schema_editor.connection)


def drop(apps, schema_editor):
    index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("signals", "0021_signal_retention_applied_at"),
        ("cases", "0014_case_figures"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
