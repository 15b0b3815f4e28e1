"""Making and revoking API clients (functional admins, in Beheer), and the bookkeeping of their
use. Each checks its actor and writes its audit rows in the same transaction; the key itself is
never stored or audited, only its prefix and the hash of its secret."""

import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.api.models import ApiClient
from wijkteam.api.scopes import Scope
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.core.keys import key_new
from wijkteam.partners.actors import Actor, is_system, is_user, require_actor
from wijkteam.partners.models import (
    Organisation,
    OrganisationKind,
    Role,
    Team,
    TeamFunction,
    TeamPartner,
)
from wijkteam.partners.services import team_member_save, user_create

# The roles an API client's account may have: a worker's (reads and acts like a member of its
# organisation), a reader's (reads only), or a corporation's rent administration (its arrears
# in every wijk).
ACCOUNT_ROLES = (Role.MEDEWERKER, Role.LEZER, Role.HUURADMINISTRATIE)
# How often the moment a client was last used is written: not on every call.
USED_EVERY = timedelta(minutes=1)
MAX_RATE_LIMIT = 100_000


def _require_admin(actor: Actor, permission: str) -> None:
    """Only a functional admin with the admin's permission on API clients (or the system)."""
    require_actor(actor)
    if is_system(actor):
        return
    if not (is_user(actor) and actor.is_active and actor.is_staff and actor.has_perm(permission)):
        raise forbidden(_("Alleen een functioneel beheerder beheert de API-koppelingen."))


def api_client_check(
    *,
    name: str,
    organisation: Organisation,
    role: str,
    teams: list[Team],
    scopes: list[str],
    rate_limit_per_minute: int,
) -> None:
    """Refuse (DomainError, with the field) a client that cannot be made: for the form to say
    before anything is made, and for the service itself."""
    if not name.strip():
        raise DomainError(_("Geef de koppeling een naam."), field="name")
    if not organisation.is_active:
        raise DomainError(_("Kies een organisatie die nog actief is."), field="organisation")
    if role not in ACCOUNT_ROLES:
        raise DomainError(_("Kies een rol voor de koppeling."), field="role")
    if role == Role.HUURADMINISTRATIE and organisation.kind != OrganisationKind.CORPORATIE:
        raise DomainError(
            _("Alleen een woningcorporatie heeft een huuradministratie."), field="role"
        )
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise DomainError(_("Onbekende scope: %(scope)s.") % {"scope": sorted(unknown)[0]})
    partner_of = set(
        TeamPartner.objects.filter(organisation=organisation).values_list("team_id", flat=True)
    )
    outside = [team for team in teams if team.pk not in partner_of]
    if outside:
        raise DomainError(
            _("%(organisation)s is geen partner in %(team)s.")
            % {"organisation": organisation.name, "team": outside[0]},
            field="teams",
        )
    if not 1 <= rate_limit_per_minute <= MAX_RATE_LIMIT:
        raise DomainError(
            _("Kies een aantal verzoeken per minuut van 1 tot en met %(max)s.")
            % {"max": MAX_RATE_LIMIT},
            field="rate_limit_per_minute",
        )


@transaction.atomic
def api_client_create(
    *,
    actor: Actor,
    name: str,
    organisation: Organisation,
    scopes: Iterable[str],
    rate_limit_per_minute: int,
    role: str = Role.MEDEWERKER,
    teams: Iterable[Team] = (),
) -> tuple[ApiClient, str]:
    """Make an API client for ``organisation`` with its own account: a user of that
    organisation with ``role`` and a place (function *Koppeling*) in each of ``teams``, all
    wijkteams where the organisation is a partner. The account never logs in, is never
    notified and is in no list of people; it is what the API's calls act as. Returns the client
    and its key, to show once: only a hash of it is kept."""
    _require_admin(actor, "api.add_apiclient")
    teams, scopes = list(teams), sorted(set(scopes))
    api_client_check(
        name=name,
        organisation=organisation,
        role=role,
        teams=teams,
        scopes=scopes,
        rate_limit_per_minute=rate_limit_per_minute,
    )
    new = key_new()
    account = user_create(
        actor=actor,
        # Nobody's mailbox: the reserved top-level domain .invalid never delivers.
        email=f"koppeling-{uuid.uuid4().hex}@api.invalid",
        password=None,
        full_name=_("Koppeling: %(name)s") % {"name": name.strip()},
        organisation=organisation,
        role=role,
        is_api_account=True,
    )
    for team in teams:
        team_member_save(actor=actor, team=team, user=account, function=TeamFunction.KOPPELING)
    client = ApiClient.objects.create(
        name=name.strip(),
        organisation=organisation,
        account=account,
        scopes=scopes,
        key_prefix=new.prefix,
        key_hash=new.hashed,
        rate_limit_per_minute=rate_limit_per_minute,
        created_by=actor if is_user(actor) else None,
    )
    audit_record(
        actor=actor,
        action="create",
        instance=client,
        changes={
            "name": client.name,
            "organisation": organisation.pk,
            "account": account.pk,
            "role": role,
            "teams": sorted(team.pk for team in teams),
            "scopes": scopes,
            "rate_limit_per_minute": rate_limit_per_minute,
            "key_prefix": new.prefix,
        },
    )
    return client, new.key


@transaction.atomic
def api_client_revoke(*, actor: Actor, client: ApiClient) -> ApiClient:
    """Revoke a client for good: its key stops working at once and its account is switched
    off (the account stays, so that what it did keeps its name in timelines and the audit
    trail)."""
    _require_admin(actor, "api.change_apiclient")
    client = (
        ApiClient.objects.select_for_update(of=("self", "account"))
        .select_related("account")
        .get(pk=client.pk)
    )
    if client.revoked_at is not None:
        raise DomainError(_("Deze koppeling is al ingetrokken."))
    now = timezone.now()
    client.revoked_at = now
    client.revoked_by = actor if is_user(actor) else None
    client.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(actor=actor, action="revoke", instance=client, changes={"revoked_at": str(now)})
    account = client.account
    if account.is_active:
        account.is_active = False
        account.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action="update", instance=account, changes={"is_active": [True, False]}
        )
    return client


def api_client_used(*, client: ApiClient) -> None:
    """Note that the client was used now, at most once a minute (not a write per call).
    Bookkeeping for the admins, not a change of the client: not audited."""
    now = timezone.now()
    if client.last_used_at is not None and now - client.last_used_at < USED_EVERY:
        return
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    client.last_used_at = now
