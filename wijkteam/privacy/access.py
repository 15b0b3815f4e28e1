"""Who may use the privacy pages. The privacy officer answers for the partners' processing of
personal data; functional admins may also search the access log, which they need to answer a
partner's question about a colleague's use of the system."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wijkteam.access.log import access_log_views
from wijkteam.cases.models import Case
from wijkteam.core.errors import DomainError
from wijkteam.partners.models import Role, User
from wijkteam.privacy.models import PersonRequest
from wijkteam.privacy.persons import Finding, PersonQuery, person_findings

ACCESS_LOG_ROLES = frozenset({Role.PRIVACY_OFFICER, Role.FUNCTIONEEL_BEHEERDER})


def may_search_access_log(user: User) -> bool:
    """The privacy officer and functional admins may see who looked at what."""
    return user.is_authenticated and user.is_active and user.role in ACCESS_LOG_ROLES


def is_privacy_officer(user: User) -> bool:
    """Only the privacy officer handles a person's rights and legal holds."""
    return user.is_authenticated and user.is_active and user.role == Role.PRIVACY_OFFICER


def privacy_officer_required(actor, message: str) -> None:
    """For the services: refuse (DomainError with ``message``) anyone but the privacy officer."""
    if actor is None or not is_privacy_officer(actor):
        raise DomainError(message)


def person_requests_officer_required(actor) -> None:
    """For the services of a person's requests (find, export, erase)."""
    privacy_officer_required(
        actor, _("Alleen de privacy officer behandelt verzoeken van personen.")
    )


def findings_for_export(user: User, person_request: PersonRequest) -> list[Finding]:
    """What Wijkteam holds about the person of a request, for its export: for the privacy
    officer only. Handing out the signals' details is logged (one insert for all of them)."""
    if not is_privacy_officer(user):
        raise PermissionDenied
    findings = person_findings(PersonQuery.from_dict(person_request.search))
    access_log_views(
        user=user,
        records=[(f.signal, f.signal.reference, f.signal.sensitivity) for f in findings],
    )
    return findings


def require(rule):
    """View decorator: logged in, and ``rule(user)`` holds; otherwise 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# What the privacy pages show of a case: enough to know which case it is and where it stands,
# none of its personal details (those stay behind the need-to-know rule of the case pages).
_CASE_FACTS = (
    "reference",
    "status",
    "closed_at",
    "merged_into",
    "legal_hold",
    "legal_hold_reason",
    "legal_hold_at",
    "retention_applied_at",
    "category__name",
    "category__name_en",
    "category__retention_months",
    "category__parent__name",
    "category__parent__name_en",
    "neighbourhood__name",
)


def case_facts() -> QuerySet[Case]:
    """Cases with only the facts a privacy page shows (reference, category, buurt, status,
    closure, hold); their summary, address and signals are not even loaded."""
    return Case.objects.select_related("category__parent", "neighbourhood").only(*_CASE_FACTS)


def case_facts_by_reference(user: User, reference: str) -> Case | None:
    """The case with this case number, or the case of the signal with this signal number, for
    the privacy officer's legal-hold page; None when there is none."""
    if not is_privacy_officer(user):
        raise PermissionDenied
    reference = reference.strip().upper()
    if not reference:
        return None
    if reference.startswith("M-"):
        return case_facts().filter(links__signal__reference=reference).first()
    return case_facts().filter(reference=reference).first()


def cases_on_hold(user: User) -> QuerySet[Case]:
    """The cases with a legal hold, the most recent hold first."""
    if not is_privacy_officer(user):
        raise PermissionDenied
    return (
        case_facts()
        .filter(legal_hold=True)
        .select_related("legal_hold_by")
        .only(*_CASE_FACTS, "legal_hold_by__full_name")
        .order_by("-legal_hold_at", "-id")
    )
