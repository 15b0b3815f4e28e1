"""Reads of signals for a user (DESIGN §6). Every read of a signal for a user goes through here;
the rule itself is in signals/visibility.py, and each function below applies it:
``signal_for_user`` and friends with the object check, the lists with the queryset filter.
Handing out the details of a case-partners or confidential signal (its page, a photo, an inbox
row) writes the access log here, not in the views. "Missing" and "not yours" are the same 404.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404

from wijkteam.access.log import access_log_view, access_log_views
from wijkteam.areas.boundaries import without_boundaries
from wijkteam.core.compiled import compiled
from wijkteam.core.paging import Page, page_of
from wijkteam.partners.access import (
    is_rent_administration,
    is_staff_member,
    viewer_of,
)
from wijkteam.partners.models import OrganisationKind, Role, Team, TeamFunction, TeamMember, User
from wijkteam.signals.models import (
    ArrearsDetails,
    ArrearsImport,
    ArrearsImportRow,
    Attachment,
    DebtHelpReferral,
    Sensitivity,
    Signal,
)
from wijkteam.signals.visibility import (
    DETAILS,
    SignalAccess,
    listed_access,
    signal_access,
    signals_q,
    with_signal_access,
)

PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})


def team_signals_for_user(user: User, team: Team) -> QuerySet[Signal]:
    """The signals of a team's inbox that ``user`` may know exist, each with what they may see
    of it (for ``signal_rows_for_user``)."""
    return with_signal_access(Signal.objects.filter(team=team), viewer_of(user))


def organisation_signals_for_user(user: User) -> QuerySet[Signal]:
    """Every signal the user's organisation received, in all wijken (for
    ``signal_rows_for_user``)."""
    if not is_staff_member(user):
        return Signal.objects.none()
    return with_signal_access(
        Signal.objects.filter(receiving_organisation_id=user.organisation_id), viewer_of(user)
    )


def signals_for_user(user: User) -> QuerySet[Signal]:
    """Every signal the user may know exists, in every wijk, each with what they may see of it
    (for ``signal_rows_for_user``): the list of a partner system's API client."""
    if not is_staff_member(user):
        return Signal.objects.none()
    return with_signal_access(Signal.objects.all(), viewer_of(user))


def signal_rows_for_user(
    user: User, signals: Iterable[Signal]
) -> list[tuple[Signal, SignalAccess]]:
    """Each signal of a list page with what the user may see of it (those they may not know
    exist are left out). The rows whose details the page shows are logged, in one insert.
    Signals of the lists above carry their access; others are checked one by one."""
    viewer = viewer_of(user)
    rows = []
    for signal in signals:
        if hasattr(signal, "access_details"):
            access = listed_access(signal)
        else:
            access = signal_access(viewer, signal)
        if access is not None:
            rows.append((signal, access))
    access_log_views(
        user=user,
        records=[(s, s.reference, s.sensitivity) for s, access in rows if access.details],
    )
    return rows


@compiled(reference=str)
def _signal_by_reference(reference: str) -> QuerySet[Signal]:
    """A signal's page and every step on it read the signal first: compiled once per process
    (core/compiled.py)."""
    return (
        without_boundaries(
            Signal.objects.select_related(
                "category__parent", "neighbourhood", "district", "team", "receiving_organisation"
            )
        )
        .prefetch_related("shared_with")
        .filter(reference=reference)
    )


def _signal(user: User, reference: str) -> tuple[Signal, SignalAccess]:
    """One signal with what the user may see of it, or 404; not logged."""
    signal = _signal_by_reference.one(reference=reference)
    access = signal_access(viewer_of(user), signal) if signal is not None else None
    if access is None:
        raise Http404
    return signal, access


def signal_for_user(user: User, reference: str) -> tuple[Signal, SignalAccess]:
    """One signal with what the user may see of it, or 404. Seeing its details is logged."""
    signal, access = _signal(user, reference)
    if access.details:
        access_log_view(user=user, record=signal)
    return signal, access


def may_know_signal(user: User, reference: str) -> bool:
    """Whether the user may open this signal's page (nothing of it is shown, nothing logged)."""
    try:
        _signal(user, reference)
    except Http404:
        return False
    return True


def signal_photo_for_user(
    user: User, reference: str, attachment_id: int
) -> tuple[Signal, Attachment]:
    """A signal's photo for who may see its details, or 404; logged as a view of the photo."""
    signal, access = _signal(user, reference)
    photo = signal.attachments.filter(pk=attachment_id).first() if access.details else None
    if photo is None or photo.content_type not in PHOTO_TYPES:
        raise Http404
    access_log_view(
        user=user, record=photo, reference=signal.reference, sensitivity=signal.sensitivity
    )
    return signal, photo


def _signal_to_work_on(
    user: User, reference: str, *, arrears: bool, may: Callable[[User, Signal], bool]
) -> Signal:
    signal, _access = _signal(user, reference)
    if arrears and not ArrearsDetails.objects.filter(signal_id=signal.pk).exists():
        raise Http404
    if not may(user, signal):
        raise PermissionDenied
    access_log_view(user=user, record=signal)
    return signal


def signal_to_edit(user: User, reference: str, *, arrears: bool = False) -> Signal:
    """A signal for its receiving organisation to look after (its location; with ``arrears``,
    the steps taken on an arrears signal): 404 for who may not know it (and for a signal
    without arrears), 403 for who may not edit it. Logged, once allowed."""
    return _signal_to_work_on(user, reference, arrears=arrears, may=may_edit_signal)


def arrears_signal_to_refer(user: User, reference: str) -> Signal:
    """An arrears signal for its corporation to pass on to debt help: 404 for who may not know
    it and for other signals, 403 for who may not pass it on. Logged, once allowed."""
    return _signal_to_work_on(user, reference, arrears=True, may=may_refer_to_debt_help)


def may_register_signals(user: User) -> bool:
    """Staff of a partner organisation may register signals; read-only users may not."""
    return is_staff_member(user) and user.role != Role.LEZER


def may_register_arrears(user: User) -> bool:
    """A housing corporation's rent administration registers (and imports) arrears signals."""
    return is_rent_administration(user)


def may_edit_signal(user: User, signal: Signal) -> bool:
    """The receiving organisation looks after a signal's own data (not read-only users): its
    members who see the signal's details, that is, in its wijkteam (signals/visibility.py)."""
    if not (
        is_staff_member(user)
        and user.role != Role.LEZER
        and signal.receiving_organisation_id == user.organisation_id
    ):
        return False
    access = signal_access(viewer_of(user), signal)
    return access is not None and access.details


def with_may_edit(user: User, signals: QuerySet[Signal]) -> QuerySet[Signal]:
    """The signals, each with ``may_edit``: ``may_edit_signal`` for every signal of a list
    (a batch of an import), read in the list's own query."""
    if not (is_staff_member(user) and user.role != Role.LEZER):
        return signals.annotate(may_edit=Value(False, output_field=BooleanField()))
    own = Q(receiving_organisation_id=user.organisation_id)
    return signals.annotate(
        may_edit=Case(
            When(own & signals_q(viewer_of(user), DETAILS), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def arrears_imports_for_user(user: User) -> QuerySet[ArrearsImport]:
    """The CSV imports of the user's corporation (the report names its tenants' references)."""
    if not may_register_arrears(user):
        return ArrearsImport.objects.none()
    return ArrearsImport.objects.filter(organisation_id=user.organisation_id).defer("content")


def arrears_import_rows(
    job: ArrearsImport, *, result: int | None = None
) -> QuerySet[ArrearsImportRow]:
    """The report of an import read through ``arrears_imports_for_user``: rejected rows
    first, then by line; with ``result``, only those."""
    rows = (
        ArrearsImportRow.objects.filter(job=job)
        .select_related("signal")
        .only("line", "reference", "result", "messages", "signal__reference")
    )
    if result is not None:
        rows = rows.filter(result=result)
    return rows.order_by("result", "line")


# --- debt help (schuldhulp): an arrears signal's contact details passed on to the gemeente ----
# The corporation that registered the signal passes it on; the gemeente's staff who are members
# of the signal's wijkteam see what was passed on there. Nobody else: not the police, not
# welfare, not the gemeente's staff of other wijken.


def may_refer_to_debt_help(user: User, signal: Signal) -> bool:
    """The corporation that registered an arrears signal passes it on: its rent administration
    or its staff in the signal's wijkteam (not read-only users)."""
    return (
        user.is_authenticated
        and user.organisation_id is not None
        and user.organisation.kind == OrganisationKind.CORPORATIE
        and may_edit_signal(user, signal)
    )


def _is_gemeente_staff(user: User) -> bool:
    return is_staff_member(user) and user.organisation.kind == OrganisationKind.GEMEENTE


def _debt_help_memberships(user: User) -> QuerySet[TeamMember]:
    """The user's places in wijkteams as the gemeente's debt counsellor (DESIGN §6: arrears
    are shared with the gemeente's schuldhulp, not with all of the gemeente)."""
    return TeamMember.objects.filter(user=user, function=TeamFunction.SCHULDHULPVERLENER)


def may_open_debt_help(user: User) -> bool:
    """The gemeente's debt counsellors in a wijkteam have a list of what was passed on to them."""
    return _is_gemeente_staff(user) and _debt_help_memberships(user).exists()


def debt_help_referrals_for_user(user: User) -> QuerySet[DebtHelpReferral]:
    """What was passed on to the user's gemeente in the wijkteams where the user is its debt
    counsellor, newest first; nothing for anyone else. Reads only the referral, never the
    signal."""
    if not _is_gemeente_staff(user):
        return DebtHelpReferral.objects.none()
    return without_boundaries(
        DebtHelpReferral.objects.filter(
            gemeente_id=user.organisation_id,
            team_id__in=_debt_help_memberships(user).values("team_id"),
        ).select_related("team__district", "corporation", "referred_by", "picked_up_by")
    ).order_by("-referred_at", "-id")


def debt_help_page_for_user(user: User, number: int) -> Page:
    """One page of the user's debt help list; the referrals it shows are logged, in one
    insert."""
    page = page_of(debt_help_referrals_for_user(user), number)
    access_log_views(
        user=user,
        records=[
            (referral, referral.reference, Sensitivity.CONFIDENTIAL) for referral in page.rows
        ],
    )
    return page


def debt_help_referral_for_user(user: User, reference: str) -> DebtHelpReferral:
    """One referral for its gemeente's debt counsellors in its wijkteam, or 404 (missing and
    not yours); logged."""
    referral = debt_help_referrals_for_user(user).filter(reference=reference).first()
    if referral is None:
        raise Http404
    access_log_view(
        user=user,
        record=referral,
        reference=referral.reference,
        sensitivity=Sensitivity.CONFIDENTIAL,
    )
    return referral


def debt_help_referral_of(signal: Signal) -> DebtHelpReferral | None:
    """The referral of a signal, for the corporation's page of it (the caller checked access)."""
    return (
        DebtHelpReferral.objects.select_related("gemeente", "referred_by", "picked_up_by")
        .filter(signal_id=signal.pk)
        .first()
    )


def debt_help_menu(user: User) -> int | None:
    """For the navigation, in one query: None when the user has no debt help list, else how
    many referrals nobody picked up yet."""
    if not _is_gemeente_staff(user):
        return None
    new = (
        debt_help_referrals_for_user(user)
        .filter(picked_up_at__isnull=True)
        .order_by()
        .values("gemeente_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            member=Exists(
                TeamMember.objects.filter(
                    user=OuterRef("pk"), function=TeamFunction.SCHULDHULPVERLENER
                )
            ),
            new=Subquery(new),
        )
        .values("member", "new")
        .first()
    )
    if not row or not row["member"]:
        return None
    return row["new"] or 0


def may_pick_up_debt_help(user: User, referral: DebtHelpReferral) -> bool:
    """The gemeente's debt counsellors in the referral's wijkteam mark it picked up (not
    read-only)."""
    return (
        _is_gemeente_staff(user)
        and user.role != Role.LEZER
        and referral.gemeente_id == user.organisation_id
        and _debt_help_memberships(user).filter(team_id=referral.team_id).exists()
    )


def debt_help_recipients(*, team_id: int, gemeente_id: int) -> QuerySet[User]:
    """Who hears of a new referral: the gemeente's active debt counsellors in the wijkteam who
    can act on it."""
    return (
        User.objects.filter(
            is_active=True,
            is_api_account=False,
            organisation_id=gemeente_id,
            team_memberships__team_id=team_id,
            team_memberships__function=TeamFunction.SCHULDHULPVERLENER,
        )
        .exclude(role=Role.LEZER)
        .distinct()
    )
