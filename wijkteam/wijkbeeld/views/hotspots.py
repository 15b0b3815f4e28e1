"""The hotspots of a wijk for staff: a map of its buurten coloured by their signals (and the
busiest spots, for the wijk's team), with the top places and their trend, each table also as
CSV and Excel. Input → the aggregate rule → one read → render; on the page a bad period or
category falls back with a message, in a download it is a 400."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from wijkteam.areas.models import District
from wijkteam.partners.access import is_staff_member
from wijkteam.partners.models import Team
from wijkteam.wijkbeeld.access import PictureViewer, picture_viewer
from wijkteam.wijkbeeld.area_map import Outline, choropleth_svg, district_outline
from wijkteam.wijkbeeld.chosen_categories import Selection, parse_categories
from wijkteam.wijkbeeld.exports import DOWNLOAD_FORMATS, table_download
from wijkteam.wijkbeeld.hotspot_reads import Hotspots, district_hotspots
from wijkteam.wijkbeeld.hotspot_tables import TABLES, hotspot_table, hotspot_title
from wijkteam.wijkbeeld.periods import (
    MAX_MONTHS,
    Period,
    months_back,
    parse_period,
    this_month,
)


def _district(request: HttpRequest, district_code: str) -> District:
    """Every active staff member of a partner may look at every wijk (the aggregate rule
    decides what they see); anyone else, like a wijk that does not exist, gets a 404."""
    if not is_staff_member(request.user):
        raise Http404
    district = District.objects.defer("geometry").filter(code=district_code).first()
    if district is None:
        raise Http404
    return district


def period_fields(period: Period) -> dict[str, object]:
    """What each field of the period form holds: the chosen period, and the others filled in
    around its last month, so that changing only the kind of period gives a sensible one."""
    end, now = period.end, this_month()
    return {
        "periode": period.query()["periode"],
        "van": f"{period.start:%Y-%m}",
        "tot": f"{end:%Y-%m}",
        "maand": f"{end:%Y-%m}",
        "kwartaal": f"{end.year}-K{(end.month - 1) // 3 + 1}",
        "jaar": str(end.year),
        # The years that can be chosen: from five years back to this one, newest first.
        "years": [
            str(year) for year in range(now.year, months_back(now, MAX_MONTHS - 1).year - 1, -1)
        ],
    }


def _spot_note(hotspots: Hotspots, viewer: PictureViewer, team_id: int | None) -> str:
    """One line on why the map shows no spots, or not for every chosen category."""
    if not viewer.in_team(team_id):
        return _(
            "U ziet de aantallen per buurt. Waar binnen een buurt de meldingen zich ophopen, "
            "ziet alleen het wijkteam van deze wijk."
        )
    if not hotspots.spots_shown:
        return _(
            "Plekken binnen een buurt zijn er alleen voor categorieën die het hele wijkteam "
            "ziet, zoals vervuiling: bij de andere kan een plek naar een persoon wijzen."
        )
    if len(hotspots.spot_categories) < len(hotspots.mains):
        names = ", ".join(category.display_name for category in hotspots.spot_categories)
        return _(
            "De plekken tellen alleen %(names)s: bij de andere categorieën kan een plek naar "
            "een persoon wijzen."
        ) % {"names": names}
    return ""


def _map(district: District, outline, hotspots: Hotspots) -> str:
    titles = {}
    for row in hotspots.areas:
        if row.has_untold:
            titles[row.pk] = _("%(buurt)s: %(count)s meldingen en aantallen onder 5") % {
                "buurt": row.name,
                "count": row.told,
            }
        else:
            titles[row.pk] = ngettext(
                "%(buurt)s: %(count)s melding", "%(buurt)s: %(count)s meldingen", row.told
            ) % {"buurt": row.name, "count": row.told}
    description = _(
        "Elke buurt is gekleurd naar het aantal meldingen in de gekozen categorieën: hoe "
        "donkerder, hoe meer. De aantallen staan in de tabel onder de kaart."
    )
    if hotspots.map_spots:
        description += " " + _(
            "De rondjes zijn de drukste plekken: hoe groter, hoe meer meldingen. De drukste "
            "plekken staan ook in een tabel."
        )
    # Safe: the SVG is built with ElementTree, which escapes every name and title in it.
    svg = choropleth_svg(
        outline,
        values={row.pk: row.told for row in hotspots.areas if row.pk is not None},
        area_titles=titles,
        spots=hotspots.map_spots,
        title=_("Kaart van %(wijk)s: meldingen per buurt, %(period)s")
        % {"wijk": district.name, "period": hotspots.period.label},
        description=description,
        legend_title=_("Meldingen per buurt"),
        spot_note=_("plek met meldingen"),
    )
    return mark_safe(svg)  # noqa: S308


@dataclass
class _Asked:
    """What a hotspots page (or one of its downloads) asked for, and what it read."""

    district: District
    period: Period
    selection: Selection
    errors: list[str]
    team_id: int | None
    viewer: PictureViewer
    outline: Outline
    hotspots: Hotspots

    def query(self) -> str:
        """The query string that asks for this period and these categories again."""
        pairs = [*self.period.query().items(), *[("categorie", s) for s in self.selection.slugs]]
        return urlencode(pairs)

    def chosen_names(self) -> list[str]:
        names = {}
        for option in self.selection.options:
            names[option.category.slug] = option.category.display_name
            for sub in option.subcategories:
                names[sub.slug] = f"{option.category.display_name} – {sub.display_name}"
        return [names[slug] for slug in self.selection.slugs]


def _asked(request: HttpRequest, district_code: str) -> _Asked:
    district = _district(request, district_code)
    viewer = picture_viewer(request.user)
    period, period_error = parse_period(request.GET)
    selection, category_error = parse_categories(request.GET.getlist("categorie"), viewer)
    team_id = (
        Team.objects.filter(district_id=district.pk).order_by().values_list("pk", flat=True).first()
    )
    outline = district_outline(district)
    hotspots = district_hotspots(district, outline, period, selection, viewer, team_id=team_id)
    errors = [message for message in (period_error, category_error) if message]
    return _Asked(district, period, selection, errors, team_id, viewer, outline, hotspots)


def _downloads(asked: _Asked) -> dict[str, dict[str, str]]:
    """Per table of the page, its CSV and Excel links (for this period and these categories)."""
    found = {}
    for name in TABLES:
        found[name.replace("-", "_")] = {
            fmt: reverse(
                "wijkbeeld:hotspots_table",
                kwargs={"district_code": asked.district.code, "table": name, "fmt": fmt},
            )
            + f"?{asked.query()}"
            for fmt in DOWNLOAD_FORMATS
        }
    return found


@login_required
@require_GET
def hotspots_page(request: HttpRequest, district_code: str) -> HttpResponse:
    """Where the wijk's signals cluster in the chosen period and categories."""
    asked = _asked(request, district_code)
    hotspots, outline, district = asked.hotspots, asked.outline, asked.district
    return render(
        request,
        "wijkbeeld/hotspots/hotspots.html",
        {
            "district": district,
            "period": asked.period,
            "fields": period_fields(asked.period),
            "selection": asked.selection,
            "chosen": set(asked.selection.slugs),
            "messages_here": asked.errors,
            "hotspots": hotspots,
            "outline": outline,
            "map_svg": _map(district, outline, hotspots) if outline.drawable else "",
            "spot_note": _spot_note(hotspots, asked.viewer, asked.team_id),
            "downloads": _downloads(asked),
        },
    )


@login_required
@require_GET
def hotspots_table(request: HttpRequest, district_code: str, table: str, fmt: str) -> HttpResponse:
    """One table of the hotspots page (``buurten``: the map's data; ``top-buurten``;
    ``plekken``: only for who the page shows the spots to) as ``csv`` or ``xlsx``, for the
    period and categories in the query string as the page reads them. What the page would
    fall back from with a message is a 400 here: a download holds what was asked or nothing."""
    if table not in TABLES or fmt not in DOWNLOAD_FORMATS:
        raise Http404
    asked = _asked(request, district_code)
    if asked.errors:
        return HttpResponse(
            " ".join(asked.errors), status=400, content_type="text/plain; charset=utf-8"
        )
    built = hotspot_table(table, asked.hotspots, asked.chosen_names())
    if built is None:
        raise Http404
    period = asked.period
    filename = (
        f"wijkbeeld-hotspots-{table}-{asked.district.code}-"
        f"{period.start:%Y-%m}-{period.end:%Y-%m}.{fmt}"
    )
    return table_download(
        built,
        fmt,
        title=hotspot_title(table, asked.district, asked.hotspots),
        source=_("Bron: Wijkteam, wijkbeeld (%(url)s)") % {"url": request.get_full_path()},
        about_title=_("Toelichting"),
        filename=filename,
    )
