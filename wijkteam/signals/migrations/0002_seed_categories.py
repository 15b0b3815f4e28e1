from django.db import migrations


def seed(apps, schema_editor):
    from wijkteam.signals.category_seed import seed_rows

    Category = apps.get_model("signals", "Category")
    for main_fields, children in seed_rows():
        main, _ = Category.objects.get_or_create(slug=main_fields["slug"], defaults=main_fields)
        for child in children:
            Category.objects.get_or_create(slug=child["slug"], defaults={**child, "parent": main})


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
