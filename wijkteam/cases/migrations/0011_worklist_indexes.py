from django.conf import settings
from django.db import migrations, models

# PostgreSQL estimates the reporters' "nee" answers nobody followed up yet (Mijn werk) from
# each column alone: with most answers "ja" and hardly any followed up, it expected ten times
# the real number and read every case of the organisation's teams to find a handful. Statistics
# on the two columns together give it the real share, and the short list is read first.
ANSWER_STATISTICS = "cases_feedback_answer"


def statistics_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS {ANSWER_STATISTICS} (mcv, dependencies) "
            "ON satisfied, follow_up FROM cases_feedback"
        )
        schema_editor.execute("ANALYZE cases_feedback")


def statistics_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {ANSWER_STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0003_address_register"),
        ("cases", "0010_address_answers_to_their_reporter"),
        ("partners", "0006_rent_administration_role"),
        ("signals", "0016_signalevent_for_reporter"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("decided_at__isnull", False)),
                fields=["team", "-decided_at", "-id"],
                name="case_team_decided",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        ("consultation", "escalated", "handling", "in_progress", "waiting"),
                    )
                ),
                fields=["team", "-opened_at", "-id"],
                name="case_team_open_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="caseaction",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True)),
                fields=["due_date", "id"],
                name="action_open_due",
            ),
        ),
        migrations.RunPython(statistics_create, statistics_drop),
    ]
