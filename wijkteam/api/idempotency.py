"""Idempotent creation: a POST sent with an ``Idempotency-Key`` header is done once. Its answer
(status, body, Location) is kept with the key for a day; a retry with the same key and the
same request gets that answer again, and nothing is made twice. The same key with another
request is refused (422): a client that reuses a key for something else must hear so.

The answer is stored in the same transaction that made the record, under a unique key per
client: of two requests with the same key at the same moment, the second waits for the first
to commit, finds the key taken, drops what it made and answers with the first's answer."""

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.api.models import ApiClient, IdempotentRequest
from wijkteam.api.problems import KEY_REUSED, Conflict, ParameterError

HEADER = "Idempotency-Key"
# Visible ASCII, as a header value that any client can send and log.
_KEY = re.compile(r"[\x21-\x7e]{1,255}")
REPLAYED = "Idempotent-Replayed"


def idempotency_key_of(request: Request) -> str:
    """The request's Idempotency-Key ("" without one); 400 when it cannot be one."""
    given = request.headers.get(HEADER)
    if given is None:
        return ""
    if not _KEY.fullmatch(given):
        raise ParameterError(
            HEADER, _("Een Idempotency-Key is 1 tot 255 zichtbare ASCII-tekens."), code="invalid"
        )
    return given


def request_hash(request: Request) -> str:
    """What makes a retry the same request: the method, the path and the body as sent."""
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.body):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _replay(earlier: IdempotentRequest, digest: str) -> Response:
    if earlier.request_hash != digest:
        raise Conflict(
            _(
                "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik voor elk "
                "nieuw verzoek een nieuwe sleutel."
            ),
            status=422,
            kind=KEY_REUSED,
        )
    headers = {REPLAYED: "true"}
    if earlier.location:
        headers["Location"] = earlier.location
    # Stored as the text it was (a JSON column may reorder the keys): the same body again.
    return Response(json.loads(earlier.body), status=earlier.status_code, headers=headers)


def idempotent(
    request: Request,
    client: ApiClient,
    make: Callable[[], tuple[int, dict, str]],
) -> Response:
    """Answer a POST once per Idempotency-Key: ``make`` does the work inside a transaction
    and returns (status, body, location); with a key, that answer is stored in the same
    transaction and given again to every retry."""
    key = idempotency_key_of(request)
    if not key:
        with transaction.atomic():
            status, body, location = make()
        return Response(body, status=status, headers={"Location": location} if location else {})
    digest = request_hash(request)
    earlier = IdempotentRequest.objects.filter(client=client, key=key).first()
    if earlier is not None:
        return _replay(earlier, digest)
    try:
        with transaction.atomic():
            status, body, location = make()
            IdempotentRequest.objects.create(
                client=client,
                key=key,
                request_hash=digest,
                status_code=status,
                body=json.dumps(body, ensure_ascii=False),
                location=location,
            )
    except Exception:
        # Another request with this key finished first (its answer taken while this one
        # worked: the key's unique index, or a refusal because of what it made): its answer.
        earlier = IdempotentRequest.objects.filter(client=client, key=key).first()
        if earlier is None:
            raise
        return _replay(earlier, digest)
    return Response(body, status=status, headers={"Location": location} if location else {})


def idempotent_requests_prune(*, before: datetime) -> int:
    """Remove the answers kept since before ``before``; returns how many."""
    deleted, _rows = IdempotentRequest.objects.filter(created_at__lt=before).delete()
    return deleted
