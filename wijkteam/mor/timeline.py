"""What the forwarding writes on the case (a line on its timeline, for everyone who sees its
details) and whom it tells: the lead's members, and the functional admins when a person has to
look in Beheer."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.cases.models import CaseEventKind
from wijkteam.cases.steps import case_event, case_notify
from wijkteam.core.translation import Message, in_default_language
from wijkteam.mor.models import Forwarding, ForwardingState
from wijkteam.notifications.services import notify_users
from wijkteam.partners.actors import SYSTEM, Actor
from wijkteam.partners.models import ADMIN_ROLES, User


def forwarding_line(forwarding: Forwarding, text: Message, *, actor: Actor = SYSTEM) -> None:
    """A line on the forwarded case's timeline (inside the step's transaction)."""
    with in_default_language():
        case_event(forwarding.case, actor, CaseEventKind.STATUS, text)


def gemeente_name(forwarding: Forwarding) -> str:
    return forwarding.connection.organisation.name


def failure_told(forwarding: Forwarding, reason: Message) -> None:
    """The forwarding failed and waits for a person: a line on the case, the lead's members and
    the functional admins told (after commit)."""
    forwarding_line(
        forwarding,
        Message(
            gettext_noop(
                "Doorsturen naar het MOR-systeem van %(organisation)s is mislukt: %(reason)s. "
                "Functioneel beheer kan het opnieuw proberen."
            ),
            organisation=gemeente_name(forwarding),
            reason=reason,
        ),
    )
    case = forwarding.case
    with in_default_language():
        subject = _("Doorsturen naar het MOR-systeem mislukt: %(case)s") % {"case": case.reference}
        admin_body = _(
            "Casus %(case)s kon niet naar het MOR-systeem van %(organisation)s: %(reason)s. "
            "Kijk bij Doorgestuurde casussen in Beheer."
        ) % {"case": case.reference, "organisation": gemeente_name(forwarding), "reason": reason}
    if case.lead_id:
        case_notify(case, {case.lead_id}, subject)
    admins = User.objects.filter(role__in=ADMIN_ROLES, is_active=True)
    link = reverse("admin:mor_forwarding_changelist") + f"?state__exact={ForwardingState.FAILED}"
    notify_users(users=admins, subject=subject, body=admin_body, link=link)
