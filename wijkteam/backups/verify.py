"""Checking a restored copy against its backup's manifest: the rows per table, every media
file's size and SHA-256, the files the rows refer to, and the audit trail (the sealed head the
backup saw, every row's content and seal, and the checkpoints copied with the backup)."""

from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils.dateparse import parse_datetime

from wijkteam.access.audit import audit_chain_verify
from wijkteam.access.seal import audit_seal
from wijkteam.backups import inventory
from wijkteam.backups.manifest import CHECKPOINTS_FILE
from wijkteam.backups.media import media_listing
from wijkteam.core.errors import DomainError

# Differences named one by one; the rest are counted.
SHOWN = 10


def _named(problems: list[str], what: str) -> list[str]:
    if len(problems) <= SHOWN:
        return problems
    return [*problems[:SHOWN], f"En nog {len(problems) - SHOWN} {what}."]


def _count_problems(manifest: dict[str, Any], cursor: Any) -> list[str]:
    expected = manifest["tables"]
    tables = inventory.table_names(cursor, connection.vendor)
    problems = [f"Tabel {table} ontbreekt." for table in sorted(set(expected) - set(tables))]
    problems += [f"Tabel {table} zit niet in de back-up." for table in set(tables) - set(expected)]
    counted = inventory.table_rows(cursor, [table for table in tables if table in expected])
    for table, rows in counted.items():
        if rows != expected[table]["rows"]:
            problems.append(
                f"Tabel {table}: {rows:,} regels, de back-up had er {expected[table]['rows']:,}."
            )
    return _named(problems, "tabellen die niet kloppen")


def _media_problems(manifest: dict[str, Any], media_root: Path, cursor: Any) -> list[str]:
    expected = {item["name"]: item for item in manifest["media"]["files"]}
    found = {item.name: item for item in media_listing(media_root)}
    problems = [f"Mediabestand {name} ontbreekt." for name in sorted(set(expected) - set(found))]
    problems += [
        f"Mediabestand {name} zit niet in de back-up."
        for name in sorted(set(found) - set(expected))
    ]
    for name in sorted(set(found) & set(expected)):
        if (found[name].size, found[name].sha256) != (
            expected[name]["size"],
            expected[name]["sha256"],
        ):
            problems.append(f"Mediabestand {name} verschilt van het bestand in de back-up.")
    known_missing = set(manifest["media"]["missing"])
    for name in sorted(
        {name for name in inventory.file_references(cursor, connection.vendor)}
        - set(found)
        - known_missing
    ):
        problems.append(f"Bestand {name} hoort bij een regel in de database maar ontbreekt.")
    return _named(problems, "mediabestanden die niet kloppen")


def _audit_problems(manifest: dict[str, Any], cursor: Any) -> list[str]:
    """The trail as the backup saw it: the same sealed head, and every row holding (rows that
    were already waiting for their seal too long at the backup's moment are only reported)."""
    head = inventory.sealed_head(cursor)
    if head != manifest["audit"]:
        return [
            f"De audittrail heeft niet de verzegelde kop van de back-up: {head} in plaats van "
            f"{manifest['audit']}."
        ]
    chain = audit_chain_verify(now=parse_datetime(manifest["snapshot_at"]))
    if chain.broken is not None:
        return [
            f"De audittrail klopt niet: regel {chain.broken.entry_id} ({chain.broken.reason}). "
            "manage.py audit_verify zegt meer. Is WIJKTEAM_AUDIT_KEY (of, zonder die, "
            "DJANGO_SECRET_KEY) dezelfde als waarmee de back-up is gemaakt?"
        ]
    return []


def restore_verify(*, source: Path, manifest: dict[str, Any], media_root: Path, progress) -> None:
    """Compare the restored database and media folder with the manifest; then seal the audit
    trail's rows the backup caught before the worker sealed them (as the worker does when it
    starts) and run ``audit_verify`` against the checkpoints copied with the backup. Raises a
    DomainError naming every difference."""
    with connection.cursor() as cursor:
        problems = _count_problems(manifest, cursor)
        progress(f"Aantallen per tabel: {'in orde' if not problems else 'NIET in orde'}.")
        media = _media_problems(manifest, media_root, cursor)
        progress(
            f"Mediabestanden (grootte en SHA-256): {'in orde' if not media else 'NIET in orde'}."
        )
        audit = _audit_problems(manifest, cursor)
    problems += media + audit
    if problems:
        raise DomainError(
            "De teruggezette kopie klopt niet met de back-up:\n" + "\n".join(problems)
        )
    sealed = audit_seal()
    if sealed:
        progress(f"Audittrail: {sealed:,} regels verzegeld die bij de back-up nog wachtten.")
    checkpoints = source / CHECKPOINTS_FILE
    options = {"checkpoints": checkpoints} if checkpoints.is_file() else {}
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err, **options)
    except CommandError as error:
        raise DomainError(f"audit_verify op de teruggezette database: {error}") from error
    for line in (out.getvalue() + err.getvalue()).splitlines():
        progress(f"audit_verify: {line}")
