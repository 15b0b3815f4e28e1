"""Erasing a person's data on their request (art. 17 AVG), as far as it may be erased.

What is erased at once: their contact details as a reporter (the case goes on without
updates to them), their comments on the handling and the emails sent to their address. What
waits: a tenant's name in rent arrears while the case is still open (the corporation needs it
for its legal task) and anything in a case under a legal hold. What is not erased here: an
address and what professionals wrote about it or the person; the receiving organisation
judges that text, and retention removes it after its period."""

from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.cases.models import CaseStatus, Feedback
from wijkteam.core.errors import DomainError
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.partners.actors import Actor
from wijkteam.privacy.access import person_requests_officer_required
from wijkteam.privacy.models import PersonRequest, RequestKind
from wijkteam.privacy.persons import Finding, PersonQuery, Role, person_findings
from wijkteam.signals.models import ArrearsDetails, DebtHelpReferral, Reporter

REPORTER, TENANT, TEXT = "reporter", "tenant", "text"


@dataclass(frozen=True)
class ErasureLine:
    signal: str
    kind: str
    what: str
    erased: bool
    why: str = ""


def _case(finding: Finding):
    link = getattr(finding.signal, "case_link", None)
    return link.case if link else None


def person_erasure_plan(findings: list[Finding]) -> list[ErasureLine]:
    """Per signal, what erasing would remove and what stays, with the reason."""
    lines = []
    for finding in findings:
        reference = finding.signal.reference
        case = _case(finding)
        held = case is not None and case.legal_hold
        if Role.REPORTER in finding.roles:
            lines.append(
                ErasureLine(
                    reference,
                    REPORTER,
                    _("gegevens als melder, reacties op de afhandeling en e-mails"),
                    not held,
                    _("bewaarplicht op de casus") if held else "",
                )
            )
        if Role.TENANT in finding.roles:
            open_case = case is not None and case.status != CaseStatus.CLOSED
            why = ""
            if held:
                why = _("bewaarplicht op de casus")
            elif open_case:
                why = _("de casus loopt nog: de corporatie heeft de gegevens nodig voor haar taak")
            lines.append(
                ErasureLine(reference, TENANT, _("naam bij de huurachterstand"), not why, why)
            )
        if finding.roles & {Role.ADDRESS, Role.MENTIONED}:
            lines.append(
                ErasureLine(
                    reference,
                    TEXT,
                    _("het adres en wat medewerkers schreven"),
                    False,
                    _(
                        "beoordeelt de ontvangende organisatie; na de bewaartermijn wordt het "
                        "verwijderd"
                    ),
                )
            )
    return lines


def person_request_erase(*, actor: Actor, request: PersonRequest) -> list[ErasureLine]:
    """Erase what may be erased of the person in ``request`` and record what was done. Only the
    privacy officer, only for a request to erase (art. 17), and once: a later request of the
    same person is a new request."""
    person_requests_officer_required(actor)
    with transaction.atomic():
        request = PersonRequest.objects.select_for_update().get(pk=request.pk)
        if request.kind != RequestKind.ERASURE:
            raise DomainError(
                _("Dit is geen verzoek om te wissen. Leg een verzoek om te wissen vast.")
            )
        if request.erased_at is not None:
            raise DomainError(
                _("Voor dit verzoek is al gewist op %(date)s.")
                % {"date": date_format(timezone.localtime(request.erased_at), "DATETIME_FORMAT")}
            )
        findings = person_findings(PersonQuery.from_dict(request.search))
        plan = person_erasure_plan(findings)
        erase = {(line.signal, line.kind) for line in plan if line.erased}
        reporter_ids = set()
        tenant_signals = set()
        for finding in findings:
            reference = finding.signal.reference
            if (reference, REPORTER) in erase:
                reporter_ids |= finding.reporter_ids
            if (reference, TENANT) in erase:
                tenant_signals.add(finding.signal.pk)
        to_them = Q(pk__in=[])
        for email in Reporter.objects.filter(pk__in=reporter_ids).values_list("email", flat=True):
            if email:
                to_them |= Q(to__iexact=email)
        counts = {
            "reporters": Reporter.objects.filter(pk__in=reporter_ids).update(
                name="", email="", phone=""
            ),
            "comments": Feedback.objects.filter(reporter_id__in=reporter_ids)
            .exclude(comment="")
            .update(comment=""),
            "emails": OutgoingEmail.objects.filter(to_them).delete()[0],
            "tenant_names": ArrearsDetails.objects.filter(signal_id__in=tenant_signals).update(
                tenant_name=""
            )
            + DebtHelpReferral.objects.filter(signal_id__in=tenant_signals).update(tenant_name=""),
        }
        request.erased_at = timezone.now()
        request.erasure = {"lines": [asdict(line) for line in plan], "counts": counts}
        request.save(update_fields=["erased_at", "erasure"])
        audit_record(actor=actor, action="person_erase", instance=request, changes=counts)
    return plan
