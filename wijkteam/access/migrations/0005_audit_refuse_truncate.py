"""PostgreSQL refuses TRUNCATE of the audit trail too. The row triggers of 0003 refuse UPDATE
and DELETE, but TRUNCATE fires no row triggers: it emptied the trail in one statement, and what
was left (nothing) still verified. A statement trigger before TRUNCATE closes that door; it also
fires when the trail would be emptied by a TRUNCATE ... CASCADE of the users table."""

from django.db import migrations

REFUSE_TRUNCATE_SQL = """
CREATE TRIGGER access_auditentry_no_truncate
    BEFORE TRUNCATE ON access_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION access_auditentry_append_only();
"""
ALLOW_TRUNCATE_SQL = "DROP TRIGGER IF EXISTS access_auditentry_no_truncate ON access_auditentry;"


def refuse_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REFUSE_TRUNCATE_SQL)


def allow_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_TRUNCATE_SQL)


class Migration(migrations.Migration):
    dependencies = [("access", "0004_access_log")]

    operations = [migrations.RunPython(refuse_truncate, allow_truncate)]
