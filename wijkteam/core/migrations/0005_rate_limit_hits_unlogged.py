"""On PostgreSQL the rate limit's hits go into an UNLOGGED table: no write-ahead log, so the
insert every post to a public form makes commits without waiting for the disk. A crash empties
the table (the counts start again); a streaming replica has none of it, which is why these rows
are always read from the primary (core/replica.py)."""

from django.db import migrations

TABLE = '"core_ratelimithit"'


def unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET UNLOGGED")


def logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_worker_beat")]

    operations = [migrations.RunPython(unlogged, logged, elidable=False)]
