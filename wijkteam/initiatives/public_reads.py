"""What the public pages read of the initiatives: only what access.public_initiatives() lets
through, and of that only what is meant for everyone (never an initiator's or supporter's
contact details, never a hidden comment, never a milestone the team did not publish). Every
list is read in a fixed number of queries, whatever its length."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from wijkteam.areas.boundaries import without_boundaries
from wijkteam.areas.models import District
from wijkteam.core.paging import Page, page_of
from wijkteam.core.tokens import hash_token
from wijkteam.initiatives.access import public_initiatives
from wijkteam.initiatives.models import (
    Contribution,
    Initiative,
    InitiativePhoto,
    InitiativeUpdate,
    Stage,
    Supporter,
)

# Initiatives on one page of a wijk's list, and the newest on the overview.
WIJK_PAGE_SIZE = 20
RECENT = 6
# Points on a wijk's map: every public initiative of the wijk, up to this many.
MAP_POINTS_MAX = 500
# A point from an address (perhaps the initiator's home) is shown to about 100 metres.
ADDRESS_POINT_DECIMALS = 3
COMMENTS_PAGE_SIZE = 20
# The lines of a realised project's story shown in a wijk's list.
STORY_LINES = 4

# The stages in the order a project goes through them (the progress indicator).
PROGRESS = [Stage.IDEA, Stage.TEAM, Stage.PLAN, Stage.UNDERWAY, Stage.REALISED]


def initiative_by_link(token: str) -> Initiative | None:
    """The initiative a proposer's confirmation link is for (confirmed or not), or None."""
    if not token:
        return None
    return (
        Initiative.objects.filter(confirm_token_hash=hash_token(token))
        .exclude(confirm_token_hash="")
        .first()
    )


def _public_photos() -> QuerySet[InitiativePhoto]:
    """Photos of the idea, and of milestones the team published."""
    return InitiativePhoto.objects.filter(
        Q(milestone__isnull=True) | Q(milestone__published_at__isnull=False)
    ).order_by("created_at", "id")


def public_photo(initiative: Initiative, photo_id: int) -> InitiativePhoto:
    """One public photo of a public initiative, or 404."""
    photo = _public_photos().filter(initiative=initiative, pk=photo_id).first()
    if photo is None:
        raise Http404
    return photo


def idea_photos(initiative: Initiative) -> list[InitiativePhoto]:
    """The photos sent with the proposal."""
    return list(initiative.photos.filter(milestone__isnull=True).order_by("created_at", "id"))


def public_point(initiative: Initiative) -> tuple[float, float] | None:
    """Where the initiative is on a public map: a point chosen on the map as it is, a point of
    an address rounded (the address may be the initiator's home)."""
    if initiative.latitude is None or initiative.longitude is None:
        return None
    if initiative.house_number is None:
        return initiative.latitude, initiative.longitude
    return (
        round(initiative.latitude, ADDRESS_POINT_DECIMALS),
        round(initiative.longitude, ADDRESS_POINT_DECIMALS),
    )


def public_place(initiative: Initiative) -> str:
    """The place in words, for everyone: the street without a house number, and the buurt."""
    parts = [initiative.street] if initiative.street else []
    if initiative.neighbourhood_id is not None:
        parts.append(initiative.neighbourhood.name)
    return ", ".join(parts)


def public_comments(initiative: Initiative, number: int) -> Page:
    """The confirmed supporters' words, newest first, without who wrote them; hidden ones
    left out. Only the words and the day are read."""
    comments = (
        Supporter.objects.filter(
            initiative=initiative,
            confirmed_at__isnull=False,
            comment_hidden_at__isnull=True,
            personal_data_removed_at__isnull=True,
        )
        .exclude(comment="")
        .order_by("-confirmed_at", "-id")
        .only("comment", "confirmed_at")
    )
    return page_of(comments, number, size=COMMENTS_PAGE_SIZE)


def public_story(initiative: Initiative) -> list[InitiativeUpdate]:
    """The public story: each stage reached and milestone published, with the milestone's
    photos (``milestone.photos.all``)."""
    return list(
        InitiativeUpdate.objects.filter(initiative=initiative)
        .select_related("milestone")
        .prefetch_related(
            Prefetch("milestone__photos", queryset=InitiativePhoto.objects.order_by("id"))
        )
        .order_by("at", "id")
    )


def public_contributions(initiative: Initiative) -> list[Contribution]:
    """The plan's contributions: who (a partner, or the residents themselves), what, how much,
    and whether it was delivered."""
    return list(
        Contribution.objects.filter(initiative=initiative)
        .select_related("organisation")
        .order_by("promised_on", "id")
    )


def _confirmed_supporters() -> Subquery:
    counted = (
        Supporter.objects.filter(initiative=OuterRef("pk"), confirmed_at__isnull=False)
        .order_by()
        .values("initiative")
        .annotate(count=Count("id"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _listed(rows: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """A list's initiatives with what a list shows of them, in a fixed number of queries."""
    return (
        without_boundaries(rows.select_related("neighbourhood", "district"))
        .annotate(supporter_count=_confirmed_supporters())
        .prefetch_related(
            Prefetch("photos", queryset=_public_photos(), to_attr="public_photos"),
            Prefetch(
                "updates",
                queryset=InitiativeUpdate.objects.order_by("at", "id").only(
                    "initiative_id", "at", "title"
                ),
                to_attr="story",
            ),
        )
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class ListedInitiative:
    """One initiative as a list shows it."""

    initiative: Initiative
    photo: InitiativePhoto | None
    supporters: int
    story: list[InitiativeUpdate]


def listed(initiative: Initiative) -> ListedInitiative:
    photos = initiative.public_photos
    # A realised project shows its result: its last photo; anything else its first.
    photo = (photos[-1] if initiative.stage == Stage.REALISED else photos[0]) if photos else None
    story = initiative.story[-STORY_LINES:] if initiative.stage == Stage.REALISED else []
    return ListedInitiative(initiative, photo, initiative.supporter_count, story)


def district_initiatives(district: District, stage: str, number: int) -> tuple[Page, list]:
    """One page of a wijk's public initiatives, newest first, optionally of one stage; the
    page's rows as ``ListedInitiative``."""
    rows = public_initiatives().filter(district=district)
    if stage:
        rows = rows.filter(stage=stage)
    page = page_of(_listed(rows), number, size=WIJK_PAGE_SIZE)
    return page, [listed(initiative) for initiative in page.rows]


def district_stage_counts(district: District) -> dict[str, int]:
    """How many public initiatives the wijk has in each stage (one query)."""
    counts = dict.fromkeys(Stage.values, 0)
    for stage, count in (
        public_initiatives()
        .filter(district=district)
        .order_by()
        .values_list("stage")
        .annotate(count=Count("id"))
    ):
        counts[stage] = count
    return counts


def district_map_points(district: District) -> list[dict]:
    """The wijk's public initiatives with a point, for its map: reference, title, stage and
    the public point."""
    points = []
    rows = (
        public_initiatives()
        .filter(district=district, latitude__isnull=False, longitude__isnull=False)
        .order_by("-created_at", "-id")
        .only("reference", "title", "stage", "latitude", "longitude", "house_number")
    )
    for initiative in rows[:MAP_POINTS_MAX]:
        latitude, longitude = public_point(initiative)
        points.append(
            {
                "reference": initiative.reference,
                "title": initiative.title,
                "stage": Stage(initiative.stage).label,
                "point": [latitude, longitude],
            }
        )
    return points


def districts_with_counts() -> list[District]:
    """Every wijk with ``initiative_count`` and ``realised_count`` of its public initiatives."""
    public = Q(initiatives__confirmed_at__isnull=False, initiatives__hidden_at__isnull=True)
    return list(
        District.objects.annotate(
            initiative_count=Count("initiatives", filter=public),
            realised_count=Count(
                "initiatives", filter=public & Q(initiatives__stage=Stage.REALISED)
            ),
        ).order_by("code")
    )


def public_listed_initiatives() -> QuerySet[Initiative]:
    """Every public initiative, newest first, with what a list shows of it (for ``listed``):
    the list of the API, which filters and pages it itself."""
    return _listed(public_initiatives())


def recent_initiatives() -> list[ListedInitiative]:
    """The newest public initiatives of every wijk."""
    return [listed(initiative) for initiative in _listed(public_initiatives())[:RECENT]]
