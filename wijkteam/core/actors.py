"""The system as an actor, for every app: a background task, the demo loader, a resident's own
report (a resident has no account). Staff act as themselves (a ``partners.User``); the type of
an actor is ``partners.actors.Actor``. It lives here, below every app, so that the apps below
``partners`` (access, notifications) can tell the system from a person too."""


class SystemActor:
    """The system as an actor: it has no organisation, no role and no team, and the audit trail
    writes it as "systeem". One instance, ``SYSTEM``."""

    is_system = True
    is_authenticated = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    organisation_id = None
    organisation = None
    role = ""

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return False

    def has_module_perms(self, app_label: str) -> bool:
        return False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def is_system(actor: object) -> bool:
    return actor is SYSTEM
