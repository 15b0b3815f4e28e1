"""Who may open the staff pages of the wijk's picture, and the wijk or buurt they ask for.

Every active staff member of a partner organisation opens every wijk's picture: what they see
of it is decided per main category by the aggregate rule (access.py). Anyone else gets the same
404 as a wijk that does not exist (anonymous visitors are sent to the login page before)."""

from django.http import Http404

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.partners.models import User
from wijkteam.wijkbeeld.access import PictureViewer, picture_viewer


def staff_viewer(user: User) -> PictureViewer:
    """The staff member as the aggregate rule sees them, or 404."""
    viewer = picture_viewer(user)
    if not viewer.is_staff:
        raise Http404
    return viewer


def picture_district(district_code: str) -> District:
    district = District.objects.defer("geometry").filter(code=district_code).first()
    if district is None:
        raise Http404
    return district


def picture_neighbourhood(district_code: str, neighbourhood_code: str) -> Neighbourhood:
    """The buurt, only under its own wijk's address."""
    found = (
        Neighbourhood.objects.select_related("district")
        .defer("geometry", "district__geometry")
        .filter(code=neighbourhood_code, district__code=district_code)
        .first()
    )
    if found is None:
        raise Http404
    return found
