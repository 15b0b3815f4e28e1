"""The street names of signals and cases get a table of their own, kept by triggers: a street
typed with a mistake is looked up among some hundreds of names instead of in a trigram index
over every signal, and the records by the names found (indexes.py: streets_make)."""

from django.db import migrations, models

from wijkteam.search.indexes import streets_drop, streets_make


def make(apps, schema_editor):
    streets_make(schema_editor.connection)


def drop(apps, schema_editor):
    streets_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_indexes_with_moment")]

    operations = [
        migrations.CreateModel(
            name="Street",
            fields=[
                (
                    "name",
                    models.CharField(
                        max_length=150, primary_key=True, serialize=False, verbose_name="straat"
                    ),
                ),
            ],
            options={
                "verbose_name": "straat",
                "verbose_name_plural": "straten",
                "db_table": "search_street",
            },
        ),
        migrations.RunPython(make, drop, elidable=False),
    ]
