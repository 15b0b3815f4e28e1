"""The words and streets indexes hold the moment too (btree_gin): the search reads a common
word's or street's matches of the last month first (wijkteam/search/access.py: WINDOWS)."""

from django.db import migrations

from wijkteam.search.indexes import moment_indexes_make


def make(apps, schema_editor):
    moment_indexes_make(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_indexes")]

    operations = [migrations.RunPython(make, migrations.RunPython.noop, elidable=False)]
