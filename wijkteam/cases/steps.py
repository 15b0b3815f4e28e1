"""The small steps every service of a case takes: its timeline, telling the partners,
its state, its shares and its response target."""

from collections.abc import Iterable
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import actor_label
from wijkteam.cases.fanout import notify_later
from wijkteam.cases.figures import case_figures_stale
from wijkteam.cases.grouping import signal_address_key
from wijkteam.cases.models import (
    TRANSITIONS,
    WORK_STATUSES,
    Case,
    CaseEvent,
    CaseStatus,
)
from wijkteam.core.batching import write_later
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message
from wijkteam.core.workdays import add_working_days
from wijkteam.partners.actors import Actor, is_user
from wijkteam.partners.models import Organisation, TeamPartner
from wijkteam.signals.models import PublicStatus, Sensitivity, Signal
from wijkteam.signals.services import signal_shares_set
from wijkteam.signals.timeline import signal_public_status_set

# From least to most restricted; a case takes the strictest of its signals.
SENSITIVITY_ORDER = [Sensitivity.TEAM, Sensitivity.CASE_PARTNERS, Sensitivity.CONFIDENTIAL]


def case_event(
    case: Case,
    actor: Actor,
    kind: str,
    text: str | Message,
    *,
    at: datetime | None = None,
    label: str = "",
):
    """Add a line to the case's timeline. A line the system writes is a ``Message``
    (``Message(gettext_noop("... %(name)s"), name=...)``), so that every reader gets it in
    their own language; a plain ``str`` is free text someone typed, shown as it is.
    ``label`` names an actor without an account (a reporter)."""
    message = text if isinstance(text, Message) else None
    case_figures_stale(case)
    return write_later(
        CaseEvent(
            case=case,
            at=at or timezone.now(),
            actor=actor if is_user(actor) else None,
            actor_label=label or actor_label(actor),
            kind=kind,
            text=message.dutch() if message else text,
            message=message.as_data() if message else None,
        )
    )


def case_link(case: Case) -> str:
    return reverse("cases:detail", args=[case.reference])


def case_notify(
    case: Case,
    organisation_ids: Iterable[int],
    subject: str,
    body: str = "",
    *,
    except_user: Actor | None = None,
) -> None:
    """Tell the team members of these organisations about the case, after commit
    (``fanout.notify_later``; build the texts inside ``in_default_language()``);
    ``except_user`` is not told what they did themselves."""
    notify_later(
        team_id=case.team_id,
        organisation_ids=set(organisation_ids),
        subject=subject,
        body=body,
        link=case_link(case),
        except_user_id=except_user.pk if is_user(except_user) else None,
    )


def case_transition(case: Case, status: str) -> None:
    """Move a case to ``status`` if the workflow allows it (the caller saves)."""
    if status != case.status and status not in TRANSITIONS[case.status]:
        raise DomainError(
            _("Een casus met status '%(current)s' kan niet naar '%(new)s'.")
            % {"current": case.get_status_display(), "new": CaseStatus(status).label}
        )
    case.status = status


def require_team_partner(
    case: Case, organisation: Organisation | None, *, field: str = "lead"
) -> Organisation:
    """The organisation, if it is a partner of the case's team; otherwise a form error."""
    if (
        organisation is None
        or not TeamPartner.objects.filter(team_id=case.team_id, organisation=organisation).exists()
    ):
        raise DomainError(_("Kies een partner van dit wijkteam."), field=field)
    return organisation


def stricter_sensitivity(a: str, b: str) -> str:
    return max(a, b, key=SENSITIVITY_ORDER.index)


def case_refresh_shares(
    *,
    actor: Actor,
    case: Case,
    signals: list[Signal] | None = None,
    involved_ids: set[int] | None = None,
) -> None:
    """Share the details of the case's signals with its lead and involved partners (two
    queries when nothing changes, however many signals the case has). A caller that has them
    passes the case's ``signals`` (with their shares) and the ``involved_ids``: nothing is read
    back then."""
    if involved_ids is None:
        involved_ids = set(case.involved.values_list("pk", flat=True))
    organisation_ids = {case.lead_id} | involved_ids
    organisation_ids.discard(None)
    reason = _("eerste reactie of betrokken bij %(case)s") % {"case": case.reference}
    if signals is None:
        signals = Signal.objects.filter(case_link__case=case).prefetch_related("shared_with")
    for signal in signals:
        signal_shares_set(
            actor=actor, signal=signal, organisation_ids=organisation_ids, reason=reason
        )


def case_signals_follow(
    *, actor: Actor, case: Case, at: datetime | None = None, only: list[Signal] | None = None
) -> None:
    """What the reporters see follows the case: once it has a lead and is being worked, its
    signals that still say 'ontvangen' say 'in behandeling', with who handles them.
    ``only``: just these signals (one that just joined, while the others already follow; or
    all of a case opened in this transaction)."""
    if case.status not in WORK_STATUSES:
        return
    if only is not None:
        signals = [signal for signal in only if signal.status == PublicStatus.RECEIVED]
    else:
        signals = Signal.objects.filter(case_link__case=case, status=PublicStatus.RECEIVED)
    for signal in signals:
        if case.lead is not None:
            text = Message(
                gettext_noop("Uw melding is in behandeling bij %(organisation)s."),
                organisation=case.lead.name,
            )
        else:
            text = Message(gettext_noop("Uw melding is in behandeling."))
        signal_public_status_set(
            actor=actor, signal=signal, status=PublicStatus.IN_PROGRESS, public_text=text, at=at
        )


def case_opened_by(signal: Signal, at: datetime, **more) -> Case:
    """The case a new signal opens at ``at``, unsaved and without its number (``more``: what
    the caller sets besides, such as a lead decided at once)."""
    due_at, very_late_at = response_target(signal.category.response_days, at)
    return Case(
        team_id=signal.team_id,
        district_id=signal.district_id,
        neighbourhood_id=signal.neighbourhood_id,
        category_id=signal.category_id,
        main_category_id=signal.main_category_id,
        sensitivity=signal.sensitivity,
        is_public_space=signal.category.is_public_space,
        is_urgent=signal.is_urgent,
        is_tenant=signal.is_tenant,
        source_organisation_id=signal.receiving_organisation_id,
        bag_id=signal.bag_id,
        address_key=signal_address_key(signal),
        street=signal.street,
        house_number=signal.house_number,
        house_number_addition=signal.house_number_addition,
        postcode=signal.postcode,
        latitude=signal.latitude,
        longitude=signal.longitude,
        opened_at=at,
        last_signal_at=at,
        due_at=due_at,
        very_late_at=very_late_at,
        **more,
    )


def response_target(response_days: int, start: datetime) -> tuple[datetime, datetime]:
    """The response target (working days from ``start``, Dutch public holidays excluded) and
    the moment the case is more than three times late."""
    due_at = add_working_days(start, response_days)
    return due_at, start + 3 * (due_at - start)


def require_personal_data_kept(case: Case) -> None:
    """Nothing is added to a case whose personal data the retention run removed: the run takes
    a case once, so whatever came later would stay for good."""
    if case.retention_applied_at is not None:
        raise DomainError(
            _(
                "De persoonsgegevens van casus %(case)s zijn na de bewaartermijn verwijderd; er "
                "kan niets meer aan worden toegevoegd."
            )
            % {"case": case.reference}
        )


def require_open(case: Case) -> None:
    """Only an open case (in triage or being worked) takes this change."""
    if not case.is_open:
        raise DomainError(_("Casus %(case)s is niet meer open.") % {"case": case.reference})
