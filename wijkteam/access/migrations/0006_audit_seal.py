"""The audit trail is sealed instead of chained at append (access/audit.py, access/seal.py).

Before, every append took a lock and chained the row onto the last one (``previous_hash``,
``entry_hash``). Now a row carries an HMAC over its own content (with a random ``nonce``) from
its append, and the sealer gives each committed row a position and a chain hash. This
migration checks the old chain with its own copy of the old formula, row by row in id order,
and seals the rows in that order under the new scheme; if the old chain does not hold, it stops
(and changes nothing) so that a changed trail is not sealed over. The PostgreSQL trigger then
allows exactly one update of a row: its seal, from none to one, with its content unchanged.
0007 removes ``previous_hash``.
"""

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Iterator
from datetime import UTC

from django.conf import settings
from django.db import migrations, models

GENESIS_HASH = "0" * 64
ENTRY_CONTEXT = b"wijkteam-audit-entry\n"
SEAL_CONTEXT = b"wijkteam-audit-seal\n"
CHUNK = 2000
CONTENT = ["at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_repr",
           "changes"]

OLD_APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION access_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'De audittrail kan alleen worden aangevuld.';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_auditentry_append_only
    BEFORE UPDATE OR DELETE ON access_auditentry
    FOR EACH ROW EXECUTE FUNCTION access_auditentry_append_only();
"""
# The one update allowed: a row without a seal gets one, and nothing else about it changes
# (every column but the two seal columns compared, so a column added later is covered too).
SEAL_ONLY_SQL = """
CREATE OR REPLACE FUNCTION access_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.seal_position IS NULL AND OLD.seal_hash = ''
           AND NEW.seal_position IS NOT NULL AND NEW.seal_hash <> ''
           AND to_jsonb(NEW) - 'seal_position' - 'seal_hash'
               = to_jsonb(OLD) - 'seal_position' - 'seal_hash' THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'De audittrail kan alleen worden aangevuld (en elke regel eenmaal verzegeld).';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_auditentry_append_only
    BEFORE UPDATE OR DELETE ON access_auditentry
    FOR EACH ROW EXECUTE FUNCTION access_auditentry_append_only();
"""
DROP_ROW_TRIGGER_SQL = "DROP TRIGGER IF EXISTS access_auditentry_append_only ON access_auditentry;"


class OldChainBroken(Exception):
    pass


def _hmac(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _json(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _content(row: dict) -> list:
    return [row["at"].astimezone(UTC).isoformat(), *(row[name] for name in CONTENT[1:])]


def old_digest(key: bytes, row: dict, previous_hash: str) -> str:
    """The old chain's hash of a row (0003): over the previous row's hash and the content."""
    return _hmac(key, _json([previous_hash, *_content(row)]))


def content_digest(key: bytes, row: dict, nonce: str) -> str:
    """access.audit.content_digest, as it is at this migration."""
    return _hmac(key, ENTRY_CONTEXT + _json([*_content(row), nonce]))


def chain_digest(key: bytes, previous_hash: str, position: int, entry_id: int, entry_hash: str):
    """access.audit.chain_digest, as it is at this migration."""
    return _hmac(key, SEAL_CONTEXT + _json([previous_hash, position, entry_id, entry_hash]))


def resealed(rows: Iterable[dict], key: bytes) -> Iterator[dict]:
    """For old rows in id order (their content, ``id``, ``previous_hash`` and ``entry_hash``):
    check each against the old chain and give it its new content hash and seal, as the new
    values of its columns. Raises ``OldChainBroken`` at the first row that does not hold."""
    previous_old = previous_seal = GENESIS_HASH
    for position, row in enumerate(rows, start=1):
        if row["previous_hash"] != previous_old:
            reason = "it does not point at the hash of the row before it (a row was removed, " \
                     "inserted or moved)"
        elif not hmac.compare_digest(row["entry_hash"], old_digest(key, row, previous_old)):
            reason = "its content no longer matches its hash (the row was changed)"
        else:
            reason = ""
        if reason:
            raise OldChainBroken(
                f"The audit trail's hash chain does not hold at row {row['id']} "
                f"({row['at']:%Y-%m-%d %H:%M:%S}): {reason}. The {position - 1} rows before it "
                "are fine. Sealing stopped and nothing was changed, so that the change is not "
                "sealed over: find out what happened to the trail (the previous version's "
                "manage.py audit_verify names the same row), restore it from a backup, and "
                "migrate again."
            )
        previous_old = row["entry_hash"]
        nonce = secrets.token_hex(16)
        entry_hash = content_digest(key, row, nonce)
        previous_seal = chain_digest(key, previous_seal, position, row["id"], entry_hash)
        yield {
            "id": row["id"],
            "nonce": nonce,
            "entry_hash": entry_hash,
            "seal_position": position,
            "seal_hash": previous_seal,
        }


def _old_rows(AuditEntry) -> Iterator[dict]:
    fields = ["id", *CONTENT, "previous_hash", "entry_hash"]
    last_id = 0
    while True:
        chunk = list(
            AuditEntry.objects.filter(id__gt=last_id).order_by("id").values(*fields)[:CHUNK]
        )
        yield from chunk
        if len(chunk) < CHUNK:
            return
        last_id = chunk[-1]["id"]


def seal_existing_rows(apps, schema_editor):
    AuditEntry = apps.get_model("access", "AuditEntry")
    key = settings.WIJKTEAM_AUDIT_KEY.encode()
    batch = []
    names = ["nonce", "entry_hash", "seal_position", "seal_hash"]
    try:
        for values in resealed(_old_rows(AuditEntry), key):
            batch.append(AuditEntry(**values))
            if len(batch) == CHUNK:
                AuditEntry.objects.bulk_update(batch, names, batch_size=500)
                batch = []
    except OldChainBroken as broken:
        raise RuntimeError(str(broken)) from None
    AuditEntry.objects.bulk_update(batch, names, batch_size=500)


def chain_rows_again(apps, schema_editor):
    """Back to 0005: the old chain over every row, in id order."""
    AuditEntry = apps.get_model("access", "AuditEntry")
    key = settings.WIJKTEAM_AUDIT_KEY.encode()
    previous_hash = GENESIS_HASH
    batch = []
    for row in _old_rows(AuditEntry):
        entry_hash = old_digest(key, row, previous_hash)
        batch.append(AuditEntry(id=row["id"], previous_hash=previous_hash, entry_hash=entry_hash))
        previous_hash = entry_hash
    AuditEntry.objects.bulk_update(batch, ["previous_hash", "entry_hash"], batch_size=500)


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("access", "0005_audit_refuse_truncate")]

    operations = [
        migrations.RunPython(
            _on_postgresql(DROP_ROW_TRIGGER_SQL), _on_postgresql(OLD_APPEND_ONLY_SQL)
        ),
        migrations.AddField(
            model_name="auditentry",
            name="nonce",
            field=models.CharField(
                default="", editable=False, max_length=32, verbose_name="uniek kenmerk"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seal_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="ketenhash"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seal_position",
            field=models.PositiveBigIntegerField(
                blank=True, editable=False, null=True, unique=True, verbose_name="zegelpositie"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(editable=False, max_length=64, verbose_name="inhoudshash"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(
                condition=models.Q(("seal_position__isnull", True)),
                fields=["id"],
                name="auditentry_unsealed",
            ),
        ),
        migrations.RunPython(seal_existing_rows, chain_rows_again),
        migrations.RunPython(_on_postgresql(SEAL_ONLY_SQL), _on_postgresql(DROP_ROW_TRIGGER_SQL)),
    ]
