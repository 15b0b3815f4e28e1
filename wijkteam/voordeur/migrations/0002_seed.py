from django.db import migrations


def seed(apps, schema_editor):
    from wijkteam.voordeur.seed_words import seed_doors, seed_search_words

    seed_doors(apps.get_model("voordeur", "Door"))
    seed_search_words(apps.get_model("signals", "Category"), apps.get_model("voordeur", "CategoryWords"))


class Migration(migrations.Migration):
    dependencies = [("voordeur", "0001_initial"), ("signals", "0017_arrears_import_rows")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
