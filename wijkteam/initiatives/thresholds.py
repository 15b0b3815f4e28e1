"""A wijk's support threshold: with this many confirmed supporters an idea goes to the wijkteam
by itself (the system takes the step IDEA → TEAM through ``initiative_stage_set``)."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.cases.access import may_chair
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.initiatives.access import public_initiatives
from wijkteam.initiatives.models import DistrictInitiativeSettings, Initiative, Stage
from wijkteam.initiatives.plans import require_person
from wijkteam.initiatives.stages import initiative_stage_set
from wijkteam.partners.actors import SYSTEM, Actor
from wijkteam.partners.models import Team

THRESHOLD_MAX = 100_000


def support_threshold(district_id: int) -> int | None:
    return (
        DistrictInitiativeSettings.objects.filter(district_id=district_id)
        .values_list("support_threshold", flat=True)
        .first()
    )


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


def threshold_set(
    *, actor: Actor, team: Team, threshold: int | None
) -> tuple[DistrictInitiativeSettings, int]:
    """Set (or with None: switch off) the support threshold of the team's wijk: the team's
    wijkmanager or a coordinator. Ideas that already have that much support go to the team at
    once, as they would have with their last supporter. Returns the settings and how many
    ideas went to the team."""
    user = require_person(actor)
    if not may_chair(user, team):
        raise forbidden(
            _("Alleen de wijkmanager van het wijkteam of een coördinator stelt de drempel in.")
        )
    if threshold is not None and not 1 <= threshold <= THRESHOLD_MAX:
        raise DomainError(
            _("Vul een aantal in van 1 tot %(max)s, of laat het veld leeg.")
            % {"max": f"{THRESHOLD_MAX:,}".replace(",", ".")},
            field="support_threshold",
        )
    moved = 0
    with transaction.atomic():
        row, _created = DistrictInitiativeSettings.objects.select_for_update().get_or_create(
            district_id=team.district_id
        )
        before = row.support_threshold
        if before == threshold:
            return row, 0
        row.support_threshold = threshold
        row.save(update_fields=["support_threshold"])
        audit_record(
            actor=actor,
            action="initiative_threshold",
            instance=row,
            changes={"support_threshold": [before, threshold]},
        )
        if threshold is not None:
            for idea in ideas_past_threshold(team.district_id, threshold):
                initiative_stage_set(actor=SYSTEM, initiative=idea, stage=Stage.TEAM)
                moved += 1
    return row, moved
