"""Signed checkpoints of the audit trail: the anchor that makes a removed tail visible.

The sealed chain (audit.py, seal.py) shows a row changed, removed or inserted between other
rows, but not rows removed from its end: what is left is still a valid chain, down to an empty
one. So the head of the sealed chain is written down now and then outside the database: its
number of rows (the last seal position), the last sealed row's id and chain hash, and when,
signed with an HMAC under the audit key. Each checkpoint is one JSON line appended to a file
(``settings.WIJKTEAM_AUDIT_CHECKPOINT_FILE``) that the application's database user cannot
reach, and someone without the key cannot forge a line. ``checkpoints_check`` then holds the
trail against every line: the row a checkpoint ended on must still be there, sealed at the same
position with the same chain hash.

The sealed head is a prefix no later seal can add rows below: the sealer only ever gives the
next position. Rows appended but not sealed yet are in no checkpoint; ``checkpoint_write``
seals what has committed first, so a checkpoint covers every row committed before it.

Lines of version 1 were written before the trail was sealed (when the head was the number of
rows and the last row's hash in the old chain). The migration that introduced sealing checked
that old chain and sealed its rows in id order, so the row such a line ended on is at the
position the line's number of rows says: that is still checked, and so is the line's signature;
its hash, of the old chain, is no longer stored and is not compared.
"""

import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wijkteam.access.models import AuditEntry
from wijkteam.access.seal import audit_seal, sealed_head

VERSION = 2
# Version 1: the head of the chain before sealing (see above).
VERSIONS = frozenset({1, VERSION})
# Signatures of checkpoints are over a text that no row's content can be: rows hash a JSON list.
SIGNATURE_CONTEXT = b"wijkteam-audit-checkpoint\n"
# Ids of rows whose hashes are asked for in one query.
CHUNK = 500


@dataclass(frozen=True)
class Checkpoint:
    """The head of the sealed audit trail at one moment: ``rows`` sealed rows, the last with id
    ``last_id`` (None for an empty trail) and chain hash ``last_hash``."""

    at: datetime
    rows: int
    last_id: int | None
    last_hash: str
    signature: str = ""
    version: int = VERSION

    def content(self) -> dict:
        return {
            "v": self.version,
            "at": self.at.isoformat(),
            "rows": self.rows,
            "last_id": self.last_id,
            "last_hash": self.last_hash,
        }

    def line(self) -> str:
        """The checkpoint as the one line of JSON it is stored (and mailed) as."""
        return _canonical({**self.content(), "signature": self.signature})

    @property
    def head(self) -> tuple[int, int | None, str]:
        return (self.rows, self.last_id, self.last_hash)


def _canonical(value: dict) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _signature(content: dict) -> str:
    key = settings.WIJKTEAM_AUDIT_KEY.encode()
    message = SIGNATURE_CONTEXT + _canonical(content).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def checkpoint_take(*, now: datetime | None = None) -> Checkpoint:
    """A signed checkpoint of the sealed trail as it is committed now."""
    rows, last_id, last_hash = sealed_head()
    unsigned = Checkpoint(at=now or timezone.now(), rows=rows, last_id=last_id, last_hash=last_hash)
    return replace(unsigned, signature=_signature(unsigned.content()))


def checkpoint_path() -> Path:
    return Path(settings.WIJKTEAM_AUDIT_CHECKPOINT_FILE)


def checkpoint_append(checkpoint: Checkpoint, *, path: Path | None = None) -> Path:
    """Append the checkpoint's line to the checkpoint file (created with its folder when
    missing) and wait until it is on disk. The file is only ever opened for appending."""
    path = Path(path or checkpoint_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    data = (checkpoint.line() + "\n").encode()
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        written = 0
        while written < len(data):
            written += os.write(descriptor, data[written:])
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if created:
        # A new file is only there after a crash once its folder's entry is on disk too.
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    return path


def checkpoint_write(*, now: datetime | None = None, path: Path | None = None) -> Checkpoint:
    """Seal what has committed, take a checkpoint of the sealed trail and append it to the
    checkpoint file."""
    audit_seal()
    checkpoint = checkpoint_take(now=now)
    checkpoint_append(checkpoint, path=path)
    return checkpoint


def _parse(line: str) -> Checkpoint | None:
    """The checkpoint on a line, or None when the line is not one or its signature does not
    hold under the audit key."""
    try:
        data = json.loads(line)
        at = parse_datetime(data["at"])
        checkpoint = Checkpoint(
            at=at,
            rows=data["rows"],
            last_id=data["last_id"],
            last_hash=data["last_hash"],
            signature=data["signature"],
            version=data["v"],
        )
        if (
            checkpoint.version not in VERSIONS
            or at is None
            or not isinstance(checkpoint.signature, str)
        ):
            return None
    except (ValueError, TypeError, KeyError):
        return None
    if not hmac.compare_digest(checkpoint.signature, _signature(checkpoint.content())):
        return None
    return checkpoint


def checkpoints_read(*, path: Path | None = None) -> Iterator[tuple[int, Checkpoint | None]]:
    """Each line of the checkpoint file with its number (from 1): the checkpoint, or None for
    a line that is forged or damaged. Empty lines are passed over; a missing file has none."""
    path = Path(path or checkpoint_path())
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield number, _parse(line)


def checkpoint_latest(*, path: Path | None = None) -> Checkpoint | None:
    """The last valid checkpoint in the file, if any."""
    latest = None
    for _number, checkpoint in checkpoints_read(path=path):
        latest = checkpoint or latest
    return latest


@dataclass(frozen=True)
class CheckpointProblem:
    """A checkpoint the trail no longer agrees with. ``kind`` is ``forged`` (the line is not a
    checkpoint signed with the audit key), ``missing`` (the row it ended on is gone: rows were
    removed from the end, or all of them), ``changed`` (that row has another chain hash now, or
    none) or ``count`` (that row is sealed at another position now, so another number of rows
    up to it). ``rows_now``: the rows in the trail now; ``rows_up_to``: the position of the
    checkpoint's last row now (when it is still there)."""

    kind: str
    line: int
    checkpoint: Checkpoint | None = None
    rows_now: int | None = None
    rows_up_to: int | None = None


@dataclass(frozen=True)
class CheckpointReport:
    path: Path
    checked: int = 0
    latest: Checkpoint | None = None
    problems: list[CheckpointProblem] = field(default_factory=list)
    # The trail as it is now: its number of rows.
    rows_now: int = 0


def _positions(ids: list[int]) -> dict[int, tuple[int | None, str]]:
    """For each of ``ids`` still in the trail: its seal position (None if unsealed) and chain
    hash. Lookups by primary key, ``CHUNK`` ids a query."""
    positions: dict[int, tuple[int | None, str]] = {}
    for start in range(0, len(ids), CHUNK):
        rows = AuditEntry.objects.filter(id__in=ids[start : start + CHUNK])
        positions.update(
            (row_id, (position, seal_hash))
            for row_id, position, seal_hash in rows.values_list("id", "seal_position", "seal_hash")
        )
    return positions


def _problem_kind(checkpoint: Checkpoint, now: tuple[int | None, str] | None) -> str | None:
    if now is None:
        return "missing"
    position, seal_hash = now
    if position is None:
        return "changed"
    if checkpoint.version == VERSION and not hmac.compare_digest(seal_hash, checkpoint.last_hash):
        return "changed"
    if position != checkpoint.rows:
        return "count"
    return None


def checkpoints_check(*, path: Path | None = None) -> CheckpointReport:
    """Hold the trail against every checkpoint in the file. Each distinct head is checked
    once (the worker writes the same head every hour while nothing changes); a problem names
    the newest checkpoint with that head."""
    path = Path(path or checkpoint_path())
    problems: list[CheckpointProblem] = []
    heads: dict[tuple, tuple[int, Checkpoint]] = {}
    checked = 0
    latest = None
    for number, checkpoint in checkpoints_read(path=path):
        if checkpoint is None:
            problems.append(CheckpointProblem("forged", number))
            continue
        checked += 1
        latest = checkpoint
        heads[(checkpoint.version, *checkpoint.head)] = (number, checkpoint)
    rows_now = AuditEntry.objects.count()
    covered = [checkpoint for _number, checkpoint in heads.values() if checkpoint.last_id]
    positions = _positions(sorted({checkpoint.last_id for checkpoint in covered}))
    for number, checkpoint in heads.values():
        if checkpoint.last_id is None:
            continue
        now = positions.get(checkpoint.last_id)
        kind = _problem_kind(checkpoint, now)
        if kind is not None:
            rows_up_to = now[0] if now else None
            problems.append(CheckpointProblem(kind, number, checkpoint, rows_now, rows_up_to))
    problems.sort(key=lambda problem: problem.line)
    return CheckpointReport(path, checked, latest, problems, rows_now)
