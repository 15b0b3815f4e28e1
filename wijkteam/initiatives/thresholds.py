"""A wijk's support threshold (``DistrictInitiativeSettings``): with this many confirmed
supporters an idea goes to the wijkteam by itself (the system takes the step IDEA → TEAM
through ``initiative_stage_set``). Set by the team's wijkmanager or a coordinator on the team's
list of initiatives, by a functional admin under Beheer, or by the system (the demo)."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.areas.models import District
from wijkteam.cases.access import may_chair
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.initiatives.access import public_initiatives, support_counts
from wijkteam.initiatives.models import DistrictInitiativeSettings, Initiative, Stage
from wijkteam.initiatives.stages import initiative_stage_set
from wijkteam.partners.actors import SYSTEM, Actor, is_system, require_actor
from wijkteam.partners.models import Team

THRESHOLD_MAX = 100_000


def support_threshold(district_id: int | None) -> int | None:
    """The wijk's threshold, or None when ideas go to the team by hand only."""
    if district_id is None:
        return None
    return (
        DistrictInitiativeSettings.objects.filter(district_id=district_id)
        .values_list("support_threshold", flat=True)
        .first()
    )


def support_threshold_reached(initiative: Initiative) -> bool:
    """Whether the initiative has as many confirmed supporters as its wijk's threshold asks."""
    threshold = support_threshold(initiative.district_id)
    if not threshold:
        return False
    total, _in_wijk = support_counts(initiative)
    return total >= threshold


def ideas_past_threshold(district_id: int, threshold: int) -> list[Initiative]:
    """The wijk's public ideas (still *idee*) with at least ``threshold`` confirmed
    supporters."""
    return list(
        public_initiatives()
        .filter(district_id=district_id, stage=Stage.IDEA)
        .annotate(confirmed=Count("supporters", filter=Q(supporters__confirmed_at__isnull=False)))
        .filter(confirmed__gte=threshold)
        .order_by("created_at", "id")
    )


def threshold_check(threshold: int | None) -> None:
    """Refuse a threshold no wijk could mean: at least 1 (empty: only by hand), at most
    ``THRESHOLD_MAX``."""
    if threshold is not None and not 1 <= threshold <= THRESHOLD_MAX:
        raise DomainError(
            _("Vul een aantal in van 1 tot %(max)s, of laat het veld leeg.")
            % {"max": f"{THRESHOLD_MAX:,}".replace(",", ".")},
            field="support_threshold",
        )


def may_set_threshold(actor: Actor, district: District) -> bool:
    """The system, a functional admin (under Beheer), or the team's wijkmanager or a
    coordinator."""
    if is_system(actor):
        return True
    if (
        actor.is_active
        and actor.is_staff
        and actor.has_perm("initiatives.change_districtinitiativesettings")
    ):
        return True
    team = Team.objects.filter(district=district).first()
    return team is not None and may_chair(actor, team)


def district_threshold_set(
    *, actor: Actor, district: District, threshold: int | None
) -> tuple[DistrictInitiativeSettings, int]:
    """Set (or with None: switch off) the wijk's support threshold, creating its settings when
    it has none; audited with the old and the new value. Ideas that already have that much
    support go to the team at once, as they would have with their last supporter. Returns the
    settings and how many ideas went to the team."""
    require_actor(actor)
    if not may_set_threshold(actor, district):
        raise forbidden(
            _(
                "Alleen de wijkmanager van het wijkteam, een coördinator of een functioneel "
                "beheerder stelt de steundrempel in."
            )
        )
    threshold_check(threshold)
    moved = 0
    with transaction.atomic():
        row, created = DistrictInitiativeSettings.objects.select_for_update().get_or_create(
            district=district
        )
        before = row.support_threshold
        if before == threshold and not created:
            return row, 0
        row.support_threshold = threshold
        row.save(update_fields=["support_threshold"])
        audit_record(
            actor=actor,
            action="initiative_threshold",
            instance=row,
            changes={"district": district.pk, "support_threshold": [before, threshold]},
        )
        if threshold is not None:
            for idea in ideas_past_threshold(district.pk, threshold):
                initiative_stage_set(actor=SYSTEM, initiative=idea, stage=Stage.TEAM)
                moved += 1
    return row, moved
