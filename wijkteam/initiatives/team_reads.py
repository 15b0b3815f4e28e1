"""Reads of the team side: a wijkteam's initiatives for its list, and what an initiative's
staff page shows. Every read starts from a team or an initiative the access functions
(access.py) already gave this user."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from wijkteam.areas.boundaries import without_boundaries
from wijkteam.initiatives.access import may_see_team_initiatives, team_initiatives
from wijkteam.initiatives.models import (
    ENDED_STAGES,
    Contribution,
    Initiative,
    InitiativeComment,
    InitiativePhoto,
    Milestone,
    Stage,
    Supporter,
    WijkCheck,
)
from wijkteam.partners.access import teams_for_user
from wijkteam.partners.models import Team, User

# The list's filter: the default shows what is still going on.
RUNNING = ""
ALL = "alle"
# The list's orders.
NEWEST = ""
MOST_SUPPORTED = "steun"
STAGE_CHANGED = "fase"


def team_for_initiatives(user: User, district_code: str) -> Team:
    """The wijkteam whose initiatives the user may see (its members, a coordinator), or 404."""
    team = teams_for_user(user).filter(district__code=district_code).first()
    if team is None or not may_see_team_initiatives(user, team.pk):
        raise Http404
    return team


def _confirmed_supporters(**extra) -> Q:
    return Q(supporters__confirmed_at__isnull=False, **extra)


def team_initiative_rows(team: Team, *, stage: str = RUNNING, order: str = NEWEST) -> QuerySet:
    """The team's confirmed initiatives with their supporters counted in the same query.
    ``stage``: one stage, ``ALL``, or ``RUNNING`` (those not ended)."""
    rows = without_boundaries(team_initiatives(team).select_related("neighbourhood")).annotate(
        supporter_count=Count("supporters", filter=_confirmed_supporters()),
        in_wijk_count=Count(
            "supporters", filter=_confirmed_supporters(supporters__wijk_check=WijkCheck.IN_WIJK)
        ),
    )
    if stage == RUNNING:
        rows = rows.exclude(stage__in=ENDED_STAGES)
    elif stage != ALL:
        rows = rows.filter(stage=stage)
    if order == MOST_SUPPORTED:
        return rows.order_by("-supporter_count", "-created_at", "-id")
    if order == STAGE_CHANGED:
        return rows.order_by("-stage_changed_at", "-id")
    return rows.order_by("-created_at", "-id")


def stage_counts(team: Team) -> dict[str, int]:
    """How many of the team's initiatives are in each stage (one query)."""
    counts = dict.fromkeys(Stage.values, 0)
    for row in team_initiatives(team).values("stage").annotate(n=Count("id")).order_by():
        counts[row["stage"]] = row["n"]
    return counts


def waiting_for_team(district_id: int) -> dict[str, int]:
    """For the team page: ideas with the team (waiting for its decision) and new ideas still
    gathering support (one query)."""
    return Initiative.objects.filter(district_id=district_id, confirmed_at__isnull=False).aggregate(
        team=Count("id", filter=Q(stage=Stage.TEAM)),
        ideas=Count("id", filter=Q(stage=Stage.IDEA)),
    )


@dataclass(frozen=True)
class SupportFigures:
    total: int
    in_wijk: int
    unverified: int
    outside: int


def support_figures(initiative: Initiative) -> SupportFigures:
    counts = Supporter.objects.filter(initiative=initiative, confirmed_at__isnull=False).aggregate(
        total=Count("id"),
        in_wijk=Count("id", filter=Q(wijk_check=WijkCheck.IN_WIJK)),
        unverified=Count("id", filter=Q(wijk_check=WijkCheck.UNVERIFIED)),
        outside=Count("id", filter=Q(wijk_check=WijkCheck.OUTSIDE)),
    )
    return SupportFigures(**counts)


def support_comments(initiative: Initiative) -> QuerySet[Supporter]:
    """Confirmed supporters' words of support, newest first (hidden ones too: the team sees
    them, marked)."""
    return (
        Supporter.objects.filter(initiative=initiative, confirmed_at__isnull=False)
        .exclude(comment="")
        .only(
            "pk",
            "initiative_id",
            "comment",
            "comment_hidden_at",
            "comment_hidden_reason",
            "wijk_check",
            "confirmed_at",
        )
        .order_by("-confirmed_at", "-id")
    )


def idea_photos(initiative: Initiative) -> list[InitiativePhoto]:
    return list(initiative.photos.filter(milestone__isnull=True).order_by("created_at", "id"))


def milestones_of(initiative: Initiative) -> list[Milestone]:
    return list(
        initiative.milestones.prefetch_related(
            Prefetch("photos", queryset=InitiativePhoto.objects.order_by("created_at", "id"))
        ).order_by("happened_on", "id")
    )


def contributions_of(initiative: Initiative) -> list[Contribution]:
    return list(
        initiative.contributions.select_related("organisation").order_by("promised_on", "id")
    )


def remarks_of(initiative: Initiative) -> list[InitiativeComment]:
    return list(
        initiative.comments.select_related("author", "organisation").order_by("created_at", "id")
    )
