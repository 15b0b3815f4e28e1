import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    Signal = apps.get_model("signals", "Signal")
    Category = apps.get_model("signals", "Category")
    for category in Category.objects.exclude(parent=None):
        Signal.objects.filter(category=category).update(main_category_id=category.parent_id)


class Migration(migrations.Migration):
    dependencies = [("signals", "0005_wording")]

    operations = [
        migrations.AddField(
            model_name="signal",
            name="main_category",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="signals.category",
                verbose_name="hoofdcategorie",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="signal",
            name="main_category",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="signals.category",
                verbose_name="hoofdcategorie",
            ),
        ),
        migrations.AddIndex(
            model_name="signal",
            index=models.Index(
                fields=["team", "main_category", "-created_at"], name="signal_inbox_main_category"
            ),
        ),
    ]
