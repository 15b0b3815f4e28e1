"""The old chain's link to the previous row is gone: 0006 sealed every row instead."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("access", "0006_audit_seal")]

    operations = [migrations.RemoveField(model_name="auditentry", name="previous_hash")]
