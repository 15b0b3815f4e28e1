"""The tables of a wijk's hotspots as the downloads hold them (tables.py, exported by
exports.py as every chart's are): the map's data per buurt, the top buurten and, for who the
page shows them to, the top spots. Built from the one ``Hotspots`` read the page shows, so the
numbers are the page's: a small count of a suppressed category is "< 5" and in no total, the
others of such a category rounded to a multiple of 5; the trend is the change in percent."""

from django.utils.translation import gettext as _

from wijkteam.areas.models import District
from wijkteam.wijkbeeld.hotspot_reads import Hotspots, Trend
from wijkteam.wijkbeeld.tables import Row, Table, Value, count_value

AREAS, TOP_AREAS, TOP_SPOTS = "buurten", "top-buurten", "plekken"
TABLES = (AREAS, TOP_AREAS, TOP_SPOTS)


def _trend(trend: Trend) -> Value:
    """The change in whole percents, signed (the page's "↑ 50%" is 50, "↓ 25%" is -25, "=" is
    0); "nieuw" where the period before had none."""
    if trend.direction == "new":
        return Value(None, shown=_("nieuw"))
    return Value(trend.percent or 0)


def _notes(hotspots: Hotspots, selection_names: list[str]) -> list[str]:
    notes = [
        _("Categorieën: %(names)s") % {"names": ", ".join(selection_names)}
        if selection_names
        else _("Categorieën: alle categorieën die u mag zien"),
        _("Verandering: in procenten ten opzichte van %(before)s.")
        % {"before": hotspots.before.label},
    ]
    if hotspots.has_untold:
        notes.append(
            _(
                "Aantallen van 1 tot 4 in categorieën over personen staan als “< 5” en tellen "
                "niet mee in de totalen en de verandering, de andere zijn afgerond op een "
                "vijftal: zo is geen klein aantal terug te rekenen."
            )
        )
    return notes


def _top_columns(hotspots: Hotspots) -> list[str]:
    return [hotspots.period.label, hotspots.before.label, _("Verandering (%)")]


def hotspot_table(name: str, hotspots: Hotspots, selection_names: list[str]) -> Table | None:
    """The table ``name`` (one of ``TABLES``) of the hotspots; None for the spots when the
    page shows none (the viewer may not see them, or not in these categories)."""
    notes = _notes(hotspots, selection_names)
    if name == AREAS:
        table = Table(
            caption=_("Meldingen per buurt"),
            header=_("Buurt"),
            columns=[
                *[category.display_name for category, _level in hotspots.mains],
                _("Totaal"),
                _("Periode ervoor"),
                _("Verandering (%)"),
            ],
            notes=notes,
        )
        for row in hotspots.areas:
            values = [count_value(cell) for cell in row.cells]
            values += [Value(row.told), Value(row.told_before), _trend(row.trend)]
            table.rows.append(Row(row.name, values, key=row.code))
        return table
    if name == TOP_AREAS:
        table = Table(_("Drukste buurten"), _("Buurt"), _top_columns(hotspots), notes=notes)
        for row in hotspots.top_areas:
            values = [Value(row.told), Value(row.told_before), _trend(row.trend)]
            table.rows.append(Row(row.name, values, key=row.code))
        return table
    if name == TOP_SPOTS and hotspots.spots_shown:
        table = Table(
            _("Drukste plekken"), _("Plek (straat en buurt)"), _top_columns(hotspots), notes=notes
        )
        for spot in hotspots.top_spots:
            values = [Value(spot.now), Value(spot.before), _trend(spot.trend)]
            table.rows.append(Row(spot.name, values))
        return table
    return None


def hotspot_title(name: str, district: District, hotspots: Hotspots) -> str:
    words = {"wijk": district.name, "period": hotspots.period.label}
    if name == AREAS:
        return _("Meldingen per buurt in %(wijk)s, %(period)s") % words
    if name == TOP_AREAS:
        return _("Drukste buurten in %(wijk)s, %(period)s") % words
    return _("Drukste plekken in %(wijk)s, %(period)s") % words
