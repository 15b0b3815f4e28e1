"""A wijk's own rule for initiatives (``DistrictInitiativeSettings``): with how many confirmed
supporters an idea goes to the wijkteam by itself. Set by a functional admin under Beheer, by
the team's wijkmanager or a coordinator, or by the system (the demo)."""

from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.areas.models import District
from wijkteam.cases.access import may_chair
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.initiatives.models import DistrictInitiativeSettings
from wijkteam.partners.actors import Actor, is_system, require_actor
from wijkteam.partners.models import Team

THRESHOLD_MAX = 100_000


def threshold_check(threshold: int | None) -> None:
    """Refuse a threshold no wijk could mean: at least 1 (empty: only by hand), at most
    ``THRESHOLD_MAX``."""
    if threshold is not None and not 1 <= threshold <= THRESHOLD_MAX:
        raise DomainError(
            _(
                "Vul een aantal steunbetuigingen in van 1 tot en met %(max)s, of laat het leeg "
                "als ideeën alleen met de hand naar het wijkteam gaan."
            )
            % {"max": f"{THRESHOLD_MAX:,}".replace(",", ".")},
            field="support_threshold",
        )


def _may_set(actor: Actor, district: District) -> bool:
    if is_system(actor):
        return True
    if (
        actor.is_active
        and actor.is_staff
        and actor.has_perm("initiatives.change_districtinitiativesettings")
    ):
        return True  # a functional admin, under Beheer
    team = Team.objects.filter(district=district).first()
    return team is not None and may_chair(actor, team)


def district_threshold_set(
    *, actor: Actor, district: District, threshold: int | None
) -> DistrictInitiativeSettings:
    """Set the wijk's support threshold (None: ideas go to the team only by hand), creating its
    settings when it has none; audited with the old and the new value. Ideas that have enough
    support already are not moved by this: the next support, or the team, moves them."""
    require_actor(actor)
    if not _may_set(actor, district):
        raise forbidden(
            _(
                "Alleen een functioneel beheerder, de wijkmanager van het wijkteam of een "
                "coördinator stelt de steundrempel in."
            )
        )
    threshold_check(threshold)
    with transaction.atomic():
        settings, created = DistrictInitiativeSettings.objects.select_for_update().get_or_create(
            district=district, defaults={"support_threshold": threshold}
        )
        before = None if created else settings.support_threshold
        if not created and before == threshold:
            return settings
        settings.support_threshold = threshold
        settings.save(update_fields=["support_threshold"])
        audit_record(
            actor=actor,
            action="create" if created else "update",
            instance=settings,
            changes={"district": district.pk, "support_threshold": [before, threshold]},
        )
    return settings
