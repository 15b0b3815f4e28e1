"""Signed checkpoints of the audit trail: the anchor that makes a removed tail visible.

The hash chain (audit.py) shows a row changed, removed or inserted between other rows, but not
rows removed from its end: what is left is still a valid chain, down to an empty one. So the
head of the trail is written down now and then outside the database: how many rows, the last
row's id and hash, and when, signed with an HMAC under the audit key. Each checkpoint is one
JSON line appended to a file (``settings.WIJKTEAM_AUDIT_CHECKPOINT_FILE``) that the
application's database user cannot reach, and someone without the key cannot forge a line.
``checkpoints_check`` then holds the trail against every line: the row a checkpoint ended on
must still be there with the same hash, with as many rows up to it as then.

The interface is small on purpose, so that another way of writing the trail (appends without
the global lock, say) keeps it: ``checkpoint_take`` reads the committed head of the trail,
``checkpoint_append`` writes a line, ``checkpoints_read`` and ``checkpoints_check`` read them
back. Of the trail a checkpoint needs only its committed head (``_head``) and, later, the hash
of one row and the number of rows up to it (``_positions``): a new way of writing must keep
those two answers, and the head must then be a prefix no later commit can add rows below.
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
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wijkteam.access.audit import GENESIS_HASH
from wijkteam.access.models import AuditEntry

VERSION = 1
# Signatures of checkpoints are over a text that no row's content can be: rows hash a JSON list.
SIGNATURE_CONTEXT = b"wijkteam-audit-checkpoint\n"
# Ids of rows whose hashes are asked for in one query.
CHUNK = 500


@dataclass(frozen=True)
class Checkpoint:
    """The head of the audit trail at one moment: ``rows`` rows, the last with id ``last_id``
    (None for an empty trail) and hash ``last_hash``."""

    at: datetime
    rows: int
    last_id: int | None
    last_hash: str
    signature: str = ""

    def content(self) -> dict:
        return {
            "v": VERSION,
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


def _head() -> tuple[int, int | None]:
    """The number of rows and the last row's id, in one statement, so both describe the same
    committed state. Appends take the chain lock and commit in id order (audit.py), so every
    row below the last id a reader sees has been committed already: the head is a prefix."""
    head = AuditEntry.objects.aggregate(rows=Count("id"), last_id=Max("id"))
    return head["rows"], head["last_id"]


def checkpoint_take(*, now: datetime | None = None) -> Checkpoint:
    """A signed checkpoint of the trail as it is committed now."""
    rows, last_id = _head()
    last_hash = GENESIS_HASH
    if last_id is not None:
        last_hash = AuditEntry.objects.values_list("entry_hash", flat=True).get(id=last_id)
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
    """Take a checkpoint of the trail and append it to the checkpoint file."""
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
        )
        if data["v"] != VERSION or at is None or not isinstance(checkpoint.signature, str):
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
    removed from the end, or all of them), ``changed`` (that row has another hash now) or
    ``count`` (another number of rows up to that row now). ``rows_now``: the rows in the trail
    now; ``rows_up_to``: those up to the checkpoint's last row (when it is still there)."""

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


def _positions(ids: list[int]) -> dict[int, tuple[int, str]]:
    """For each of ``ids`` still in the trail: the number of rows up to and including it, and
    its hash. One pass over the ids in order (the primary key's index), up to the largest."""
    hashes: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        hashes.update(
            AuditEntry.objects.filter(id__in=ids[start : start + CHUNK]).values_list(
                "id", "entry_hash"
            )
        )
    wanted = sorted(hashes)
    if not wanted:
        return {}
    positions: dict[int, tuple[int, str]] = {}
    rows = AuditEntry.objects.filter(id__lte=wanted[-1]).order_by("id").values_list("id", flat=True)
    pending = iter(wanted)
    target = next(pending)
    for count, row_id in enumerate(rows.iterator(chunk_size=5000), start=1):
        if row_id == target:
            positions[row_id] = (count, hashes[row_id])
            target = next(pending, None)
            if target is None:
                break
    return positions


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
        heads[checkpoint.head] = (number, checkpoint)
    rows_now, _last_id = _head()
    covered = [head for head in heads if head[1] is not None]
    positions = _positions(sorted({last_id for _rows, last_id, _hash in covered}))
    for head in covered:
        number, checkpoint = heads[head]
        rows, last_id, last_hash = head
        rows_up_to, entry_hash = positions.get(last_id, (None, ""))
        if rows_up_to is None:
            kind = "missing"
        elif not hmac.compare_digest(entry_hash, last_hash):
            kind = "changed"
        elif rows_up_to != rows:
            kind = "count"
        else:
            continue
        problems.append(CheckpointProblem(kind, number, checkpoint, rows_now, rows_up_to))
    problems.sort(key=lambda problem: problem.line)
    return CheckpointReport(path, checked, latest, problems, rows_now)
