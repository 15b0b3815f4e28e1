"""The partners' internal remarks on an initiative: for the team only, never on a public page
and never in an email to residents."""

from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.initiatives.models import Initiative, InitiativeComment
from wijkteam.initiatives.plans import require_worker
from wijkteam.initiatives.stages import lock_initiative
from wijkteam.initiatives.text_audit import text_facts
from wijkteam.partners.actors import Actor

REMARK_MAX = 2000


def initiative_remark_add(*, actor: Actor, initiative: Initiative, text: str) -> InitiativeComment:
    """Add a member's remark, in any stage (the team may still discuss an ended project)."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Schrijf een opmerking."), field="text")
    if len(text) > REMARK_MAX:
        raise DomainError(
            _("Houd de opmerking korter dan %(max)s tekens.") % {"max": REMARK_MAX}, field="text"
        )
    with transaction.atomic():
        current = lock_initiative(initiative.pk)
        user = require_worker(actor, current)
        remark = InitiativeComment.objects.create(
            initiative=current, author=user, organisation=user.organisation, text=text
        )
        audit_record(
            actor=actor,
            action="initiative_remark",
            instance=remark,
            changes={"initiative": current.reference, "text": text_facts(text)},
        )
    return remark
