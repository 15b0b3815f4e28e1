"""What the partners write on a case: the source organisation's summary, and remarks."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.cases.models import (
    Case,
    CaseEventKind,
)
from wijkteam.cases.steps import case_event, require_personal_data_kept
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language


def case_summary_set(*, actor: Any, case: Case, summary: str) -> Case:
    """The summary the source organisation writes for the partners who decide."""
    summary = summary.strip()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if summary == case.summary:
            return case
        require_personal_data_kept(case)
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


def case_remark(*, actor: Any, case: Case, text: str) -> None:
    """A remark in the timeline from anyone in the team (also on urgent cases)."""
    text = text.strip()
    if not text:
        raise DomainError(_("Schrijf een opmerking."), field="text")
    require_personal_data_kept(case)
    with transaction.atomic():
        case_event(case, actor, CaseEventKind.REMARK, text)
        audit_record(actor=actor, action="remark", instance=case, changes={"length": len(text)})
