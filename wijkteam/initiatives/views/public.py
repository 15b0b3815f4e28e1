"""The public pages of the residents' initiatives: the overview, a wijk's initiatives and
projects, and one initiative's page with its story. Anyone may read them; nothing on them says
who supports what."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from wijkteam.areas.boundaries import without_boundaries
from wijkteam.areas.map import areas_map_data, map_tiles
from wijkteam.areas.models import District
from wijkteam.core.paging import page_number
from wijkteam.initiatives.access import public_initiative, support_counts
from wijkteam.initiatives.models import Initiative, Stage
from wijkteam.initiatives.public_reads import (
    PROGRESS,
    district_initiatives,
    district_map_points,
    district_stage_counts,
    districts_with_counts,
    idea_photos,
    public_comments,
    public_contributions,
    public_photo,
    public_place,
    public_point,
    public_story,
    recent_initiatives,
)
from wijkteam.signals.views import photo_response


def _map_data(district_code: str, points: list[dict], buurt: str = "") -> dict:
    """The wijk's buurten with their names (a map without tiles still shows where), and the
    initiatives' points: what initiatives/initiative-map.js draws."""
    areas = areas_map_data()
    for point in points:
        if point["reference"]:
            point["url"] = reverse("initiatives:detail", args=[point["reference"]])
    return {
        "neighbourhoods": [
            n for n in areas["neighbourhoods"] if n["district_code"] == district_code
        ],
        "approximate": areas["approximate"],
        "tiles": map_tiles(),
        "points": points,
        "buurt": buurt,
    }


def stage_progress(stage: str) -> list[dict]:
    """The steps a project goes through, each done, current or still to come (empty for an
    initiative that did not go ahead)."""
    if stage not in PROGRESS:
        return []
    reached = PROGRESS.index(stage)
    return [
        {
            "label": step.label,
            "state": "done" if index < reached else "current" if index == reached else "todo",
        }
        for index, step in enumerate(PROGRESS)
    ]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every wijk with its initiatives counted, the newest initiatives, and "Stel een idee
    voor"."""
    return render(
        request,
        "initiatives/public/index.html",
        {"districts": districts_with_counts(), "recent": recent_initiatives()},
    )


@require_GET
def wijk(request: HttpRequest, district_code: str) -> HttpResponse:
    """A wijk's public initiatives and projects: a list by stage (works without JavaScript)
    and their points on a map."""
    district = without_boundaries(District.objects.filter(code=district_code)).first()
    if district is None:
        raise Http404
    stage = request.GET.get("fase", "")
    if stage not in Stage.values:
        stage = ""
    page, rows = district_initiatives(district, stage, page_number(request.GET.get("pagina")))
    counts = district_stage_counts(district)
    stages = [
        {"value": value, "label": label, "count": counts[value]} for value, label in Stage.choices
    ]
    return render(
        request,
        "initiatives/public/wijk.html",
        {
            "district": district,
            "stage": stage,
            "stage_label": Stage(stage).label if stage else "",
            "stages": stages,
            "total": sum(counts.values()),
            "page": page,
            "rows": rows,
            "map_data": _map_data(district.code, district_map_points(district)),
        },
    )


def _detail_map(initiative: Initiative) -> dict | None:
    point = public_point(initiative)
    if point is None or initiative.district_id is None:
        return None
    buurt = initiative.neighbourhood.code if initiative.neighbourhood_id else ""
    return _map_data(
        initiative.district.code,
        [{"reference": "", "title": initiative.title, "stage": "", "point": list(point)}],
        buurt=buurt,
    )


@require_GET
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One initiative's public page: the idea, where, its stage and story, the plan and who
    contributes, and its support (how many, never who)."""
    initiative = public_initiative(reference)
    supporters, from_wijk = support_counts(initiative)
    return render(
        request,
        "initiatives/public/detail.html",
        {
            "initiative": initiative,
            "progress": stage_progress(initiative.stage),
            "stopped": initiative.stage == Stage.STOPPED,
            "place": public_place(initiative),
            "photos": idea_photos(initiative),
            "supporters": supporters,
            "from_wijk": from_wijk,
            "comments": public_comments(initiative, page_number(request.GET.get("pagina"))),
            "story": public_story(initiative),
            "contributions": public_contributions(initiative),
            "map_data": _detail_map(initiative),
        },
    )


@require_GET
def photo(request: HttpRequest, reference: str, photo_id: int) -> HttpResponse:
    """A photo of a public initiative: sent with the idea, or of a published milestone."""
    initiative = public_initiative(reference)
    return photo_response(photo=public_photo(initiative, photo_id), reference=reference)
