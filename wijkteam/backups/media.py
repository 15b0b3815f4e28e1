"""The media folder in a backup: one tar.gz of every file under ``MEDIA_ROOT``, each file's
size and SHA-256 written down while it is read (each file is read once, in pieces), and the
same list read back from a restored folder."""

import hashlib
import os
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Pieces a file is read and hashed in.
CHUNK = 1024 * 1024
# Photos and PDFs hardly compress: the fastest level saves what little there is to save.
COMPRESS_LEVEL = 1
# Progress is printed every this many files.
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class MediaFile:
    name: str  # relative to the media folder, with forward slashes
    size: int
    sha256: str

    def as_dict(self) -> dict:
        return {"name": self.name, "size": self.size, "sha256": self.sha256}


class _Hashing:
    """A file object that hashes what is read through it."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        return data


def _walk(root: Path) -> Iterator[Path]:
    """Every regular file under ``root``, in a stable order; links are not followed."""
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def media_archive(root: Path, target: Path, *, progress: Callable[[str], None]) -> list[MediaFile]:
    """Write every file under ``root`` into the tar.gz ``target`` and return them with their
    sizes and hashes. A file removed while the archive is written is left out."""
    listed: list[MediaFile] = []
    with tarfile.open(target, "w:gz", compresslevel=COMPRESS_LEVEL) as archive:
        for path in _walk(root) if root.is_dir() else ():
            name = path.relative_to(root).as_posix()
            try:
                handle = path.open("rb")
            except FileNotFoundError:
                continue
            with handle:
                info = archive.gettarinfo(arcname=name, fileobj=handle)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mode = 0o600
                hashing = _Hashing(handle)
                archive.addfile(info, hashing)
            listed.append(MediaFile(name, info.size, hashing.digest.hexdigest()))
            if len(listed) % PROGRESS_EVERY == 0:
                progress(f"  {len(listed):,} bestanden ...")
    return listed


def media_extract(archive_path: Path, root: Path) -> None:
    """Unpack a backup's media archive into ``root``; the ``data`` filter refuses members that
    would land outside it (absolute names, ``..``, links out)."""
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(root, filter="data")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while piece := handle.read(CHUNK):
            digest.update(piece)
    return digest.hexdigest()


def media_listing(root: Path) -> list[MediaFile]:
    """Every file under ``root`` with its size and hash, as ``media_archive`` lists them."""
    return [
        MediaFile(path.relative_to(root).as_posix(), path.stat().st_size, file_sha256(path))
        for path in _walk(root)
    ]
