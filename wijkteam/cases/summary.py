"""What the partners write on a case: the source organisation's summary, and remarks."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.cases.access import may_write_summary
from wijkteam.cases.guards import forbidden, require_team_worker, require_worker
from wijkteam.cases.models import (
    Case,
    CaseEventKind,
)
from wijkteam.cases.steps import case_event, require_open, require_personal_data_kept
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language
from wijkteam.partners.actors import Actor


def case_summary_set(*, actor: Actor, case: Case, summary: str) -> Case:
    """The summary the source organisation writes for the partners who decide; not once the
    case's personal data was removed."""
    summary = summary.strip()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        user = require_worker(actor)
        if not may_write_summary(user, case):
            raise forbidden(
                _("Alleen de organisatie die de melding ontving, schrijft de samenvatting.")
            )
        require_personal_data_kept(case)
        if summary == case.summary:
            return case
        before = case.summary
        case.summary = summary
        case.save(update_fields=["summary"])
        with in_default_language():
            case_event(
                case,
                actor,
                CaseEventKind.SUMMARY,
                Message(gettext_noop("Samenvatting bijgewerkt.")),
            )
        audit_record(
            actor=actor, action="summary", instance=case, changes={"summary": [before, summary]}
        )
    return case


def case_remark(*, actor: Actor, case: Case, text: str) -> None:
    """A remark in the timeline from anyone in the team who may work cases (also on urgent
    cases), while the case is open."""
    text = text.strip()
    if not text:
        raise DomainError(_("Schrijf een opmerking."), field="text")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        require_team_worker(actor, case)
        require_personal_data_kept(case)
        require_open(case)
        case_event(case, actor, CaseEventKind.REMARK, text)
        audit_record(actor=actor, action="remark", instance=case, changes={"length": len(text)})
