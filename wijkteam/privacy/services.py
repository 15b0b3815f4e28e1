"""State changes of the privacy pages; each writes its audit row in the same transaction."""

from django.db import transaction
from django.utils import timezone

from wijkteam.access.audit import audit_record
from wijkteam.partners.actors import Actor
from wijkteam.privacy.access import person_requests_officer_required
from wijkteam.privacy.models import PersonRequest
from wijkteam.privacy.persons import Finding, PersonQuery


def person_request_create(
    *, actor: Actor, kind: str, description: str, query: PersonQuery, findings: list[Finding]
) -> PersonRequest:
    """Record a person's request and what the search for them found."""
    person_requests_officer_required(actor)
    with transaction.atomic():
        request = PersonRequest.objects.create(
            kind=kind,
            description=description,
            search=query.as_dict(),
            found=[
                {"signal": finding.signal.reference, "roles": sorted(finding.roles)}
                for finding in findings
            ],
            handled_by=actor,
        )
        audit_record(
            actor=actor,
            action="person_request",
            instance=request,
            changes={"kind": kind, "found": len(findings)},
        )
    return request


def person_request_exported(*, actor: Actor, request: PersonRequest, format: str) -> None:
    """Note that the person's data was exported for this request."""
    person_requests_officer_required(actor)
    with transaction.atomic():
        request.exported_at = timezone.now()
        request.save(update_fields=["exported_at"])
        audit_record(
            actor=actor,
            action="person_export",
            instance=request,
            changes={"format": format, "signals": len(request.found)},
        )
