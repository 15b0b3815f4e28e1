"""Who may change a case: the checks every service of the cases app makes by itself, so that a
view, an endpoint or a task that forgot one is still refused (STYLE, "Access and audit").

The rules are the predicates of ``cases.access``, the same ones the pages use to decide which
forms to show; here they become a ``DomainError`` with ``code=FORBIDDEN`` and a message a page
can show. Whether the record's *state* allows the change is checked by each service next to the
change itself."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from wijkteam.cases.access import may_handle, may_work_cases
from wijkteam.cases.models import Case
from wijkteam.cases.visibility import case_access
from wijkteam.core.errors import FORBIDDEN, DomainError, forbidden  # noqa: F401
from wijkteam.partners.access import in_team, viewer_of
from wijkteam.partners.actors import NO_ACTOR, Actor, is_system, is_user, require_actor  # noqa: F401
from wijkteam.partners.models import User


def require_system(actor: Actor) -> None:
    """What only the system does: passing a proposal's deadline, the sweep that closes handled
    cases."""
    require_actor(actor)
    if not is_system(actor):
        raise forbidden(_("Dit doet Wijkteam zelf, niet een medewerker."))


def require_worker(actor: Actor) -> User:
    """A staff member who may change cases: active, in an organisation, not read-only. Not the
    system: what a person does through a page, the system does not do in their place."""
    require_actor(actor)
    if is_system(actor):
        raise forbidden(_("Dit doet een medewerker, niet het systeem."))
    if not may_work_cases(actor):
        raise forbidden(_("Met uw account kunt u casussen niet wijzigen."))
    return actor


def _in_team(actor: Actor, case: Case) -> User:
    user = require_worker(actor)
    if not in_team(user, case.team_id):
        raise forbidden(_("Alleen leden van het wijkteam kunnen dit doen."))
    return user


def require_team_worker(actor: Actor, case: Case) -> User:
    """A worker in the case's wijkteam (or overseeing all teams) who may know the case exists."""
    user = _in_team(actor, case)
    if case_access(viewer_of(user), case) is None:
        raise forbidden(
            _("Casus %(case)s bestaat niet of u kunt hem niet zien.") % {"case": case.reference}
        )
    return user


def require_details(actor: Actor, case: Case) -> User:
    """A worker in the case's wijkteam who sees the case's details (DESIGN §6)."""
    user = _in_team(actor, case)
    _require_sees(user, case)
    return user


def require_sees_details(actor: Actor, case: Case) -> User:
    """A worker who sees the case's details, in its wijkteam or not (the owner of an action
    may work in another wijk)."""
    user = require_worker(actor)
    _require_sees(user, case)
    return user


def _require_sees(user: User, case: Case) -> None:
    access = case_access(viewer_of(user), case)
    if access is None or not access.details:
        raise forbidden(
            _("U kunt de inhoud van casus %(case)s niet zien.") % {"case": case.reference}
        )


def require_lead(
    actor: Actor, case: Case, *, rule: Callable[[User, Case], bool] = may_handle
) -> User:
    """A member of the lead organisation in the case's team, or the chair, as ``rule`` says
    (``may_handle``, ``may_close`` or ``may_reopen``). Those rules also ask the case's status:
    the caller checks that first, so that what is refused here is who acts."""
    user = require_worker(actor)
    if not rule(user, case):
        raise forbidden(
            _("Alleen de eerste reactie of de voorzitter van het wijkteam behandelt deze casus.")
        )
    return user
