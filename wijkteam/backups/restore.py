"""Restoring a backup into a new, empty database and media folder (the configured ones:
``DATABASE_URL`` and ``WIJKTEAM_MEDIA_ROOT``), then checking the copy against the manifest.

Nothing is restored over data: a database with tables or a media folder with files is
refused. Every part's SHA-256 is checked before anything is written, so a damaged backup
changes nothing. PostgreSQL restores in one transaction (all or nothing), and the media folder
is emptied again when the database does not come in, so that the restore can be repeated."""

import os
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection
from django.db.migrations.loader import MigrationLoader

from wijkteam.backups import inventory, postgres, sqlite
from wijkteam.backups.manifest import CHECKPOINTS_FILE, VENDOR_NAMES, manifest_read
from wijkteam.backups.media import file_sha256, media_extract
from wijkteam.backups.verify import restore_verify
from wijkteam.core.errors import DomainError


def _check_parts(source: Path, manifest: dict[str, Any], progress) -> None:
    parts = [manifest["database"], manifest["media"]]
    if manifest.get("checkpoints"):
        parts.append(manifest["checkpoints"])
    for part in parts:
        path = source / part["file"]
        if not path.is_file():
            raise DomainError(f"Het deel {part['file']} van de back-up ontbreekt.")
        if path.stat().st_size != part["size"] or file_sha256(path) != part["sha256"]:
            raise DomainError(
                f"Het deel {part['file']} van de back-up is beschadigd (de SHA-256 klopt niet "
                "met het manifest). Er is niets teruggezet."
            )
    progress("De delen van de back-up zijn heel (SHA-256 volgens het manifest).")


def _migrations(manifest: dict[str, Any]) -> list[str]:
    """Refuse a backup made by a newer Wijkteam; return the migrations this code has that the
    backup lacks (``manage.py migrate`` brings the restored database up to date)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    known |= {old for squashed in loader.replacements.values() for old in squashed.replaces}
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    ours = {app for app, _name in known}
    unknown = sorted(key for key in applied - known if key[0] in ours)
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise DomainError(
            f"De back-up komt van een nieuwere versie van Wijkteam: deze code kent de migraties "
            f"{names} niet. Zet hem terug met de versie waarmee hij is gemaakt (of een nieuwere)."
        )
    return sorted(f"{app}.{name}" for app, name in set(loader.disk_migrations) - applied)


def _require_empty_target(media_root: Path) -> None:
    try:
        with connection.cursor() as cursor:
            tables = inventory.table_names(cursor, connection.vendor)
    except OperationalError as error:
        raise DomainError(
            f"De database {connection.settings_dict['NAME']} is niet te bereiken ({error}). "
            "Maak eerst een nieuwe, lege database (PostgreSQL: createdb) en zet hem in "
            "DATABASE_URL."
        ) from error
    if tables:
        raise DomainError(
            f"De database {connection.settings_dict['NAME']} is niet leeg ({len(tables)} "
            "tabellen). Zet een back-up alleen terug in een nieuwe, lege database (PostgreSQL: "
            "createdb; SQLite: een nieuw bestand in DATABASE_URL). Er is niets veranderd."
        )
    if media_root.exists() and (not media_root.is_dir() or any(media_root.iterdir())):
        raise DomainError(
            f"De mediamap {media_root} is niet leeg. Zet een back-up alleen terug in een nieuwe "
            "of lege mediamap (WIJKTEAM_MEDIA_ROOT). Er is niets veranderd."
        )


def _empty(folder: Path) -> None:
    for entry in folder.iterdir() if folder.is_dir() else ():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _install_checkpoints(source: Path, manifest: dict[str, Any], progress) -> None:
    """Give the restored trail the backup's checkpoints as its checkpoint file, unless one is
    there already (that one is kept as it is: it may be the only record of what came after)."""
    if not manifest.get("checkpoints"):
        return
    target = Path(settings.WIJKTEAM_AUDIT_CHECKPOINT_FILE)
    if target.exists() and target.stat().st_size:
        progress(
            f"Het ijkpuntenbestand {target} bestaat al en blijft zoals het is; de controle "
            "hieronder gebruikt de ijkpunten uit de back-up. Ijkpunten in dat bestand van na de "
            "back-up melden de regels die sinds de back-up verloren zijn als ontbrekend einde."
        )
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write((source / CHECKPOINTS_FILE).read_bytes())
        handle.flush()
        os.fsync(handle.fileno())
    progress(f"Ijkpunten van de audittrail uit de back-up gezet in {target}.")


def backup_restore(*, source: Path, progress) -> list[str]:
    """Restore the backup in ``source`` into the configured, empty database and media folder
    and check the result against its manifest. Returns the migrations the code has that the
    backup lacks."""
    manifest = manifest_read(source)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise DomainError(
            f"Dit is een back-up van een {VENDOR_NAMES.get(vendor, vendor)}-database; zet hem "
            f"terug in {VENDOR_NAMES.get(vendor, vendor)} (DATABASE_URL wijst naar "
            f"{VENDOR_NAMES.get(connection.vendor, connection.vendor)})."
        )
    progress(f"Back-up van {manifest['snapshot_at']} uit {source}")
    media_root = Path(settings.MEDIA_ROOT).resolve()
    _require_empty_target(media_root)
    pending = _migrations(manifest)
    _check_parts(source, manifest, progress)
    progress(f"Media uitpakken in {media_root} ({len(manifest['media']['files']):,} bestanden)")
    try:
        media_extract(source / manifest["media"]["file"], media_root)
        progress(f"Database terugzetten in {connection.settings_dict['NAME']}")
        connection.close()
        database = source / manifest["database"]["file"]
        if vendor == "postgresql":
            postgres.restore(database=connection.settings_dict, source=database)
        else:
            sqlite.copy(database, connection.settings_dict["NAME"])
    except BaseException:
        # The media folder was empty: leave it so, and the restore can be run again.
        _empty(media_root)
        raise
    progress(f"Media teruggezet in {media_root}")
    _install_checkpoints(source, manifest, progress)
    restore_verify(source=source, manifest=manifest, media_root=media_root, progress=progress)
    return pending
