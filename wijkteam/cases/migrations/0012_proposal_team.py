import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def team_of_case(apps, schema_editor):
    """Every proposal gets its case's wijkteam (a case keeps its team for good)."""
    Case = apps.get_model("cases", "Case")
    Proposal = apps.get_model("cases", "Proposal")
    Proposal.objects.filter(team__isnull=True).update(
        team_id=Subquery(Case.objects.filter(pk=OuterRef("case_id")).values("team_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_worklist_indexes"),
        ("partners", "0006_rent_administration_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="team",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="partners.team",
            ),
        ),
        migrations.RunPython(team_of_case, migrations.RunPython.noop),
    ]
