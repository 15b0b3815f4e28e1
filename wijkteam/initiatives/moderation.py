"""Moderation by the team: hiding an idea from the public pages (and showing it again), editing
its public text, hiding a supporter's public comment; always with a reason, which the person
whose words it was is told by email. The team's wijkmanager or a coordinator decides.

The audit trail holds the lengths and digests of the texts and the reason, never the texts:
what was moderated away is often exactly what must not be kept (a neighbour's name), and the
trail cannot be erased."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.initiatives.models import Initiative, Supporter
from wijkteam.initiatives.plans import require_decider
from wijkteam.initiatives.stages import lock_initiative
from wijkteam.initiatives.text_audit import text_facts
from wijkteam.notifications.services import email_enqueue
from wijkteam.partners.actors import Actor

REASON_MAX = 500
# The public texts of an idea that the team may edit, with their limits (models.Initiative).
EDITABLE_TEXTS = {"title": 120, "description": 4000, "own_contribution": 2000}
TEXT_LABELS = {
    "title": gettext_lazy("de titel"),
    "description": gettext_lazy("de beschrijving"),
    "own_contribution": gettext_lazy("wat de bewoners zelf doen"),
}

HIDDEN = "hidden"
SHOWN = "shown"
EDITED = "edited"
COMMENT_HIDDEN = "comment_hidden"


def _reason(reason: str, *, required: bool = True, for_supporter: bool = False) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        if for_supporter:
            message = _("Schrijf de reden; wie de reactie schreef, krijgt die te lezen.")
        else:
            message = _("Schrijf de reden; de indiener krijgt die te lezen.")
        raise DomainError(message, field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Houd de reden korter dan %(max)s tekens.") % {"max": REASON_MAX}, field="reason"
        )
    return reason


def initiative_hide(*, actor: Actor, initiative: Initiative, reason: str) -> Initiative:
    """Take the idea off the public pages (its page, the wijk's list, the map); the team still
    sees and works on it. The initiator is told why."""
    reason = _reason(reason)
    with transaction.atomic():
        current = lock_initiative(initiative.pk)
        require_decider(actor, current)
        if current.hidden_at is not None:
            raise DomainError(_("Dit initiatief is al verborgen."))
        current.hidden_at = timezone.now()
        current.hidden_reason = reason
        current.save(update_fields=["hidden_at", "hidden_reason"])
        audit_record(
            actor=actor,
            action="initiative_hide",
            instance=current,
            changes={"hidden": [False, True], "reason": text_facts(reason)},
        )
        _tell_initiator(current, HIDDEN, reason=reason, at=current.hidden_at)
    initiative.hidden_at, initiative.hidden_reason = current.hidden_at, current.hidden_reason
    return current


def initiative_show(*, actor: Actor, initiative: Initiative, reason: str = "") -> Initiative:
    """Put a hidden idea back on the public pages; the initiator is told."""
    reason = _reason(reason, required=False)
    with transaction.atomic():
        current = lock_initiative(initiative.pk)
        require_decider(actor, current)
        if current.hidden_at is None:
            raise DomainError(_("Dit initiatief is niet verborgen."))
        current.hidden_at = None
        current.hidden_reason = ""
        current.save(update_fields=["hidden_at", "hidden_reason"])
        now = timezone.now()
        audit_record(
            actor=actor,
            action="initiative_show",
            instance=current,
            changes={"hidden": [True, False], "reason": text_facts(reason)},
        )
        _tell_initiator(current, SHOWN, reason=reason, at=now)
    initiative.hidden_at, initiative.hidden_reason = None, ""
    return current


def initiative_text_edit(
    *,
    actor: Actor,
    initiative: Initiative,
    title: str,
    description: str,
    own_contribution: str,
    reason: str,
) -> Initiative:
    """Change the idea's public text (a name that should not be there, an insult), with a
    reason; the initiator is told which parts changed and why."""
    new = {
        "title": (title or "").strip(),
        "description": (description or "").strip(),
        "own_contribution": (own_contribution or "").strip(),
    }
    if not new["title"]:
        raise DomainError(_("Een initiatief heeft een titel."), field="title")
    if not new["description"]:
        raise DomainError(_("Een initiatief heeft een beschrijving."), field="description")
    for field, limit in EDITABLE_TEXTS.items():
        if len(new[field]) > limit:
            raise DomainError(
                _("Houd deze tekst korter dan %(max)s tekens.") % {"max": limit}, field=field
            )
    reason = _reason(reason)
    with transaction.atomic():
        current = lock_initiative(initiative.pk)
        require_decider(actor, current)
        changed = [field for field in EDITABLE_TEXTS if getattr(current, field) != new[field]]
        if not changed:
            raise DomainError(_("De tekst is niet veranderd."), field="description")
        changes = {
            field: [text_facts(getattr(current, field)), text_facts(new[field])]
            for field in changed
        }
        for field in changed:
            setattr(current, field, new[field])
        current.moderated_at = timezone.now()
        current.moderation_reason = reason
        current.save(update_fields=[*changed, "moderated_at", "moderation_reason"])
        audit_record(
            actor=actor,
            action="initiative_text_edit",
            instance=current,
            changes={**changes, "reason": text_facts(reason)},
        )
        _tell_initiator(current, EDITED, reason=reason, at=current.moderated_at, changed=changed)
    for field in changed:
        setattr(initiative, field, new[field])
    initiative.moderated_at, initiative.moderation_reason = current.moderated_at, reason
    return current


def support_comment_hide(*, actor: Actor, supporter: Supporter, reason: str) -> Supporter:
    """Hide a supporter's public word of support (the support itself still counts); the
    supporter is told why."""
    reason = _reason(reason, for_supporter=True)
    with transaction.atomic():
        initiative = lock_initiative(supporter.initiative_id)
        require_decider(actor, initiative)
        current = Supporter.objects.select_for_update().get(pk=supporter.pk)
        if not current.comment:
            raise DomainError(_("Bij deze steunbetuiging staat geen reactie."))
        if current.comment_hidden_at is not None:
            raise DomainError(_("Deze reactie is al verborgen."))
        current.comment_hidden_at = timezone.now()
        current.comment_hidden_reason = reason
        current.save(update_fields=["comment_hidden_at", "comment_hidden_reason"])
        audit_record(
            actor=actor,
            action="support_comment_hide",
            instance=current,
            changes={
                "initiative": initiative.reference,
                "comment": text_facts(current.comment),
                "reason": text_facts(reason),
            },
        )
        if current.email and current.confirmed_at is not None:
            _send(
                to=current.email,
                language=current.language,
                initiative=initiative,
                what=COMMENT_HIDDEN,
                reason=reason,
                key=f"im:comment:{current.pk}",
            )
    supporter.comment_hidden_at = current.comment_hidden_at
    supporter.comment_hidden_reason = reason
    return current


def _tell_initiator(
    initiative: Initiative, what: str, *, reason: str, at, changed: list[str] = ()
) -> None:
    """The initiator hears of every moderation of their idea, whether or not they asked for
    updates: it is about their own words. Nobody to tell once retention removed the address."""
    if not initiative.initiator_email:
        return
    _send(
        to=initiative.initiator_email,
        language=initiative.language,
        initiative=initiative,
        what=what,
        reason=reason,
        changed=changed,
        # One email per moderation, also when the outbox is asked twice.
        key=f"im:{what}:{initiative.pk}:{at.timestamp():.6f}",
    )


def _send(
    *,
    to: str,
    language: str,
    initiative: Initiative,
    what: str,
    reason: str,
    key: str,
    changed: list[str] = (),
) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "initiative": initiative,
            "what": what,
            "reason": reason,
            "changed": [str(TEXT_LABELS[field]) for field in changed],
            # A hidden idea's page is not there for the public: no link to a 404.
            "page_url": settings.SITE_URL
            + reverse("initiatives:detail", args=[initiative.reference])
            if initiative.is_public
            else "",
        }
        email_enqueue(
            to=to,
            subject=_("Over uw bewonersinitiatief: %(title)s") % {"title": initiative.title}
            if what != COMMENT_HIDDEN
            else _("Over uw reactie bij: %(title)s") % {"title": initiative.title},
            body_text=render_to_string("initiatives/email/moderated.txt", context),
            topic=initiative.reference,
            key=key,
        )
