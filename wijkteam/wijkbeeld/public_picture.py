"""The public picture of a wijk (/cijfers/): its signals per main category per month, the
measures the team took and the residents' initiatives it realised; the same numbers as open data
(CSV and JSON, their shape documented in the README, "Open data").

Everything here is what anyone may read: the counts as the aggregate rule gives them to the
public (access.PUBLIC: the arrears never, a small count of a category about persons "< 5" and in
no total), the measures the team marked public (what, where, when, cost, partners; never their
internal notes), the realised initiatives as the initiatives app shows them to everyone (never
who proposed them)."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.areas.models import District
from wijkteam.initiatives.access import public_initiatives
from wijkteam.initiatives.models import Initiative, Stage
from wijkteam.signals.models import Category
from wijkteam.wijkbeeld.access import PUBLIC, Level, category_level
from wijkteam.wijkbeeld.models import Measure, MeasureKind
from wijkteam.wijkbeeld.periods import MAX_MONTHS, Period, default_period, months_back, this_month
from wijkteam.wijkbeeld.reads import Line, monthly_lines, told_total

VERSION = 1
YEARS = 5  # this year and the four before: within the five years the picture keeps
REALISED_MAX = 50
# The open data speaks Dutch whatever the visitor's language: its words are part of its shape.
EXPLANATION = (
    "Aantallen meldingen bij het wijkteam per hoofdcategorie per maand, in de hele wijk, geteld "
    "naar de maand waarin de melding binnenkwam. Een aantal van 1 tot en met 4 in een categorie "
    "over personen (onveiligheid, zorg, acuut) staat als '< 5' (aantal: null) en telt in geen "
    "enkel totaal mee, en elk ander aantal in zo'n categorie is afgerond op een vijftal, zodat "
    "niemand erop terug te herleiden is. Meldingen over "
    "huurachterstand worden nooit gepubliceerd. De lopende maand is nog niet compleet."
)
CSV_COLUMNS = ("wijk", "maand", "buurt", "hoofdcategorie", "naam", "aantal", "aantal_tekst")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})\Z")


def public_years(today: date | None = None) -> list[int]:
    """The years the public may choose, newest first."""
    year = this_month(today).year
    return list(range(year, year - YEARS, -1))


def _month(value: str) -> date | None:
    found = _MONTH.match(value)
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1:
        return None
    return date(int(found.group(1)), int(found.group(2)), 1)


def public_period(params, today: date | None = None) -> tuple[Period | None, str]:
    """The period asked for: ``?jaar=2025``, or ``?van=2025-04&tot=2026-03`` (months, at most
    five years back), or nothing (the last twelve months). A period that cannot be read is
    (None, a message saying why): the caller answers 400."""
    year, start, end = params.get("jaar", ""), params.get("van", ""), params.get("tot", "")
    now = this_month(today)
    if not (year or start or end):
        return default_period(today), ""
    if year and (start or end):
        return None, _("Kies een jaar of een begin- en eindmaand, niet allebei.")
    if year:
        years = public_years(today)
        if year not in {str(each) for each in years}:
            return None, _("Kies een jaar van %(first)s tot en met %(last)s.") % {
                "first": years[-1],
                "last": years[0],
            }
        first = date(int(year), 1, 1)
        return Period("jaar", first, min(date(int(year), 12, 1), now)), ""
    first, last = _month(start), _month(end)
    if first is None or last is None:
        return None, _("Geef een begin- en eindmaand als jjjj-mm, bijvoorbeeld van=2025-01.")
    earliest = months_back(now, MAX_MONTHS - 1)
    if first > last:
        return None, _("De beginmaand ligt na de eindmaand.")
    if first < earliest or last > now:
        return None, _("Kies maanden van %(first)s tot en met %(last)s.") % {
            "first": f"{earliest:%Y-%m}",
            "last": f"{now:%Y-%m}",
        }
    return Period("eigen", first, last), ""


@dataclass
class PublicPicture:
    district: District
    period: Period
    months: list[date]
    lines: list[Line]
    measures: list[Measure]
    initiatives: list[Initiative]

    @property
    def has_suppressed(self) -> bool:
        return any(line.level is Level.SUPPRESSED for line in self.lines)

    @property
    def rows(self) -> list[tuple[date, list, int]]:
        """Per month: its cells (one per main category) and the total that may be told."""
        result = []
        for index, month in enumerate(self.months):
            cells = [line.cells[index] for line in self.lines]
            result.append((month, cells, told_total(cells)))
        return result

    @property
    def line_totals(self) -> list[str]:
        """Per main category its total as it may be told ("< 5", or rounded where suppressed)."""
        return [line.total.text for line in self.lines]

    @property
    def total(self) -> int:
        return sum(line.total.value or 0 for line in self.lines)


def _public_targets(measure: Measure) -> list[Category]:
    """The categories a measure is meant to reduce, without any the public may not see."""
    return [
        category
        for category in measure.target_categories.all()
        if category_level(PUBLIC, category.parent or category) is not Level.HIDDEN
    ]


def public_measures(district: District, period: Period) -> list[Measure]:
    """The public measures that ran during any part of the period, newest first (four queries
    whatever their number); each with ``public_targets``."""
    measures = list(
        Measure.objects.filter(
            district=district,
            is_public=True,
            started_on__lt=period.end_exclusive,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        .prefetch_related(
            Prefetch("neighbourhoods", to_attr="buurten"),
            "partners",
            Prefetch("target_categories", queryset=Category.objects.select_related("parent")),
        )
        .order_by("-started_on", "-id")
    )
    for measure in measures:
        measure.public_targets = _public_targets(measure)
    return measures


def realised_initiatives(district: District) -> list[Initiative]:
    """The wijk's realised residents' initiatives as everyone may see them (newest first):
    number, title, buurt and when; nothing about who proposed them."""
    return list(
        public_initiatives()
        .filter(district=district, stage=Stage.REALISED)
        .select_related("neighbourhood")
        .only(
            "reference",
            "title",
            "stage",
            "stage_changed_at",
            "neighbourhood__code",
            "neighbourhood__name",
        )
        .order_by("-stage_changed_at", "-id")[:REALISED_MAX]
    )


def public_picture(district: District, period: Period) -> PublicPicture:
    """Everything the public page and the open data show of a wijk for the period."""
    months, lines = monthly_lines(district, period, PUBLIC)
    return PublicPicture(
        district,
        period,
        months,
        lines,
        public_measures(district, period),
        realised_initiatives(district),
    )


def realised_on(initiative: Initiative) -> date | None:
    if initiative.stage_changed_at is None:
        return None
    return timezone.localtime(initiative.stage_changed_at).date()


def as_data(picture: PublicPicture, initiative_url) -> dict:
    """The open data as JSON (the shape of version 1, README "Open data"). ``initiative_url``
    makes an initiative's public address from its number."""
    district = picture.district
    return {
        "versie": VERSION,
        "wijk": {
            "code": district.code,
            "naam": district.name,
            "inwoners": district.inhabitants,
            "huishoudens": district.households,
        },
        "periode": {"van": f"{picture.period.start:%Y-%m}", "tot": f"{picture.period.end:%Y-%m}"},
        "toelichting": EXPLANATION,
        "hoofdcategorieen": [
            {
                "hoofdcategorie": line.key.slug,
                "naam": line.key.name,
                "kleine_aantallen_verborgen": line.level is Level.SUPPRESSED,
            }
            for line in picture.lines
        ],
        "maanden": [
            {
                "maand": f"{month:%Y-%m}",
                "buurt": None,
                "hoofdcategorie": line.key.slug,
                "naam": line.key.name,
                "aantal": cell.value,
                "aantal_tekst": cell.text,
            }
            for month, cells, _total in picture.rows
            for line, cell in zip(picture.lines, cells, strict=True)
        ],
        "maatregelen": [_measure_data(measure) for measure in picture.measures],
        "initiatieven": [
            {
                "nummer": initiative.reference,
                "titel": initiative.title,
                "buurt": _buurt(initiative.neighbourhood),
                "gerealiseerd_op": _day(realised_on(initiative)),
                "url": initiative_url(initiative.reference),
            }
            for initiative in picture.initiatives
        ],
    }


def _buurt(neighbourhood) -> dict | None:
    if neighbourhood is None:
        return None
    return {"code": neighbourhood.code, "naam": neighbourhood.name}


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _dutch(text) -> str:
    with translation.override("nl"):
        return str(text)


def _measure_data(measure: Measure) -> dict:
    return {
        "naam": measure.title,
        "soort": measure.kind,
        "soort_naam": _dutch(MeasureKind(measure.kind).label),
        "buurten": [_buurt(buurt) for buurt in sorted(measure.buurten, key=lambda b: b.code)],
        "begonnen_op": measure.started_on.isoformat(),
        "gestopt_op": _day(measure.ended_on),
        "kosten_euro": float(measure.cost) if measure.cost is not None else None,
        "partners": sorted(organisation.name for organisation in measure.partners.all()),
        "bedoeld_tegen": [category.slug for category in measure.public_targets],
    }


def as_csv(picture: PublicPicture) -> str:
    """The counts as CSV for Dutch Excel: one row per month and main category, separated by
    semicolons, with a byte order mark so that Excel reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for month, cells, _total in picture.rows:
        for line, cell in zip(picture.lines, cells, strict=True):
            writer.writerow(
                [
                    picture.district.code,
                    f"{month:%Y-%m}",
                    "",
                    line.key.slug,
                    _spreadsheet_safe(line.key.name),
                    "" if cell.value is None else cell.value,
                    cell.text,
                ]
            )
    return "\ufeff" + out.getvalue()


def _spreadsheet_safe(text: str) -> str:
    """A name must not become a formula when the file is opened in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def period_words(period: Period) -> str:
    """The period for a resident: "2025" for a whole year, else from month to month."""
    if period.kind == "jaar" and period.start.month == 1 and period.end.month == 12:
        return str(period.start.year)
    return _("%(start)s tot en met %(end)s") % {
        "start": date_format(period.start, "F Y"),
        "end": date_format(period.end, "F Y"),
    }
