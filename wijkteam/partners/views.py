from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from wijkteam.areas.map import areas_map_data, map_tiles
from wijkteam.partners.access import (
    in_team,
    may_open_team_lists,
    remember_district,
    team_for_user,
    teams_for_user,
)
from wijkteam.partners.models import TeamPartner


@login_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    teams = teams_for_user(request.user)
    return render(request, "partners/team_list.html", {"teams": teams})


@login_required
@require_GET
def team_detail(request: HttpRequest, district_code: str) -> HttpResponse:
    team = team_for_user(request.user, district_code)
    remember_district(request, team.district.code)
    district = team.district
    neighbourhoods = list(district.neighbourhoods.all())
    members_by_organisation: dict = {}
    for member in team.members.all():
        members_by_organisation.setdefault(member.user.organisation, []).append(member)
    # The team's meetings are for its members and the coordinators (meetings/access.py).
    sees_meetings = in_team(
        request.user, team.pk, member_ids=[member.user_id for member in team.members.all()]
    )
    # The team's inbox, triage and cases, offered by the rule those pages enforce: a visitor
    # from another wijk is not offered buttons that answer "not found".
    works_here = may_open_team_lists(request.user, team, is_member=sees_meetings)
    team_partners = list(team.team_partners.all())
    partners = [
        (partner, members_by_organisation.pop(partner.organisation, []))
        for partner in team_partners
    ]
    # Members whose organisation is not (yet) registered as a partner of this team still show.
    partners += [
        (TeamPartner(team=team, organisation=organisation, is_core=False), members)
        for organisation, members in members_by_organisation.items()
        if organisation is not None
    ]
    # The wijk and its buurten for areas/area-map.js, from the shared (cached) map data.
    areas = areas_map_data()
    map_data = {
        "districts": [d for d in areas["districts"] if d["code"] == district.code],
        "neighbourhoods": [
            n for n in areas["neighbourhoods"] if n["district_code"] == district.code
        ],
        "tiles": map_tiles(),
    }
    return render(
        request,
        "partners/team_detail.html",
        {
            "team": team,
            "district": district,
            "neighbourhoods": neighbourhoods,
            "partners": partners,
            "approximate": district.is_approximate or any(n.is_approximate for n in neighbourhoods),
            "map_data": map_data,
            "sees_meetings": sees_meetings,
            "works_here": works_here,
        },
    )


@login_required
@require_GET
def switch_district(request: HttpRequest) -> HttpResponse:
    """The header's wijk switch (a plain GET form, so it works without JavaScript)."""
    code = request.GET.get("wijk", "")
    if not teams_for_user(request.user).filter(district__code=code).exists():
        return redirect("teams:list")
    return redirect("teams:detail", district_code=code)
