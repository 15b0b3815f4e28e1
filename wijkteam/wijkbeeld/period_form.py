"""The period selector of the wijk's picture as a plain GET form (works without JavaScript):
the kind of period and, per kind, its field, filled in with the period shown. What it sends is
read by periods.parse_period."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.wijkbeeld.periods import MAX_MONTHS, Period, months_back, this_month


def period_form(period: Period, *, measure: str = "aantal", order: str = "") -> dict:
    """The selector's choices and values (the quarters and years within five years back)."""
    last = this_month()
    first = months_back(last, MAX_MONTHS - 1)
    years = list(range(last.year, first.year - 1, -1))
    quarters = []
    for year in years:
        for quarter in (4, 3, 2, 1):
            start_month = 3 * quarter - 2
            if (year, start_month) > (last.year, last.month):
                continue
            if (year, start_month + 2) < (first.year, first.month):
                continue
            quarters.append(
                (f"{year}-K{quarter}", _("%(q)se kwartaal %(year)s") % {"q": quarter, "year": year})
            )
    quarter_of = (period.start.month - 1) // 3 + 1
    return {
        "kinds": [
            ("maand", _("Maand")),
            ("kwartaal", _("Kwartaal")),
            ("jaar", _("Jaar")),
            ("eigen", _("Eigen keuze (maanden)")),
        ],
        "kind": period.kind,
        "month": f"{period.start:%Y-%m}",
        "quarter": f"{period.start.year}-K{quarter_of}",
        "quarters": quarters,
        "year": str(period.start.year),
        "years": [str(year) for year in years],
        "start": f"{period.start:%Y-%m}",
        "end": f"{period.end:%Y-%m}",
        "min": f"{first:%Y-%m}",
        "max": f"{last:%Y-%m}",
        "range": _("Van %(first)s tot en met %(last)s.")
        % {"first": date_format(first, "F Y"), "last": date_format(last, "F Y")},
        "measure": measure if measure != "aantal" else "",
        "order": order,
    }
