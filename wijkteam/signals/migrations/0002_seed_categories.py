from django.db import migrations


def seed(apps, schema_editor):
    from wijkteam.signals.category_seed import seed_categories

    seed_categories(apps.get_model("signals", "Category"))


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
