"""The per-row report of an arrears import moves from one JSON list on the import, rewritten as
the import went, to a row per line (ArrearsImportRow), appended with what the row changed."""

import django.db.models.deletion
from django.db import migrations, models

RESULTS = {"rejected": 0, "created": 1, "updated": 2, "unchanged": 3}
RESULT_NAMES = {number: name for name, number in RESULTS.items()}


def rows_from_reports(apps, schema_editor):
    ArrearsImport = apps.get_model("signals", "ArrearsImport")
    ArrearsImportRow = apps.get_model("signals", "ArrearsImportRow")
    Signal = apps.get_model("signals", "Signal")
    for job in ArrearsImport.objects.exclude(report=[]).only("pk", "report").iterator():
        entries = {}
        for entry in job.report or []:
            entries[int(entry["line"])] = entry  # a line once, as the new table has it
        signals = dict(
            Signal.objects.filter(
                reference__in={entry["signal"] for entry in entries.values() if entry.get("signal")}
            ).values_list("reference", "pk")
        )
        ArrearsImportRow.objects.bulk_create(
            [
                ArrearsImportRow(
                    job_id=job.pk,
                    line=line,
                    reference=(entry.get("reference") or "")[:200],
                    result=RESULTS.get(entry.get("result"), 0),
                    messages=entry.get("messages") or [],
                    signal_id=signals.get(entry.get("signal")),
                )
                for line, entry in entries.items()
            ],
            batch_size=1000,
        )


def reports_from_rows(apps, schema_editor):
    ArrearsImport = apps.get_model("signals", "ArrearsImport")
    ArrearsImportRow = apps.get_model("signals", "ArrearsImportRow")
    for job in ArrearsImport.objects.all().iterator():
        report = []
        for row in ArrearsImportRow.objects.filter(job_id=job.pk).order_by("line"):
            entry = {
                "line": row.line,
                "reference": row.reference,
                "result": RESULT_NAMES[row.result],
            }
            if row.messages:
                entry["messages"] = row.messages
            if row.signal_id:
                entry["signal"] = (
                    apps.get_model("signals", "Signal")
                    .objects.filter(pk=row.signal_id)
                    .values_list("reference", flat=True)
                    .first()
                )
            report.append(entry)
        if report:
            ArrearsImport.objects.filter(pk=job.pk).update(report=report)


class Migration(migrations.Migration):

    dependencies = [
        ('signals', '0016_signalevent_for_reporter'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArrearsImportRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('line', models.PositiveIntegerField(verbose_name='regel')),
                ('reference', models.CharField(blank=True, max_length=200, verbose_name='referentie')),
                ('result', models.PositiveSmallIntegerField(choices=[(0, 'afgewezen'), (1, 'nieuw'), (2, 'bijgewerkt'), (3, 'ongewijzigd')], verbose_name='resultaat')),
                ('messages', models.JSONField(blank=True, default=list)),
                ('job', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='rows', to='signals.arrearsimport')),
                ('signal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='signals.signal')),
            ],
            options={
                'verbose_name': 'regel van een import',
                'verbose_name_plural': 'regels van een import',
                'ordering': ['result', 'line'],
                'indexes': [models.Index(fields=['job', 'result', 'line'], name='arrears_import_report'), models.Index(fields=['job', 'reference', 'line'], name='arrears_import_reference')],
                'constraints': [models.UniqueConstraint(fields=('job', 'line'), name='arrears_import_line_once')],
            },
        ),
        migrations.RunPython(rows_from_reports, reports_from_rows),
        migrations.RemoveField(
            model_name='arrearsimport',
            name='report',
        ),
    ]
