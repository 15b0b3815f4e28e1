"""Who acts in a service: a staff member (a User), or the system itself (a background task, the
demo loader, a resident's own report, which has no account). Services take ``actor: Actor`` and
check by themselves what this actor may do; the system passes ``SYSTEM``, never None, so that a
caller who forgot to say who acts is refused instead of being taken for the system."""

from typing import TypeAlias, TypeGuard

from django.utils.translation import gettext as _

from wijkteam.core.actors import SYSTEM, SystemActor, is_system
from wijkteam.core.errors import DomainError
from wijkteam.partners.models import User

__all__ = ["SYSTEM", "Actor", "SystemActor", "is_system", "is_user", "require_actor"]

Actor: TypeAlias = User | SystemActor


def is_user(actor: object) -> TypeGuard[User]:
    """A staff member's account (active or not: the service checks what it may do)."""
    return isinstance(actor, User)


NO_ACTOR = "no_actor"


def require_actor(actor: object) -> None:
    """Refuse a caller that did not say who acts (None, or anything but a User or SYSTEM)."""
    if not (is_system(actor) or is_user(actor)):
        raise DomainError(
            _("Niet bekend wie deze wijziging doet; er is niets gewijzigd."), code=NO_ACTOR
        )
