"""The signals of cases the retention run did before signals carried ``retention_applied_at``
get their case's moment, so that the field says of every signal whether its personal data is
gone (the run sets it on each signal it anonymises from now on)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def signals_done_with_their_case(apps, schema_editor):
    Signal = apps.get_model("signals", "Signal")
    CaseSignal = apps.get_model("cases", "CaseSignal")
    done_at = CaseSignal.objects.filter(signal=OuterRef("pk")).values("case__retention_applied_at")[
        :1
    ]
    Signal.objects.filter(
        retention_applied_at__isnull=True, case_link__case__retention_applied_at__isnull=False
    ).update(retention_applied_at=Subquery(done_at))


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("signals", "0021_signal_retention_applied_at"),
        ("cases", "0014_case_figures"),
    ]

    operations = [
        migrations.RunPython(signals_done_with_their_case, migrations.RunPython.noop, elidable=True)
    ]
