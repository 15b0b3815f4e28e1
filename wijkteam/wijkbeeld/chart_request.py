"""What a chart of the wijk's picture is asked for: which chart, of which wijk or buurt, over
which period, counted how (``maat``), sorted how, for which categories. Read from the query
string; anything wrong is a ``ChartRequestError`` with a Dutch message and the status to answer
(404 for a wijk, buurt or chart that does not exist, 400 for the rest), never a server error."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.signals.models import Category
from wijkteam.wijkbeeld.access import Level, PictureViewer, category_level
from wijkteam.wijkbeeld.periods import Period, parse_period

MEASURES = ("aantal", "inwoners", "huishoudens")
MAX_CATEGORIES = 20


class ChartRequestError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class ChartRequest:
    name: str
    period: Period
    area: District | Neighbourhood | None = None
    measure: str = "aantal"
    order: str = ""
    categories: tuple[Category, ...] = ()

    def query(self) -> list[tuple[str, str]]:
        """The query string that asks for this chart again (in a stable order)."""
        pairs: list[tuple[str, str]] = []
        if isinstance(self.area, Neighbourhood):
            pairs.append(("buurt", self.area.code))
        elif isinstance(self.area, District):
            pairs.append(("wijk", self.area.code))
        pairs += list(self.period.query().items())
        if self.measure != "aantal":
            pairs.append(("maat", self.measure))
        if self.order:
            pairs.append(("sorteer", self.order))
        pairs += [("categorie", category.slug) for category in self.categories]
        return pairs


# What a CBS code (WK034502, BU03450200) or a category's slug can be: anything else names
# nothing, and is not looked up (PostgreSQL refuses a NUL character in text: a server error).
CODE = re.compile(r"[A-Za-z0-9]{1,30}")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def _area(params) -> District | Neighbourhood | None:
    buurt, wijk = params.get("buurt", ""), params.get("wijk", "")
    if buurt and not CODE.fullmatch(buurt):
        raise ChartRequestError(_("Deze buurt bestaat niet."), 404)
    if wijk and not CODE.fullmatch(wijk):
        raise ChartRequestError(_("Deze wijk bestaat niet."), 404)
    if buurt:
        found = (
            Neighbourhood.objects.select_related("district")
            .defer("geometry", "district__geometry")
            .filter(code=buurt)
            .first()
        )
        if found is None or (wijk and found.district.code != wijk):
            raise ChartRequestError(_("Deze buurt bestaat niet."), 404)
        return found
    if wijk:
        found = District.objects.defer("geometry").filter(code=wijk).first()
        if found is None:
            raise ChartRequestError(_("Deze wijk bestaat niet."), 404)
        return found
    return None


def chosen_categories(slugs: list[str], viewer: PictureViewer) -> tuple[Category, ...]:
    """The (main or sub) categories asked for, in the order asked; one the viewer may not see
    is as unknown as one that does not exist."""
    if not slugs:
        return ()
    if len(slugs) > MAX_CATEGORIES:
        raise ChartRequestError(_("Kies hoogstens %(n)s categorieën.") % {"n": MAX_CATEGORIES})
    for slug in slugs:
        if not SLUG.fullmatch(slug):
            raise ChartRequestError(_("Deze categorie bestaat niet: %(slug)s") % {"slug": slug})
    found = {
        category.slug: category
        for category in Category.objects.select_related("parent").filter(slug__in=slugs)
    }
    chosen = []
    for slug in dict.fromkeys(slugs):
        category = found.get(slug)
        main = category and (category.parent or category)
        if category is None or category_level(viewer, main) is Level.HIDDEN:
            raise ChartRequestError(_("Deze categorie bestaat niet: %(slug)s") % {"slug": slug})
        chosen.append(category)
    return tuple(chosen)


def parse_chart_request(
    name: str, params, viewer: PictureViewer, *, needs_area: bool, orders: tuple[str, ...]
) -> ChartRequest:
    """The chart asked for in ``params`` (a QueryDict), or ChartRequestError."""
    period, error = parse_period(params)
    if error:
        raise ChartRequestError(error)
    area = _area(params)
    if needs_area and area is None:
        raise ChartRequestError(_("Kies een wijk of buurt (wijk=... of buurt=...)."))
    measure = params.get("maat", "aantal") or "aantal"
    if measure not in MEASURES:
        raise ChartRequestError(_("Kies als maat aantal, inwoners of huishoudens."))
    order = params.get("sorteer", "")
    if order and order.removeprefix("-") not in orders:
        raise ChartRequestError(_("Op deze kolom kan niet worden gesorteerd."))
    categories = chosen_categories(params.getlist("categorie"), viewer)
    return ChartRequest(name, period, area, measure, order, categories)
