"""State changes of organisations, users and wijkteams: configuration, by a functional admin or
the system (the demo loader). Each checks its actor and writes its audit row in the same
transaction."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record, field_changes
from wijkteam.areas.models import District
from wijkteam.core.errors import DomainError
from wijkteam.partners.actors import Actor, is_system, is_user, require_actor
from wijkteam.partners.models import (
    Organisation,
    OrganisationKind,
    Role,
    Team,
    TeamFunction,
    TeamMember,
    TeamPartner,
    User,
)


def _require_configuring(actor: Actor) -> None:
    """Organisations, users and wijkteams are configuration: a functional admin's (or the
    system's, loading the demo)."""
    require_actor(actor)
    if is_system(actor):
        return
    if not (is_user(actor) and actor.is_staff and actor.has_module_perms("partners")):
        raise DomainError(
            _("Alleen een functioneel beheerder beheert organisaties, gebruikers en wijkteams.")
        )


def _require_active(organisation: Organisation) -> None:
    if not organisation.is_active:
        raise DomainError(_("Kies een organisatie die nog actief is."), field="organisation")


def _upsert(model, *, actor: Actor, lookup: dict[str, Any], values: dict[str, Any]):
    """Create the record or bring it to ``values``; audit what was created or changed."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model.objects.create(**lookup, **values)
        audit_record(
            actor=actor,
            action="create",
            instance=instance,
            changes=field_changes({}, {k: _plain(v) for k, v in {**lookup, **values}.items()}),
        )
        return instance
    before = {name: _plain(getattr(instance, name)) for name in values}
    changes = field_changes(before, {k: _plain(v) for k, v in values.items()})
    if changes:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save(update_fields=list(values))
        audit_record(actor=actor, action="update", instance=instance, changes=changes)
    return instance


def _plain(value: Any) -> Any:
    return getattr(value, "pk", value)


@transaction.atomic
def organisation_save(
    *,
    actor: Actor,
    name: str,
    kind: OrganisationKind,
    phone: str = "",
    email: str = "",
    website: str = "",
) -> Organisation:
    """Create a partner organisation, or update the one with this name."""
    _require_configuring(actor)
    return _upsert(
        Organisation,
        actor=actor,
        lookup={"name": name},
        values={"kind": kind, "phone": phone, "email": email, "website": website},
    )


@transaction.atomic
def user_save(
    *,
    actor: Actor,
    email: str,
    full_name: str,
    organisation: Organisation,
    role: Role,
    phone: str = "",
    is_demo: bool = False,
) -> User:
    """Create a staff user (without a usable password until one is set or reset), or update the
    user with this email address. Only in an organisation that is still active."""
    _require_configuring(actor)
    _require_active(organisation)
    user = _upsert(
        User,
        actor=actor,
        lookup={"email": email.lower()},
        values={
            "full_name": full_name,
            "organisation": organisation,
            "role": role,
            "phone": phone,
            "is_demo": is_demo,
        },
    )
    if not user.password:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_create(*, actor: Actor, email: str, password: str | None, **fields: Any) -> User:
    """Create a user with this password (None: none usable until one is set through a reset)
    and audit it. Django's ``create_user`` and ``create_superuser`` (``manage.py
    createsuperuser``) do the same, with the system as the actor."""
    return User.objects.create_user(email, password, actor=actor, **fields)


@transaction.atomic
def user_set_password_hash(*, actor: Actor, user: User, password_hash: str) -> None:
    """Store an already computed password hash: only the system, for the demo accounts (the
    demo hashes its one password once). Everyone else sets their own password."""
    require_actor(actor)
    if not is_system(actor):
        raise DomainError(
            _("Een wachtwoord stelt de gebruiker zelf in, met 'Wachtwoord vergeten'.")
        )
    if not user.is_demo:
        raise DomainError(_("Alleen demo-accounts krijgen een wachtwoord van het systeem."))
    if user.password != password_hash:
        user.password = password_hash
        user.save(update_fields=["password"])
        audit_record(actor=actor, action="update", instance=user, changes={"password": "gewijzigd"})


@transaction.atomic
def team_save(
    *,
    actor: Actor,
    district: District,
    description: str = "",
    meeting_schedule: str = "",
    description_en: str = "",
    meeting_schedule_en: str = "",
    phone: str = "",
) -> Team:
    """Create the wijkteam of a wijk, or update its description, meeting line and phone number
    (the ``_en`` texts are their English versions, shown on English pages when filled in)."""
    _require_configuring(actor)
    return _upsert(
        Team,
        actor=actor,
        lookup={"district": district},
        values={
            "description": description,
            "meeting_schedule": meeting_schedule,
            "description_en": description_en,
            "meeting_schedule_en": meeting_schedule_en,
            "phone": phone.strip(),
        },
    )


@transaction.atomic
def team_partner_save(
    *, actor: Actor, team: Team, organisation: Organisation, is_core: bool
) -> TeamPartner:
    """Make an organisation a partner in a wijkteam (core partners respond in the triage); only
    an organisation that is still active."""
    _require_configuring(actor)
    _require_active(organisation)
    return _upsert(
        TeamPartner,
        actor=actor,
        lookup={"team": team, "organisation": organisation},
        values={"is_core": is_core},
    )


@transaction.atomic
def team_member_save(
    *,
    actor: Actor,
    team: Team,
    user: User,
    function: TeamFunction,
    availability: str = "",
    availability_en: str = "",
) -> TeamMember:
    """Add a user to a wijkteam with their function (their organisation becomes a partner);
    ``availability_en`` is the English of when they can be reached. Only an active user of a
    partner organisation."""
    _require_configuring(actor)
    if not user.is_active or user.organisation_id is None:
        raise DomainError(
            _(
                "Alleen een actieve gebruiker van een partnerorganisatie kan lid zijn van een "
                "wijkteam."
            ),
            field="user",
        )
    if (
        user.organisation_id
        and not team.team_partners.filter(organisation_id=user.organisation_id).exists()
    ):
        team_partner_save(actor=actor, team=team, organisation=user.organisation, is_core=False)
    return _upsert(
        TeamMember,
        actor=actor,
        lookup={"team": team, "user": user},
        values={
            "function": function,
            "availability": availability,
            "availability_en": availability_en,
        },
    )
