"""One report per form: the resident's form, the staff form and the wijkbeheerder's form carry
a random key, made when the form is shown and kept while it comes back for corrections. A
submit whose key already brought a signal in (a double click, a retry after a timeout, the
back button) registers nothing and is answered as the first was.

The key is recorded in the intake's own transaction under a unique index, so that of two
submits at the same moment one registers and the other, waiting on the index, finds the first:

- a staff or field form: an ``IntakeKey`` row for the user, the door and the key;
- the resident's form: the key *makes* the resident's tracking token (a one-way hash), and
  the reporter's row keeps that token's hash under its unique index already. A repeat makes
  the same token, so the resident sees the same reference and tracking link again, and no
  extra row or query is needed. Nothing secret is stored: the key lives only in the
  resident's browser (as the tracking link does), and the database keeps a hash of a hash.

What counts as "the same" is the key *and* what the form says (``FormKey.digest``): a form
brought back with the back button or from the browser's cache, changed and sent again, is
another report and is taken in as one; only an unchanged repeat is answered as the first.
A form that came back with an error and was corrected was never taken in: its key is
unused, and the corrected report is taken in under it.

Without a key (a page from before keys, a hand-made post) a submit is taken in as before."""

import base64
import hashlib
import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest

from wijkteam.core.tokens import hash_token
from wijkteam.intake.models import IntakeKey
from wijkteam.partners.actors import Actor
from wijkteam.signals.models import Reporter, Signal

FIELD_NAME = "intake_key"
# secrets.token_urlsafe(16): 128 random bits. Shorter keys are refused, so that no key that
# makes a tracking token can be guessed.
_KEY = re.compile(r"[A-Za-z0-9_-]{22,64}")
_RESIDENT_SALT = b"wijkteam.intake.resident-form:"

RESIDENT = "resident"
STAFF = "staff"
FIELD = "field"
# Never part of what a form says: the form's own bookkeeping.
_NOT_CONTENT = frozenset({FIELD_NAME, "csrfmiddlewaretoken"})


@dataclass(frozen=True)
class FormKey:
    """The key a form was sent with, the door (``RESIDENT``, ``STAFF``, ``FIELD``) and a
    digest of what the form said."""

    door: str
    key: str
    digest: str


def form_key_of(
    request: HttpRequest, door: str, *, ignore: Iterable[str] = (), with_files: bool = True
) -> FormKey | None:
    """The key a form was sent with, or None when it carries none we could have made. The
    digest covers every posted field but ``ignore`` (the door's steps, such as the resident's
    "is this the same problem?" answer) and, ``with_files``, the names and sizes of the files
    sent (a repeat sends the same files again)."""
    key = request.POST.get(FIELD_NAME, "")
    if not _KEY.fullmatch(key):
        return None
    skipped = _NOT_CONTENT | set(ignore)
    said = {name: request.POST.getlist(name) for name in request.POST if name not in skipped}
    if with_files:
        said["files:"] = sorted(
            [name, upload.name, upload.size]
            for name in request.FILES
            for upload in request.FILES.getlist(name)
        )
    content = json.dumps(said, sort_keys=True, ensure_ascii=False).encode()
    return FormKey(door=door, key=key, digest=hashlib.sha256(content).hexdigest())


def may_be_repeat(request: HttpRequest, form_key: FormKey | None) -> bool:
    """Whether to look for what the key brought in before doing anything: only when the submit
    brings new photos, so that a repeat writes no files at all (one at the same moment as the
    first, which this look-up misses, has its files deleted when the unique index refuses it:
    ``atomic_with_files``). Without photos the index answers, which costs a first submit no
    query of its own."""
    return form_key is not None and bool(request.FILES)


def form_key_to_show(request: HttpRequest) -> str:
    """The key for the form on this page: the one it was sent with (it comes back for a
    correction, or with a question, and is still the same report) or a new one."""
    key = request.POST.get(FIELD_NAME, "") if request.method == "POST" else ""
    return key if _KEY.fullmatch(key) else secrets.token_urlsafe(16)


def resident_tracking_token(form_key: FormKey) -> str:
    """The tracking token the resident's form key makes with what the form said: as long and
    as random as a token made by ``new_tracking_token``, and the same for the same repeat."""
    made = hashlib.sha256(_RESIDENT_SALT + f"{form_key.key}:{form_key.digest}".encode())
    return base64.urlsafe_b64encode(made.digest()).decode()[:32]


def tracking_token_for(form_key: FormKey | None) -> str | None:
    """The tracking token to give the reporter a form key brought in (the resident's door);
    None: a random one."""
    if form_key is None or form_key.door != RESIDENT:
        return None
    return resident_tracking_token(form_key)


def form_key_record(*, form_key: FormKey | None, actor: Actor, signal: Signal) -> None:
    """Keep a staff or field form's key with the signal it brought in (inside the intake's
    transaction: of two submits with one key the second fails on the unique index, after the
    first committed). The resident's key is kept by its tracking token."""
    if form_key is None or form_key.door == RESIDENT:
        return
    IntakeKey.objects.create(
        door=form_key.door,
        user=actor,
        key=form_key.key,
        digest=form_key.digest,
        signal=signal,
    )


def earlier_signal(*, form_key: FormKey | None, user) -> Signal | None:
    """The signal this user's form key of this door brought in before with the same content,
    if any. A key of another user or door finds nothing."""
    if form_key is None or form_key.door == RESIDENT:
        return None
    found = (
        IntakeKey.objects.select_related("signal")
        .filter(door=form_key.door, user=user, key=form_key.key, digest=form_key.digest)
        .first()
    )
    return found.signal if found is not None else None


def earlier_reporter(form_key: FormKey | None) -> Reporter | None:
    """The reporter (with their signal) the resident's form key brought in before, if any:
    the one whose tracking token the key makes."""
    if form_key is None or form_key.door != RESIDENT:
        return None
    token = resident_tracking_token(form_key)
    return (
        Reporter.objects.select_related("signal")
        .filter(tracking_token_hash=hash_token(token))
        .first()
    )


def intake_keys_prune(*, before: datetime) -> int:
    """Remove the staff and field forms' keys recorded before ``before``; returns how many."""
    deleted, _rows = IntakeKey.objects.filter(created_at__lt=before).delete()
    return deleted
