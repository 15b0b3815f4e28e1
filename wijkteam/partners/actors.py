"""Who acts in a service: a staff member (a User), or the system itself (a background task, the
demo loader, a resident's own report, which has no account). Services take ``actor: Actor`` and
check by themselves what this actor may do; the system passes ``SYSTEM``, never None, so that a
caller who forgot to say who acts is refused instead of being taken for the system."""

from typing import TypeAlias

from wijkteam.partners.models import User


class SystemActor:
    """The system as an actor: it has no organisation, no role and no team, and the audit trail
    writes it as "systeem". One instance, ``SYSTEM``."""

    is_system = True
    is_authenticated = False
    is_active = True
    pk = None
    organisation_id = None
    organisation = None
    role = ""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()

Actor: TypeAlias = User | SystemActor


def is_system(actor: object) -> bool:
    return actor is SYSTEM


def is_user(actor: object) -> bool:
    """A staff member's account (active or not: the service checks what it may do)."""
    return isinstance(actor, User)
