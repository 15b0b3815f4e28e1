"""Residents support an initiative: one support per confirmed email address per initiative.

Supporting takes no account: the resident leaves an email address and confirms by the link we
send there. The page after the request answers the same whether or not that address supports
the initiative already (who supports what is not for anyone else to find out); the email
tells the owner of the address. An optional postcode and house number say whether the
supporter lives in the initiative's wijk, checked through the address service; the public page
shows how many supporters there are and how many of them from the wijk, never who."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.core.followups import follow_up
from wijkteam.core.tokens import hash_token
from wijkteam.initiatives.models import (
    Initiative,
    Stage,
    Supporter,
    WijkCheck,
)
from wijkteam.initiatives.proposals import LinkRefused, confirm_days
from wijkteam.initiatives.stages import initiative_stage_set, lock_initiative
from wijkteam.initiatives.thresholds import support_threshold_reached
from wijkteam.notifications.services import email_enqueue
from wijkteam.partners.actors import SYSTEM, Actor, require_actor
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import LocationStatus

COMMENT_MAX = 500
# LinkRefused's code for a link to an initiative that ended or is no longer public.
CLOSED = "closed"


@dataclass(frozen=True)
class SupportInput:
    """What the support form collected (the address, if any, comes resolved)."""

    email: str
    comment: str = ""
    wants_updates: bool = False
    language: str = ""


def wijk_check_of(*, initiative: Initiative, address: ResolvedLocation | None) -> str:
    """Whether the supporter's address lies in the initiative's wijk: not given, in the wijk,
    outside it, or not checked (the address service was out of reach and the register does not
    know the address)."""
    if address is None:
        return WijkCheck.NOT_GIVEN
    if address.status == LocationStatus.NEEDS_REVIEW:
        return WijkCheck.UNVERIFIED
    if address.district_id is not None and address.district_id == initiative.district_id:
        return WijkCheck.IN_WIJK
    return WijkCheck.OUTSIDE


def require_open_for_support(initiative: Initiative) -> None:
    """Support is for public initiatives that have not ended."""
    if not initiative.is_public:
        raise DomainError(_("Dit initiatief staat niet op de website."), code=CLOSED)
    if initiative.has_ended:
        raise DomainError(_("Dit initiatief is afgerond; steunen kan niet meer."), code=CLOSED)


def support_request(
    *,
    actor: Actor,
    initiative: Initiative,
    support: SupportInput,
    address: ResolvedLocation | None = None,
    at: datetime | None = None,
) -> str | None:
    """Ask for a resident's support: an unconfirmed support is made (or, asked again, brought
    up to date with a new link) and the email with its confirmation link queued. When the
    address supports it already, nothing changes and the email says so. Returns the token of
    the link sent (None when the address supported already), for a caller that confirms on the
    resident's behalf (the demo); a page answers the same either way. ``at``: when it was
    asked, if not now."""
    require_actor(actor)
    email = support.email.strip().lower()
    if not email:
        raise DomainError(
            _("Vul uw e-mailadres in: daarop ontvangt u de link om uw steun te bevestigen."),
            field="email",
        )
    comment = support.comment.strip()
    if len(comment) > COMMENT_MAX:
        raise DomainError(
            _("Houd uw reactie korter dan %(max)s tekens.") % {"max": COMMENT_MAX},
            field="comment",
        )
    check = wijk_check_of(initiative=initiative, address=address)
    with transaction.atomic():
        # One request at a time per initiative: two at once for the same address would both
        # find no support yet and the second would fail on the one-per-address constraint.
        current = lock_initiative(initiative.pk)
        require_open_for_support(current)
        supporter = Supporter.objects.filter(initiative=current, email=email).first()
        if supporter is not None and supporter.confirmed_at is not None:
            # Nothing changes without the address's own confirmation; its owner hears it.
            follow_up(
                send_support_email,
                supporter_id=supporter.pk,
                token="",
                key=f"support-already:{supporter.pk}:{secrets.token_hex(8)}",
            )
            return None
        token = secrets.token_urlsafe(32)
        fields = {
            "postcode": address.postcode if address else "",
            "house_number": address.house_number if address else None,
            "house_number_addition": (address.house_number_addition if address else "")[:10],
            "wijk_check": check,
            "comment": comment,
            "wants_updates": support.wants_updates,
            "language": support.language or translation.get_language() or "",
            "confirm_token_hash": hash_token(token),
            # The link works for ``confirm_days`` from its request: a new request starts anew.
            "created_at": at or timezone.now(),
        }
        refreshed = supporter is not None
        if supporter is None:
            supporter = Supporter.objects.create(initiative=current, email=email, **fields)
        else:
            for name, value in fields.items():
                setattr(supporter, name, value)
            supporter.save(update_fields=list(fields))
        audit_record(
            actor=actor,
            action="supporter_request",
            instance=supporter,
            changes={
                "initiative": current.pk,
                "wijk_check": check,
                "comment_length": len(comment),
                "wants_updates": support.wants_updates,
                "refreshed": refreshed,
            },
        )
        follow_up(
            send_support_email,
            supporter_id=supporter.pk,
            token=token,
            key=f"support-confirm:{supporter.pk}:{hash_token(token)[:16]}",
        )
    return token


@task()
def send_support_email(*, supporter_id: int, token: str, key: str) -> None:
    """Queued by ``support_request``: the confirmation link (``token``), or with no token the
    word that this address supports the initiative already. Safe to run twice (``key``)."""
    supporter = Supporter.objects.select_related("initiative").filter(pk=supporter_id).first()
    if supporter is None or not supporter.email:
        return
    initiative = supporter.initiative
    page_url = settings.SITE_URL + reverse("initiatives:detail", args=[initiative.reference])
    if token:
        if supporter.confirmed_at is not None or supporter.confirm_token_hash != hash_token(token):
            return  # confirmed meanwhile, or a newer request sent a newer link
        template = "initiatives/email/confirm_support.txt"
        subject = _("Bevestig uw steun: %(title)s")
    else:
        template = "initiatives/email/support_already.txt"
        subject = _("U steunt dit initiatief al: %(title)s")
    context = {
        "initiative": initiative,
        "confirm_url": (
            settings.SITE_URL + reverse("initiatives:support_confirm", args=[token])
            if token
            else ""
        ),
        "page_url": page_url,
        "days": confirm_days(),
        "comment": supporter.comment,
    }
    with translation.override(supporter.language or settings.LANGUAGE_CODE):
        email_enqueue(
            to=supporter.email,
            subject=subject % {"title": initiative.title},
            body_text=render_to_string(template, context),
            topic=initiative.reference,
            key=key,
        )


def supporter_by_link(token: str) -> Supporter | None:
    """The support a confirmation link is for (confirmed or not), or None."""
    if not token:
        return None
    return (
        Supporter.objects.select_related("initiative")
        .filter(confirm_token_hash=hash_token(token))
        .exclude(confirm_token_hash="")
        .first()
    )


def link_expired(created_at, now=None) -> bool:
    """Whether a confirmation link made at ``created_at`` stopped working."""
    return created_at + timedelta(days=confirm_days()) < (now or timezone.now())


def support_confirm(*, token: str, now=None) -> tuple[Supporter, bool]:
    """Confirm the support whose link this is: from now on it counts. Returns the supporter
    and whether this call confirmed it (False: confirmed before, by this same link). An idea
    that reaches its wijk's support threshold goes to the wijkteam in the same transaction.

    Raises ``LinkRefused`` for a link we never sent (code ``unknown``), an expired one
    (``expired``) and one for an initiative that ended or is no longer public (``closed``)."""
    now = now or timezone.now()
    found = supporter_by_link(token)
    if found is None:
        raise _unknown()
    with transaction.atomic():
        # The initiative first, as a support request locks it: the two never wait for each
        # other the other way round. Then the support, as it is now.
        initiative = lock_initiative(found.initiative_id)
        supporter = Supporter.objects.select_for_update().get(pk=found.pk)
        if supporter.confirm_token_hash != hash_token(token):
            raise _unknown()  # a newer request replaced this link
        if supporter.confirmed_at is not None:
            supporter.initiative = initiative
            return supporter, False
        if link_expired(supporter.created_at, now):
            raise LinkRefused(
                _(
                    "Deze link is verlopen: hij werkt %(days)s dagen. Vraag op de pagina van "
                    "het initiatief opnieuw om uw steun te bevestigen; wij sturen dan een "
                    "nieuwe link."
                )
                % {"days": confirm_days()},
                code="expired",
            )
        try:
            require_open_for_support(initiative)
        except DomainError as error:
            raise LinkRefused(error.message, code=CLOSED) from error
        supporter.confirmed_at = now
        supporter.save(update_fields=["confirmed_at"])
        supporter.initiative = initiative
        audit_record(
            # The supporter has no account; the system acts on their confirmed link.
            actor=SYSTEM,
            action="supporter_confirm",
            instance=supporter,
            changes={"initiative": initiative.pk, "confirmed_at": now.isoformat()},
        )
        if initiative.stage == Stage.IDEA and support_threshold_reached(initiative):
            initiative_stage_set(actor=SYSTEM, initiative=initiative, stage=Stage.TEAM, at=now)
    return supporter, True


def _unknown() -> LinkRefused:
    return LinkRefused(
        _("Deze link kennen we niet. Kijk of u de hele link uit de e-mail heeft gebruikt."),
        code="unknown",
    )
