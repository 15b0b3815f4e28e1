"""Working a case once its first responder is agreed (DESIGN §4 step 4): the status while the
lead works it, agreed actions with an owner and a due date, and notes whose writer chooses who
reads them."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.cases.access import may_complete_action
from wijkteam.cases.guards import forbidden, require_details, require_lead, require_sees_details
from wijkteam.cases.models import (
    MANUAL_WORK_STATUSES,
    WORK_STATUSES,
    Case,
    CaseAction,
    CaseEventKind,
    CaseNote,
    CaseStatus,
    NoteVisibility,
)
from wijkteam.cases.steps import (
    case_event,
    case_transition,
    require_open,
    require_personal_data_kept,
    require_team_partner,
)
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language
from wijkteam.partners.actors import Actor
from wijkteam.partners.models import Organisation, User
from wijkteam.signals.models import Sensitivity


def case_status_change(*, actor: Actor, case: Case, status: str, reason: str = "") -> Case:
    """The lead (a member of the lead organisation in the case's team, or the chair) moves a
    case between 'in behandeling' and 'wacht op derden' (waiting needs to say on what). The
    transition table decides what is allowed."""
    reason = reason.strip()
    if status not in MANUAL_WORK_STATUSES:
        raise DomainError(_("Kies een status."), field="status")
    if status == CaseStatus.WAITING and not reason:
        raise DomainError(_("Schrijf op waarop de casus wacht."), field="reason")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status not in WORK_STATUSES:
            raise DomainError(_("Deze casus wordt nu niet behandeld."))
        require_lead(actor, case)
        if case.status == status:
            return case
        before = case.status
        case_transition(case, status)
        case.save(update_fields=["status"])
        with in_default_language():
            text = Message(
                gettext_noop("Status: %(before)s → %(after)s."),
                before=CaseStatus(before).label,
                after=CaseStatus(status).label,
            )
            if reason:
                text = Message(gettext_noop("%(line)s Reden: %(reason)s"), line=text, reason=reason)
            case_event(case, actor, CaseEventKind.STATUS, text)
        audit_record(
            actor=actor,
            action="status",
            instance=case,
            changes={"status": [before, status], "reason": reason},
        )
    return case


def case_action_create(
    *,
    actor: Actor,
    case: Case,
    description: str,
    owner_organisation: Organisation,
    owner_user: User | None = None,
    due_date: date,
    at: datetime | None = None,
) -> CaseAction:
    """Agree an action on an open case: what, which organisation (optionally which person), and
    by when. Any member of the wijkteam who may work cases and sees the case's details. ``at``
    records one agreed earlier (the demo's past wijkteamoverleg); the due date may not lie
    before that day."""
    description = description.strip()
    if not description:
        raise DomainError(_("Beschrijf de afspraak."), field="description")
    if due_date < timezone.localdate(at):
        raise DomainError(_("Deze datum ligt in het verleden."), field="due_date")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        require_details(actor, case)
        require_open(case)
        require_team_partner(case, owner_organisation, field="owner_organisation")
        if owner_user is not None and owner_user.organisation_id != owner_organisation.pk:
            raise DomainError(
                _("Deze persoon werkt niet bij %(organisation)s.")
                % {"organisation": owner_organisation.name},
                field="owner_user",
            )
        action = CaseAction.objects.create(
            case=case,
            description=description,
            owner_organisation=owner_organisation,
            owner_user=owner_user,
            due_date=due_date,
            created_by=actor,
            created_at=at or timezone.now(),
        )
        with in_default_language():
            owner = owner_organisation.name + (
                f" ({owner_user.full_name})" if owner_user is not None else ""
            )
            case_event(
                case,
                actor,
                CaseEventKind.ACTION,
                Message(
                    gettext_noop("Afspraak: %(description)s – %(owner)s, uiterlijk %(due)s."),
                    description=description,
                    owner=owner,
                    due=due_date,
                ),
                at=at,
            )
        audit_record(
            actor=actor,
            action="action_create",
            instance=case,
            changes={"action": action.pk, "owner": owner_organisation.pk, "due": str(due_date)},
        )
    return action


def case_action_complete(*, actor: Actor, action: CaseAction, result: str) -> CaseAction:
    """Mark an action done, with a short result: someone of its owner organisation, or the
    chair, who sees the case's details."""
    result = result.strip()
    if not result:
        raise DomainError(_("Schrijf kort wat het resultaat is."), field="result")
    with transaction.atomic():
        action = (
            CaseAction.objects.select_for_update(of=("self", "case"))
            .select_related("case")
            .get(pk=action.pk)
        )
        if action.done_at is not None:
            raise DomainError(_("Deze afspraak is al gedaan."))
        require_personal_data_kept(action.case)
        user = require_sees_details(actor, action.case)
        if not may_complete_action(user, action):
            raise forbidden(
                _("Alleen de organisatie van deze afspraak of de voorzitter zet hem op gedaan.")
            )
        action.done_at = timezone.now()
        action.result = result
        action.save(update_fields=["done_at", "result"])
        with in_default_language():
            case_event(
                action.case,
                actor,
                CaseEventKind.ACTION,
                Message(
                    gettext_noop("Afspraak gedaan: %(description)s. Resultaat: %(result)s"),
                    description=action.description,
                    result=result,
                ),
            )
        audit_record(
            actor=actor, action="action_done", instance=action.case, changes={"action": action.pk}
        )
    return action


def default_note_visibility(case: Case) -> str:
    """The narrower choice for sensitive categories."""
    if case.sensitivity == Sensitivity.TEAM:
        return NoteVisibility.PARTNERS
    return NoteVisibility.OWN_ORGANISATION


def case_note_add(*, actor: Actor, case: Case, text: str, visibility: str) -> CaseNote:
    """A note on an open case for the case partners, or only for the writer's organisation:
    any member of the wijkteam who may work cases and sees the case's details."""
    text = text.strip()
    if not text:
        raise DomainError(_("Schrijf een notitie."), field="text")
    if visibility not in NoteVisibility.values:
        raise DomainError(_("Kies wie de notitie mag lezen."), field="visibility")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        author = require_details(actor, case)
        require_personal_data_kept(case)
        require_open(case)
        note = CaseNote.objects.create(
            case=case,
            author=author,
            organisation=author.organisation,
            text=text,
            visibility=visibility,
        )
        audit_record(
            actor=actor,
            action="note",
            instance=case,
            changes={"note": note.pk, "visibility": visibility},
        )
    return note
