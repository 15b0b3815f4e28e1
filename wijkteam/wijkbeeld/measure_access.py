"""Who may read and who may change a wijk's measures.

Reading: every active staff member of a partner organisation, for every wijk (what the effect
shows of sensitive categories follows the aggregate rule, access.py). Changing (record, edit,
remove, choose the comparison buurten): the members of the wijk's team and who oversees all
teams, not read-only users. Anyone else gets the same 404 as for a measure that does not exist,
on the change routes too."""

from django.db.models import Prefetch
from django.http import Http404

from wijkteam.areas.boundaries import without_boundaries
from wijkteam.areas.models import District, Neighbourhood
from wijkteam.cases.access import may_work_cases
from wijkteam.partners.access import OVERSEEING_ROLES, in_team, is_staff_member
from wijkteam.partners.models import Team, User
from wijkteam.wijkbeeld.models import Measure


def may_read_measures(user: User) -> bool:
    return is_staff_member(user)


def may_change_measures(user: User, district: District) -> bool:
    """A member of the wijk's team (or a coordinator), who may work (not a read-only user)."""
    if not may_work_cases(user):
        return False
    if user.role in OVERSEEING_ROLES:
        return True
    team_id = Team.objects.filter(district_id=district.pk).values_list("pk", flat=True).first()
    return team_id is not None and in_team(user, team_id)


def district_for_measures(user: User, district_code: str) -> District:
    """The wijk whose measures the user reads, or 404."""
    district = without_boundaries(District.objects.filter(code=district_code)).first()
    if district is None or not may_read_measures(user):
        raise Http404
    return district


def district_for_measure_change(user: User, district_code: str) -> District:
    """The wijk whose measures the user changes, or 404 (also for who may only read)."""
    district = district_for_measures(user, district_code)
    if not may_change_measures(user, district):
        raise Http404
    return district


def measure_for_user(user: User, district_code: str, pk: int) -> Measure:
    """One measure of the wijk, or 404 (missing, of another wijk, or no staff member alike)."""
    district = district_for_measures(user, district_code)
    measure = (
        without_boundaries(
            Measure.objects.filter(district=district, pk=pk).select_related("district")
        )
        .prefetch_related(
            Prefetch("neighbourhoods", queryset=without_boundaries(Neighbourhood.objects.all())),
            "partners",
            "target_categories__parent",
        )
        .first()
    )
    if measure is None:
        raise Http404
    return measure


def measure_for_change(user: User, district_code: str, pk: int) -> Measure:
    """One measure the user may change, or 404 (as for one that does not exist)."""
    measure = measure_for_user(user, district_code, pk)
    if not may_change_measures(user, measure.district):
        raise Http404
    return measure
