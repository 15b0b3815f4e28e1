"""Need-to-know in aggregate (DESIGN §6), written once for every page and download of the
wijk's picture, for staff and for the public alike.

Per main category the viewer gets one of three levels:

- hidden: the arrears (a confidential category) are counted only for the housing corporation
  and the gemeente's debt help; anyone else, the public included, does not see them at all;
- suppressed: in a sensitive category (about persons: sensitivity 'case partners' or
  'confidential') a count from 1 to 4 shows as "< 5", and any other count rounded to a multiple
  of 5, everywhere outside the organisation that owns the category (the kind of organisation
  that responds first by default). The rounding is what keeps a small count hidden when one
  table is held against another: a wijk's year minus its months, a wijk minus its buurten;
- exact: the count as it is.

And spots: the hotspots within a buurt (a cell of a street) only in categories whose details
every member of the wijk's team sees (sensitivity 'team'), and only for members of that team
(or who oversees all teams). Anyone else sees counts per buurt, never finer.
"""

from dataclasses import dataclass
from enum import Enum

from wijkteam.partners.access import ARREARS_MAIN_CATEGORY, OVERSEEING_ROLES, is_staff_member
from wijkteam.partners.models import OrganisationKind, TeamFunction, TeamMember, User
from wijkteam.signals.models import Category, Sensitivity

# Counts below this are shown as "< 5" in a suppressed category, the others rounded to a
# multiple of this.
SMALL_COUNT = 5
SUPPRESSED_TEXT = "< 5"


class Level(Enum):
    HIDDEN = "hidden"
    SUPPRESSED = "suppressed"
    EXACT = "exact"


@dataclass(frozen=True)
class PictureViewer:
    """Who looks at the picture, as the aggregate rule asks: one per request."""

    is_staff: bool
    organisation_kind: str = ""
    team_ids: frozenset[int] = frozenset()
    oversees: bool = False
    is_debt_help: bool = False

    def in_team(self, team_id: int | None) -> bool:
        return self.is_staff and (self.oversees or team_id in self.team_ids)


PUBLIC = PictureViewer(is_staff=False)


def picture_viewer(user: User) -> PictureViewer:
    """The user as the aggregate rule sees them; the public for anyone without an account."""
    if not is_staff_member(user):
        return PUBLIC
    memberships = list(
        TeamMember.objects.filter(user_id=user.pk).values_list("team_id", "function")
    )
    kind = user.organisation.kind
    return PictureViewer(
        is_staff=True,
        organisation_kind=kind,
        team_ids=frozenset(team for team, _ in memberships),
        oversees=user.role in OVERSEEING_ROLES,
        is_debt_help=kind == OrganisationKind.GEMEENTE
        and any(function == TeamFunction.SCHULDHULPVERLENER for _, function in memberships),
    )


def is_sensitive(main_category: Category) -> bool:
    return main_category.sensitivity != Sensitivity.TEAM


def is_arrears(main_category: Category) -> bool:
    return main_category.slug == ARREARS_MAIN_CATEGORY


def owns(viewer: PictureViewer, main_category: Category) -> bool:
    """The viewer's organisation owns the category: it responds first by default."""
    return bool(
        viewer.is_staff
        and main_category.default_lead_kind
        and viewer.organisation_kind == main_category.default_lead_kind
    )


def category_level(viewer: PictureViewer, main_category: Category) -> Level:
    """How the viewer sees the counts of a main category (or of its subcategories)."""
    if is_arrears(main_category) or main_category.sensitivity == Sensitivity.CONFIDENTIAL:
        sees = owns(viewer, main_category) or (is_arrears(main_category) and viewer.is_debt_help)
        if not sees:
            return Level.HIDDEN
    if is_sensitive(main_category) and not owns(viewer, main_category):
        return Level.SUPPRESSED
    return Level.EXACT


def sees_spots(viewer: PictureViewer, main_category: Category, *, team_id: int | None) -> bool:
    """The viewer may see where within a buurt this category's signals cluster."""
    return main_category.sensitivity == Sensitivity.TEAM and viewer.in_team(team_id)


def told(count: int, level: Level) -> int | None:
    """The number the viewer may be told: None for a small count of a suppressed category,
    the others of such a category rounded to a multiple of 5 (7 is 5, 8 is 10)."""
    if level is not Level.SUPPRESSED:
        return count
    if 0 < count < SMALL_COUNT:
        return None
    return SMALL_COUNT * round(count / SMALL_COUNT)


def shown(count: int | None, level: Level) -> str:
    """A count as the viewer may read it ("< 5" for a small one in a suppressed category)."""
    if count is None:
        return "–"
    number = told(count, level)
    return SUPPRESSED_TEXT if number is None else str(number)


def is_hidden_small(count: int, level: Level) -> bool:
    """The count may not be told exactly (nor be part of a total that would tell it)."""
    return level is Level.SUPPRESSED and 0 < count < SMALL_COUNT
