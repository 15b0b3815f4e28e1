"""Making a backup: the database and the media folder, consistent with each other.

Order. The audit trail's checkpoint file is copied first, then the database is captured in one
snapshot, then the media folder is copied.

- A photo or document is written to the media folder *before* the row that refers to it
  commits (``stored.file.save(..., save=False)`` and then ``save()``, in the service's
  transaction), and a file is removed only *after* its row's removal commits
  (``transaction.on_commit``). So every file a row in the snapshot refers to was in the media
  folder when the snapshot was taken, and is still there when the folder is copied after it.
  A file written after the snapshot is copied too: a harmless extra that no row refers to.
  The one exception is a file removed between the snapshot and its copy (the nightly
  retention run removing a photo, a resident's unsent form photo expiring): the backup checks
  every file the snapshot refers to and lists any that are missing in its manifest (the
  schedule in the README keeps backups away from the retention run).
- Every checkpoint in the copied checkpoint file was written before the snapshot, and a
  checkpoint names only rows sealed before it was written, which are never removed: the
  restored trail holds against every line of the copy.

On PostgreSQL the snapshot is exported from a REPEATABLE READ transaction
(``pg_export_snapshot``); ``pg_dump --snapshot`` dumps exactly what that transaction sees, and
the manifest's counts, sealed head and file references are read in the same transaction. On
SQLite the online backup API copies the file and the manifest is read from the copy.
"""

import os
import platform
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection, transaction
from django.utils import timezone

from wijkteam.backups import inventory, postgres, sqlite
from wijkteam.backups.manifest import (
    CHECKPOINTS_FILE,
    DATABASE_FILES,
    FORMAT,
    MANIFEST,
    MEDIA_FILE,
    NAME_PREFIX,
    VERSION,
    fsync_folder,
    manifest_write,
)
from wijkteam.backups.media import file_sha256, media_archive
from wijkteam.core.errors import DomainError

Progress = Callable[[str], None]


def size_text(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def _part(folder: Path, name: str) -> dict[str, Any]:
    path = folder / name
    return {"file": name, "size": path.stat().st_size, "sha256": file_sha256(path)}


def _copy_checkpoints(folder: Path, progress: Progress) -> dict[str, Any] | None:
    """Copy the complete lines of the audit trail's checkpoint file (a line being appended
    right now is left for the next backup)."""
    source = Path(settings.WIJKTEAM_AUDIT_CHECKPOINT_FILE)
    if not source.is_file():
        progress(f"Ijkpunten van de audittrail: er is (nog) geen ijkpuntenbestand {source}.")
        return None
    content = source.read_bytes()
    content = content[: content.rfind(b"\n") + 1]
    (folder / CHECKPOINTS_FILE).write_bytes(content)
    lines = content.count(b"\n")
    progress(f"Ijkpunten van de audittrail: {lines:,} regels uit {source} gekopieerd.")
    return {**_part(folder, CHECKPOINTS_FILE), "lines": lines}


@contextmanager
def _postgres_snapshot() -> Iterator[tuple[str, Any, datetime]]:
    """A read-only REPEATABLE READ transaction whose snapshot is exported for pg_dump: its
    name, a cursor in it, and its moment."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), now()")
        snapshot, moment = cursor.fetchone()
        yield snapshot, cursor, moment


def _describe(cursor: Any, vendor: str) -> dict[str, Any]:
    return {
        "tables": inventory.row_counts(cursor, vendor),
        "migrations": inventory.applied_migrations(cursor),
        "audit": inventory.sealed_head(cursor),
    }


def _media(folder: Path, progress: Progress) -> list[dict[str, Any]]:
    root = Path(settings.MEDIA_ROOT)
    progress(f"Mediamap {root} ...")
    started = time.monotonic()
    files = media_archive(root, folder / MEDIA_FILE, progress=progress)
    total = sum(item.size for item in files)
    progress(
        f"Media: {len(files):,} bestanden, {size_text(total)}, in "
        f"{time.monotonic() - started:.1f} s."
    )
    return [item.as_dict() for item in files]


def _missing(references: Iterator[str], files: list[dict[str, Any]]) -> list[str]:
    present = {item["name"] for item in files}
    return sorted({name for name in references if name not in present})


def _read_and_copy_media(
    cursor: Any, vendor: str, database_file: Path, started: float, progress: Progress
) -> dict[str, Any]:
    """With the snapshot open on ``cursor``: read what the manifest says about it, then copy
    the media folder and check it against the files the snapshot refers to."""
    described = _describe(cursor, vendor)
    seconds = time.monotonic() - started
    progress(f"Database: {size_text(database_file.stat().st_size)} in {seconds:.1f} s.")
    files = _media(database_file.parent, progress)
    missing = _missing(inventory.file_references(cursor, vendor), files)
    for name in missing[:10]:
        progress(
            f"Let op: {name} hoort bij een regel in de database, maar is na de momentopname "
            "uit de mediamap verwijderd."
        )
    return {**described, "files": files, "missing": missing}


def _capture(folder: Path, progress: Progress) -> dict[str, Any]:
    """Write the database and the media parts into ``folder``; return what the manifest says
    about them."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise DomainError(f"Back-ups van een {vendor}-database kan Wijkteam niet maken.")
    database_file = folder / DATABASE_FILES[vendor]
    started = time.monotonic()
    if vendor == "postgresql":
        with _postgres_snapshot() as (snapshot, cursor, moment):
            progress(f"Database (PostgreSQL): momentopname van {moment:%Y-%m-%d %H:%M:%S} UTC")
            postgres.dump(
                database=connection.settings_dict, snapshot=snapshot, target=database_file
            )
            read = _read_and_copy_media(cursor, vendor, database_file, started, progress)
        server = str(connection.pg_version)
    else:
        moment = timezone.now()
        progress("Database (SQLite): een kopie met de online back-up van SQLite")
        sqlite.copy(connection.settings_dict["NAME"], database_file)
        with closing(sqlite3.connect(database_file)) as copy:
            read = _read_and_copy_media(copy.cursor(), vendor, database_file, started, progress)
        server = sqlite3.sqlite_version
    rows = sum(table["rows"] for table in read["tables"].values())
    progress(f"Database: {rows:,} regels in {len(read['tables'])} tabellen.")
    return {
        "snapshot_at": moment.isoformat(),
        "tables": read["tables"],
        "migrations": read["migrations"],
        "audit": read["audit"],
        "database": {**_part(folder, database_file.name), "vendor": vendor, "server": server},
        "media": {**_part(folder, MEDIA_FILE), "files": read["files"], "missing": read["missing"]},
    }


def _prune(destination: Path, keep: int, progress: Progress) -> None:
    """Remove all but the newest ``keep`` complete backups in ``destination`` (their names sort
    by time); nothing else in the folder is touched."""
    backups = sorted(
        path
        for path in destination.glob(NAME_PREFIX + "*")
        if path.is_dir() and (path / MANIFEST).is_file()
    )
    for old in backups[:-keep]:
        shutil.rmtree(old)
        progress(f"Oude back-up verwijderd: {old.name}")


def backup_create(*, destination: Path, keep: int | None = None, progress: Progress) -> Path:
    """Make a backup in a new folder under ``destination`` and return its path. The folder is
    written under a temporary name and renamed when complete; it and its files are readable
    by their owner only (they hold personal data). ``keep``: afterwards remove all but the
    newest ``keep`` backups in ``destination``."""
    if not isinstance(storages["default"], FileSystemStorage):
        # The files are in object storage (WIJKTEAM_S3_BUCKET): a copy of the media folder
        # would hold none of them, and the backup would not restore into a working copy.
        raise DomainError(
            "De bestanden staan in objectopslag (WIJKTEAM_S3_BUCKET), niet in de mediamap: "
            "deze back-up zou ze missen. Maak de back-up van de bucket met de versies en "
            "replicatie van de opslag zelf, en van de database met pg_dump (zie de README)."
        )
    destination = destination.resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if destination == media_root or media_root in destination.parents:
        raise DomainError("Zet back-ups niet in de mediamap: de back-up zou zichzelf bevatten.")
    started_at = datetime.now(UTC)
    name = NAME_PREFIX + started_at.strftime("%Y%m%dT%H%M%SZ")
    final = destination / name
    if final.exists():
        raise DomainError(f"{final} bestaat al.")
    partial = destination / f".{name}.partial"
    previous_umask = os.umask(0o077)
    try:
        destination.mkdir(parents=True, exist_ok=True)
        partial.mkdir(mode=0o700)
        progress(f"Back-up naar {final}")
        try:
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": started_at.isoformat(),
                "software": {"django": django.get_version(), "python": platform.python_version()},
                "checkpoints": _copy_checkpoints(partial, progress),
                **_capture(partial, progress),
            }
            manifest["finished_at"] = datetime.now(UTC).isoformat()
            manifest_write(partial, manifest)
            fsync_folder(partial)
            partial.rename(final)
            fsync_folder(destination)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    finally:
        os.umask(previous_umask)
    if keep:
        _prune(destination, keep, progress)
    return final
