import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0012, which filled the column: PostgreSQL alters no table in the transaction
    that changed its rows' (deferred) foreign keys."""

    dependencies = [
        ("cases", "0012_proposal_team"),
    ]

    operations = [
        migrations.AlterField(
            model_name="proposal",
            name="team",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="partners.team",
            ),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["team", "deadline", "id"],
                name="proposal_open_team",
            ),
        ),
    ]
