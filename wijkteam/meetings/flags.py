"""A partner puts a case forward for the wijkteamoverleg ("aanmelden voor het overleg"), with
its reason: the team's next meeting collects it (meetings/agenda.py). Discussing it settles
the flag (the minutes, when the meeting closes)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.cases.access import may_work_cases
from wijkteam.cases.models import Case, CaseEventKind
from wijkteam.cases.steps import case_event
from wijkteam.cases.visibility import case_access
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.core.translation import Message
from wijkteam.meetings.models import CaseFlag
from wijkteam.partners.access import viewer_of
from wijkteam.partners.actors import Actor, is_user, require_actor
from wijkteam.partners.models import TeamMember, User

REASON_LENGTH = 300


def may_flag(user: User, case: Case) -> bool:
    """A member of the case's team who may work cases and may see the case's details."""
    if not (may_work_cases(user) and user.organisation_id):
        return False
    if not TeamMember.objects.filter(team_id=case.team_id, user=user).exists():
        return False
    access = case_access(viewer_of(user, teams=[case.team_id]), case)
    return access is not None and access.details


def open_flag_of(case: Case, organisation_id: int) -> CaseFlag | None:
    """The organisation's flag on the case that was not discussed yet."""
    return (
        CaseFlag.objects.filter(case=case, organisation_id=organisation_id, settled_at__isnull=True)
        .select_related("flagged_by")
        .first()
    )


@transaction.atomic
def case_flag_create(*, actor: Actor, case: Case, reason: str) -> CaseFlag:
    """Put an open case forward for the team's next meeting, for the actor's organisation,
    with the reason (required, at most 300 characters). One open flag per case and
    organisation: a second is refused with who flagged it when. On the case's timeline."""
    require_actor(actor)
    if not (is_user(actor) and may_flag(actor, case)):
        raise forbidden(
            _("Alleen leden van het wijkteam die deze casus behandelen melden hem aan.")
        )
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise DomainError(_("Deze casus is niet meer open; aanmelden kan niet."))
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Vul in waarom het wijkteam deze casus moet bespreken."), field="reason"
        )
    if len(reason) > REASON_LENGTH:
        raise DomainError(_("Houd de reden korter dan 300 tekens."), field="reason")
    existing = open_flag_of(case, actor.organisation_id)
    if existing is not None:
        raise DomainError(
            _(
                "Uw organisatie heeft deze casus al aangemeld voor het overleg (op %(day)s, "
                "door %(name)s). Die aanmelding staat nog open."
            )
            % {
                "day": timezone.localtime(existing.flagged_at).strftime("%d-%m-%Y"),
                "name": existing.flagged_by.full_name,
            },
            field="reason",
        )
    flag = CaseFlag.objects.create(
        case=case,
        organisation_id=actor.organisation_id,
        reason=reason,
        flagged_by=actor,
        flagged_at=timezone.now(),
    )
    case_event(
        case,
        actor,
        CaseEventKind.REMARK,
        Message(gettext_noop("Aangemeld voor het wijkteamoverleg: %(reason)s"), reason=reason),
    )
    audit_record(
        actor=actor, action="create", instance=flag, changes={"case": case.pk, "reason": reason}
    )
    return flag
