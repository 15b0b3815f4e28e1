"""Publishing checkpoints of the audit trail (access/checkpoints.py): into the checkpoint file
and, when ``WIJKTEAM_AUDIT_CHECKPOINT_EMAIL`` is set, to the privacy officer's mailbox, a copy
off this server that nobody with only the database (or only this server) can take back."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkteam.access.checkpoints import (
    Checkpoint,
    checkpoint_latest,
    checkpoint_path,
    checkpoint_write,
)
from wijkteam.notifications.services import email_enqueue

EMAIL_TOPIC = "audittrail"


@dataclass(frozen=True)
class Published:
    checkpoint: Checkpoint
    path: Path
    # The address it was mailed to; empty when it was not mailed.
    mailed_to: str


def audit_checkpoint_publish(*, now: datetime | None = None) -> Published:
    """Append a signed checkpoint of the audit trail to the checkpoint file, and mail it to
    ``WIJKTEAM_AUDIT_CHECKPOINT_EMAIL`` when that is set and the trail has grown since the
    file's previous checkpoint (an unchanged head, or an empty trail, adds nothing to what was
    mailed before).

    A checkpoint changes no domain record and writes no audit row: a row of its own would move
    the head it has just written down."""
    previous = checkpoint_latest()
    checkpoint = checkpoint_write(now=now)
    to = settings.WIJKTEAM_AUDIT_CHECKPOINT_EMAIL
    grew = checkpoint.rows > 0 and (previous is None or previous.head != checkpoint.head)
    if not (to and grew):
        return Published(checkpoint, checkpoint_path(), "")
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        email_enqueue(
            to=to,
            subject=ngettext(
                "Ijkpunt van de audittrail: %(rows)s regel",
                "Ijkpunt van de audittrail: %(rows)s regels",
                checkpoint.rows,
            )
            % {"rows": checkpoint.rows},
            body_text=_body(checkpoint),
            topic=EMAIL_TOPIC,
        )
    return Published(checkpoint, checkpoint_path(), to)


def _body(checkpoint: Checkpoint) -> str:
    at = date_format(timezone.localtime(checkpoint.at), "DATETIME_FORMAT")
    return "\n".join(
        [
            _(
                "Wijkteam legde op %(at)s een ijkpunt van de audittrail vast: de audittrail "
                "telde toen %(rows)s regels, de laatste met nummer %(last_id)s."
            )
            % {"at": at, "rows": checkpoint.rows, "last_id": checkpoint.last_id},
            "",
            _(
                "Bewaar dit bericht buiten Wijkteam. Ermee is later na te gaan dat er geen "
                "regels aan het einde van de audittrail zijn verwijderd: zet de regel hieronder "
                "uit elk van deze berichten in een bestand en controleer met "
                "manage.py audit_verify --checkpoints BESTAND. De handtekening in de regel "
                "maakt een vervalst ijkpunt zichtbaar."
            ),
            "",
            checkpoint.line(),
            "",
        ]
    )
