"""A backup's layout and its manifest: the JSON file that says what the backup holds (when it
was taken, from which database, the rows per table, the applied migrations, the audit trail's
sealed head, every media file with its size and SHA-256, each part's SHA-256) and that a restore
checks the restored copy against. A backup folder is complete when it has its manifest: it is
written last, and only then is the folder renamed to its final name."""

import json
import os
from pathlib import Path
from typing import Any

from wijkteam.core.errors import DomainError

FORMAT = "wijkteam-backup"
VERSION = 1
NAME_PREFIX = "wijkteam-backup-"
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA_FILE = "media.tar.gz"
CHECKPOINTS_FILE = "audit-checkpoints.jsonl"
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def fsync_folder(folder: Path) -> None:
    """Put a folder's entries (a new or renamed file in it) on disk."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def manifest_write(folder: Path, manifest: dict[str, Any]) -> None:
    path = folder / MANIFEST
    with path.open("w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1, ensure_ascii=False, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def manifest_read(folder: Path) -> dict[str, Any]:
    """The manifest of the backup in ``folder``, or a refusal that says what is wrong."""
    path = folder / MANIFEST
    if not folder.is_dir():
        raise DomainError(f"{folder} is geen map. Geef de map van een back-up op.")
    if not path.is_file():
        raise DomainError(
            f"{folder} heeft geen {MANIFEST}: dit is geen (volledige) back-up van Wijkteam."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise DomainError(f"{path} is beschadigd: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DomainError(f"{path} is geen manifest van een back-up van Wijkteam.")
    if manifest.get("version") != VERSION:
        raise DomainError(
            f"{path} heeft versie {manifest.get('version')} van het back-upformaat; deze "
            f"versie van Wijkteam leest versie {VERSION}."
        )
    return manifest
