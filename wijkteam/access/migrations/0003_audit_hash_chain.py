import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.db import migrations, models

GENESIS_HASH = "0" * 64


def entry_digest(*, previous_hash, at, actor_id, actor_label, action, object_type, object_id,
                 object_repr, changes):
    """The hash of a row in this chain, as it was then (the trail is sealed differently since
    0006; this migration keeps its own copy of the formula it used)."""
    content = json.dumps(
        [previous_hash, at.astimezone(UTC).isoformat(), actor_id, actor_label, action,
         object_type, object_id, object_repr, changes],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    key = settings.WIJKTEAM_AUDIT_KEY.encode()
    return hmac.new(key, content.encode(), hashlib.sha256).hexdigest()

APPEND_ONLY_SQL = """
CREATE FUNCTION access_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'De audittrail kan alleen worden aangevuld.';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_auditentry_append_only
    BEFORE UPDATE OR DELETE ON access_auditentry
    FOR EACH ROW EXECUTE FUNCTION access_auditentry_append_only();
"""
DROP_APPEND_ONLY_SQL = """
DROP TRIGGER IF EXISTS access_auditentry_append_only ON access_auditentry;
DROP FUNCTION IF EXISTS access_auditentry_append_only();
"""


def chain_existing_rows(apps, schema_editor):
    AuditEntry = apps.get_model("access", "AuditEntry")
    previous_hash = GENESIS_HASH
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        entry.previous_hash = previous_hash
        entry.entry_hash = entry_digest(
            previous_hash=previous_hash,
            at=entry.at,
            actor_id=entry.actor_id,
            actor_label=entry.actor_label,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            object_repr=entry.object_repr,
            changes=entry.changes,
        )
        entry.save(update_fields=["previous_hash", "entry_hash"])
        previous_hash = entry.entry_hash


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL)


def allow_changes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY_SQL)


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="previous_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="vorige hash"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(append_only, allow_changes),
    ]
