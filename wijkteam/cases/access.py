"""Reads of cases for a user (DESIGN §6), and who may do what on them. Every read of a case for
a user goes through here; the rule itself is in cases/visibility.py, and each function below
applies it: ``case_for_user`` with the object check, the lists with the queryset filter.
Handing out the details of a case-partners or confidential case (its page, a document) writes
the access log here, not in the views. "Missing" and "not yours" are the same 404. The work
queues and lists of a user's own work are in cases/worklists.py.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from wijkteam.access.log import access_log_view
from wijkteam.access.rules import Viewer
from wijkteam.areas.boundaries import without_boundaries
from wijkteam.cases import visibility
from wijkteam.cases.grouping import same_place_signals
from wijkteam.cases.models import (
    WORK_STATUSES,
    Case,
    CaseAction,
    CaseDocument,
    CaseNote,
    CaseStatus,
    Feedback,
    NoteVisibility,
    Proposal,
    ProposalStatus,
)
from wijkteam.cases.visibility import CaseAccess, cases_q
from wijkteam.core.compiled import compiled
from wijkteam.partners.access import OVERSEEING_ROLES, is_staff_member, viewer_of
from wijkteam.partners.models import Role, Team, TeamFunction, TeamMember, User
from wijkteam.signals.models import Signal
from wijkteam.signals.visibility import (
    SignalAccess,
    listed_access,
    signals_q,
    with_signal_access,
)

RESPONDING_EXCLUDED_ROLES = frozenset({Role.LEZER})


def case_access(user: User, case: Case, *, in_team: bool) -> CaseAccess | None:
    """What ``user`` may see of a loaded ``case`` (cases/visibility.py), for a caller that
    knows whether the user is in the case's team or oversees all teams; None when they may not
    know it exists."""
    return visibility.case_access(viewer_of(user, teams=[case.team_id] if in_team else []), case)


@compiled(reference=str)
def _case_by_reference(reference: str) -> QuerySet[Case]:
    """A case's page and every step on it read the case first: compiled once per process
    (core/compiled.py)."""
    return (
        without_boundaries(
            Case.objects.select_related(
                "team__district",
                "neighbourhood",
                "category__parent",
                "lead",
                "source_organisation",
                "merged_into",
            )
        )
        .prefetch_related("involved")
        .filter(reference=reference)
    )


def _case(user: User, reference: str) -> tuple[Case, CaseAccess]:
    """One case with what the user may see of it, or 404; not logged."""
    case = _case_by_reference.one(reference=reference)
    access = visibility.case_access(viewer_of(user), case) if case is not None else None
    if access is None:
        raise Http404
    return case, access


def case_for_user(user: User, reference: str) -> tuple[Case, CaseAccess]:
    """One case with what the user may see of it, or 404 (missing and not yours alike).
    Seeing its details is logged (it covers the case's signals, notes and actions shown)."""
    case, access = _case(user, reference)
    if access.details:
        access_log_view(user=user, record=case)
    return case, access


def cases_for_user(user: User) -> QuerySet[Case]:
    """Every case the user may know exists, in every wijk (the list of a partner system's API
    client); what they may see of each is ``case_access``."""
    if not is_staff_member(user):
        return Case.objects.none()
    return Case.objects.filter(cases_q(viewer_of(user)))


def case_rows_for_user(
    user: User, cases, *, viewer: Viewer | None = None
) -> list[tuple[Case, CaseAccess]]:
    """Each case of a list with what the user may see of it (those they may not know exist
    are left out). A list shows none of a case's details, so nothing is logged. Load the
    cases with ``main_category`` and prefetch ``involved``; ``viewer``: the user's, when the
    caller made it already."""
    viewer = viewer or viewer_of(user)
    rows = []
    for case in cases:
        access = visibility.case_access(viewer, case)
        if access is not None:
            rows.append((case, access))
    return rows


def case_reference_of_signal(user: User, signal: Signal) -> str | None:
    """The number of the case a signal is in, when the user may know that case exists (knowing
    a signal does not always mean knowing its case); not logged: nothing of the case is
    shown."""
    case = (
        Case.objects.filter(links__signal=signal)
        .defer("summary", "reporter_message")
        .prefetch_related("involved")
        .first()
    )
    if case is None or visibility.case_access(viewer_of(user), case) is None:
        return None
    return case.reference


def case_signals_for_user(user: User, case: Case) -> list[tuple[Signal, SignalAccess]]:
    """The signals of a case the user was handed, each with what the user may see of it (those
    they may not know exist are left out); oldest first. Logged with the case."""
    signals = (
        with_signal_access(Signal.objects.filter(case_link__case=case), viewer_of(user))
        .select_related("category", "receiving_organisation")
        .order_by("created_at", "id")
    )
    return [(signal, listed_access(signal)) for signal in signals]


def same_place_count_for_user(user: User, case: Case) -> int:
    """How many signals at the case's place in six months the user may know exist ("3rd
    signal at this address in 6 months")."""
    return same_place_signals(case).filter(signals_q(viewer_of(user))).count()


def team_cases_for_user(user: User, team: Team) -> QuerySet[Case]:
    """A team's cases the user may know exist."""
    return without_boundaries(
        Case.objects.filter(team=team)
        .filter(cases_q(viewer_of(user)))
        .select_related("category", "neighbourhood", "lead", "team__district")
    )


def may_work_cases(user: User) -> bool:
    """Staff who may respond, remark and change cases (read-only users may not)."""
    return is_staff_member(user) and user.role not in RESPONDING_EXCLUDED_ROLES


@dataclass(frozen=True)
class Seat:
    """The user's place in one wijkteam, read in one query (``seat_in``) for a page that asks
    several of the rules below about that team's cases. A rule given the seat of another team
    reads the database as without one."""

    team_id: int
    member: bool  # a member of the team (overseeing every team is not membership)
    chair: bool  # ``may_chair``


def seat_in(user: User, team_id: int) -> Seat:
    functions = list(
        TeamMember.objects.filter(user_id=user.pk, team_id=team_id).values_list(
            "function", flat=True
        )[:1]
    )
    chairs = may_work_cases(user) and (
        user.role in OVERSEEING_ROLES or TeamFunction.WIJKMANAGER in functions
    )
    return Seat(team_id=team_id, member=bool(functions), chair=chairs)


def _seat(seat: Seat | None, team_id: int) -> Seat | None:
    return seat if seat is not None and seat.team_id == team_id else None


def may_chair(user: User, team: Team, *, seat: Seat | None = None) -> bool:
    """The wijkmanager of the team (or a coordinator) chairs the wijkteamoverleg: records
    decisions, merges and splits cases."""
    if not may_work_cases(user):
        return False
    if known := _seat(seat, team.pk):
        return known.chair
    return (
        user.role in OVERSEEING_ROLES
        or TeamMember.objects.filter(
            user=user, team=team, function=TeamFunction.WIJKMANAGER
        ).exists()
    )


def _member(user: User, team_id: int, seat: Seat | None) -> bool:
    if known := _seat(seat, team_id):
        return known.member
    return TeamMember.objects.filter(user=user, team_id=team_id).exists()


def may_respond(user: User, proposal: Proposal, *, seat: Seat | None = None) -> bool:
    """Any member of the team from an organisation asked to respond, with a role that may."""
    return (
        may_work_cases(user)
        and proposal.status == ProposalStatus.OPEN
        and proposal.respondents.filter(pk=user.organisation_id).exists()
        and _member(user, proposal.case.team_id, seat)
    )


def members_to_notify(team_id: int, organisation_ids: set[int]) -> QuerySet[User]:
    """The active team members of these organisations who may act on a case (people: never
    the account of a partner system's API client)."""
    return (
        User.objects.filter(
            is_active=True,
            is_api_account=False,
            organisation_id__in=organisation_ids,
            team_memberships__team_id=team_id,
        )
        .exclude(role__in=RESPONDING_EXCLUDED_ROLES)
        .distinct()
    )


def chairs_to_notify(team_id: int) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        is_api_account=False,
        team_memberships__team_id=team_id,
        team_memberships__function=TeamFunction.WIJKMANAGER,
    ).distinct()


# --- handling ---------------------------------------------------------------------------------


def _leads(user: User, case: Case, seat: Seat | None) -> bool:
    """A member of the lead organisation in the case's team, or the chair."""
    if not may_work_cases(user):
        return False
    if user.organisation_id == case.lead_id and _member(user, case.team_id, seat):
        return True
    return may_chair(user, case.team, seat=seat)


def may_handle(user: User, case: Case, *, seat: Seat | None = None) -> bool:
    """Members of the lead organisation in the case's team (and the chair) work the case and
    close it with an outcome."""
    return case.status in WORK_STATUSES and _leads(user, case, seat)


def may_close(user: User, case: Case, *, seat: Seat | None = None) -> bool:
    """The lead closes a handled case for good."""
    return case.status == CaseStatus.RESOLVED and _leads(user, case, seat)


def may_regroup(user: User, case: Case, *, seat: Seat | None = None) -> bool:
    """The lead (or the chair) moves signals of a case, merges and splits it: where a signal
    goes decides who sees it (cases/regrouping.py). The case must also be open."""
    return _leads(user, case, seat)


def may_reopen(user: User, case: Case, *, seat: Seat | None = None) -> bool:
    """The lead reopens a handled or closed case, or answers a reporter who is not satisfied;
    not once the case's personal data was removed after its retention period."""
    return (
        case.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED)
        and case.retention_applied_at is None
        and _leads(user, case, seat)
    )


def feedback_of_case(case: Case, access: CaseAccess) -> QuerySet[Feedback]:
    """The reporters' answers on a case, for those who see its details (no identities)."""
    if not access.details:
        return Feedback.objects.none()
    return Feedback.objects.filter(case=case).order_by("-created_at", "-id")


def may_complete_action(user: User, action: CaseAction, *, seat: Seat | None = None) -> bool:
    if action.case.retention_applied_at is not None:
        return False
    return may_work_cases(user) and (
        user.organisation_id == action.owner_organisation_id
        or may_chair(user, action.case.team, seat=seat)
    )


def notes_for_user(user: User, case: Case, access: CaseAccess) -> QuerySet[CaseNote]:
    """Notes for the case partners, plus those of the user's own organisation."""
    if not access.details:
        return CaseNote.objects.none()
    return (
        case.notes.filter(
            Q(visibility=NoteVisibility.PARTNERS) | Q(organisation_id=user.organisation_id)
        )
        .select_related("author", "organisation")
        .order_by("created_at", "id")
    )


# --- documents --------------------------------------------------------------------------------


def documents_for_user(user: User, case: Case, access: CaseAccess) -> QuerySet[CaseDocument]:
    """A case's documents, for who may see its details; oldest first. Their titles are part
    of the case page (logged with the case); a download is logged by ``document_for_user``."""
    if not access.details:
        return CaseDocument.objects.none()
    return case.documents.select_related("uploaded_by", "organisation").order_by(
        "uploaded_at", "id"
    )


def document_for_user(user: User, reference: str, document_id: int) -> tuple[Case, CaseDocument]:
    """One document of a case, for who may see the case's details, or 404; logged as a view of
    the document."""
    case, access = _case(user, reference)
    document = documents_for_user(user, case, access).filter(pk=document_id).first()
    if document is None:
        raise Http404
    access_log_view(
        user=user, record=document, reference=case.reference, sensitivity=case.sensitivity
    )
    return case, document


def removable_document_ids(
    user: User, case: Case, documents: list[CaseDocument], *, seat: Seat | None = None
) -> set[int]:
    """Of these documents of ``case``, those the user may remove: the ones their organisation
    uploaded, or all of them for the team's chair."""
    if not may_work_cases(user):
        return set()
    own = {
        document.pk for document in documents if document.organisation_id == user.organisation_id
    }
    # Asking about the chair costs a query; only when it could make a difference.
    if len(own) < len(documents) and may_chair(user, case.team, seat=seat):
        return {document.pk for document in documents}
    return own


def may_remove_document(user: User, document: CaseDocument) -> bool:
    """The uploader's organisation or the team's chair may remove a document."""
    return document.pk in removable_document_ids(user, document.case, [document])


def may_write_summary(user: User, case: Case) -> bool:
    """Only the source organisation writes the summary the partners decide on."""
    return may_work_cases(user) and user.organisation_id == case.source_organisation_id
