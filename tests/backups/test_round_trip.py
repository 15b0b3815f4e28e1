"""Backups as an administrator makes and restores them: ``manage.py backup`` and ``manage.py
restore`` run as programs against real databases of the suite's kind (SQLite, or PostgreSQL
when DATABASE_URL points at one; there the client tools pg_dump and pg_restore must be
installed, and a missing one fails these tests). The source is the demo, loaded by
``manage.py demo_data``, with its initiatives' photos, a checkpoint of its audit trail, and a
signal with a photo recorded after that checkpoint (its audit rows not sealed yet when the
backup is taken, as happens between two runs of the worker's sealer).

The checks do not trust the backup's own manifest: rows are counted per table straight from
both databases, the restored audit trail is checked by ``manage.py audit_verify``, and every
photo the restored database refers to is opened with Pillow."""

import os
import sqlite3
import stat
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from PIL import Image

from wijkteam.initiatives.models import InitiativePhoto
from wijkteam.signals.models import Attachment

ROOT = Path(__file__).resolve().parent.parent.parent
SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith("postgres")
# The restored trail's rows are reported as left unsealed when older than this (the least the
# setting takes); the seeded signal's rows are older than that when the restore checks them.
SEAL_WITHIN_SECONDS = 10
# A command's wall time under a loaded CI machine is far below this.
TIMEOUT = 300


def _admin(statement: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(SERVER_URL)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement)


@dataclass
class Site:
    """One installation's database, media folder and audit checkpoint file."""

    folder: Path
    label: str
    url: str = ""
    pg_name: str | None = None
    made: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if ON_POSTGRES:
            self.pg_name = f"wijkteam_backup_{uuid.uuid4().hex[:12]}_{self.label}"
            _admin(f'CREATE DATABASE "{self.pg_name}"')
            self.url = urlunsplit(urlsplit(SERVER_URL)._replace(path="/" + self.pg_name))
        else:
            self.url = f"sqlite:///{self.folder / (self.label + '.sqlite3')}"

    @property
    def media(self) -> Path:
        return self.folder / f"{self.label}-media"

    @property
    def checkpoints(self) -> Path:
        return self.folder / f"{self.label}-checkpoints.jsonl"

    def environment(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "WIJKTEAM_", "PG"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="wijkteam.settings",
            WIJKTEAM_ENV="test",
            DATABASE_URL=self.url,
            WIJKTEAM_MEDIA_ROOT=str(self.media),
            WIJKTEAM_AUDIT_CHECKPOINT_FILE=str(self.checkpoints),
            WIJKTEAM_AUDIT_SEAL_WITHIN_SECONDS=str(SEAL_WITHIN_SECONDS),
            WIJKTEAM_DEMO_HISTORY_PER_TEAM="0",
            WIJKTEAM_DEMO_PICTURE_PERCENT="0",
            WIJKTEAM_PDOK_LOCATIESERVER_URL="http://127.0.0.1:9/bzk/locatieserver/search/v3_1",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        return env

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, *args],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return self.run("manage.py", *args)

    def must(self, *args: str) -> str:
        result = self.manage(*args)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def query(self, sql: str) -> list[tuple]:
        if ON_POSTGRES:
            import psycopg

            with psycopg.connect(self.url) as connection:
                return connection.execute(sql).fetchall()
        path = urlsplit(self.url).path
        with sqlite3.connect(path) as connection:
            return connection.execute(sql).fetchall()

    def tables(self) -> list[str]:
        if ON_POSTGRES:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        else:
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        return sorted(row[0] for row in self.query(sql))

    def counts(self) -> dict[str, int]:
        return {
            table: self.query(f'SELECT COUNT(*) FROM "{table}"')[0][0]  # noqa: S608
            for table in self.tables()
        }

    def drop(self) -> None:
        if self.pg_name:
            _admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Makes sites in a folder of their own and removes their databases afterwards."""
    folder = tmp_path_factory.mktemp("backups")
    made: list[Site] = []

    def new(label: str) -> Site:
        site = Site(folder, label)
        made.append(site)
        return site

    yield new
    for site in made:
        site.drop()


@pytest.fixture(scope="module")
def source(sites):
    site = sites("source")
    site.must("migrate", "--verbosity", "0")
    site.must("demo_data", "--quiet-accounts", "--verbosity", "0")
    site.must("audit_checkpoint")
    seeded = site.run("-m", "tests.backups.seed_photo_signal")
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    site.seeded_at = time.monotonic()
    site.signal_photo = seeded.stdout.split()[1]
    return site


@pytest.fixture(scope="module")
def backup(source):
    output = source.must("backup", str(source.folder / "backups"))
    made = Path(output.strip().splitlines()[-1].removeprefix("Back-up klaar: "))
    assert made.is_dir(), output
    return made


def _restore(target: Site, backup: Path) -> subprocess.CompletedProcess:
    return target.manage("restore", str(backup))


def test_backup_is_one_folder_readable_by_its_owner_only(backup):
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    parts = sorted(path.name for path in backup.iterdir())
    database = "database.pgdump" if ON_POSTGRES else "database.sqlite3"
    assert parts == sorted(["audit-checkpoints.jsonl", database, "manifest.json", "media.tar.gz"])
    for part in backup.iterdir():
        assert stat.S_IMODE(part.stat().st_mode) == 0o600, part
    # Nothing half-written is left beside it.
    assert [path.name for path in backup.parent.iterdir()] == [backup.name]


def test_restore_gives_the_same_rows_a_verified_audit_trail_and_photos_that_open(
    source, backup, sites
):
    target = sites("restored")
    # The seeded signal's audit rows were not sealed when the backup was taken; by the time
    # the restore checks them they are older than the seal window (the worker was not there
    # to seal them), which audit_verify reports unless the restore sealed them.
    time.sleep(max(0.0, source.seeded_at + SEAL_WITHIN_SECONDS + 1 - time.monotonic()))

    result = _restore(target, backup)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Teruggezet en gecontroleerd" in result.stdout
    assert "regels verzegeld die bij de back-up nog wachtten" in result.stdout
    source_counts = source.counts()
    restored_counts = target.counts()
    assert restored_counts == source_counts
    assert source_counts["access_auditentry"] > 1000
    assert source_counts[Attachment._meta.db_table] >= 1

    verified = target.manage("audit_verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Audittrail in orde" in verified.stdout
    # The backup's checkpoints came along: the restored trail is held against them.
    assert "Ijkpunten in orde: 1 gecontroleerd" in verified.stdout

    photos = [
        row[0]
        for model in (Attachment, InitiativePhoto)
        for row in target.query(f'SELECT "file" FROM "{model._meta.db_table}"')  # noqa: S608
    ]
    assert source.signal_photo in photos
    assert len(photos) >= 9
    for name in photos:
        with Image.open(target.media / name) as image:
            image.verify()


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL's triggers on the audit trail")
def test_restored_postgres_audit_trail_still_refuses_changes(source, backup, sites):
    import psycopg

    target = sites("triggers")
    assert _restore(target, backup).returncode == 0

    with pytest.raises(psycopg.errors.RaiseException):
        target.query("UPDATE access_auditentry SET action = 'x' WHERE id = 1")
    with pytest.raises(psycopg.errors.RaiseException):
        target.query("DELETE FROM access_auditentry")


def test_restore_refuses_a_database_that_has_tables(source, backup):
    before = source.counts()

    result = _restore(source, backup)

    assert result.returncode == 1
    assert "is niet leeg" in result.stderr
    assert "Er is niets veranderd" in result.stderr
    assert source.counts() == before


def test_restore_refuses_a_media_folder_with_files(backup, sites):
    target = sites("busy_media")
    target.media.mkdir()
    (target.media / "iets.jpg").write_bytes(b"not from the backup")

    result = _restore(target, backup)

    assert result.returncode == 1
    assert f"De mediamap {target.media} is niet leeg" in result.stderr
    assert target.tables() == []
    assert [path.name for path in target.media.iterdir()] == ["iets.jpg"]


def test_a_damaged_backup_restores_nothing(backup, sites, tmp_path):
    damaged = tmp_path / backup.name
    damaged.mkdir()
    for part in backup.iterdir():
        (damaged / part.name).write_bytes(part.read_bytes())
    archive = bytearray((damaged / "media.tar.gz").read_bytes())
    archive[len(archive) // 2] ^= 0xFF
    (damaged / "media.tar.gz").write_bytes(bytes(archive))
    target = sites("damaged")

    result = _restore(target, damaged)

    assert result.returncode == 1
    assert "media.tar.gz van de back-up is beschadigd" in result.stderr
    assert target.tables() == []
    assert not target.media.exists()
