"""The budget overview of a wijk for one year: what each partner (and the residents themselves)
contributed to which project, promised and delivered. A contribution counts in the year it was
promised. Money and hours are summed exactly (Decimal, in Python: no floating point of the
database in between); materials and permits are counted.

One query for the year's contributions, one for the years that have any."""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from wijkteam.initiatives.models import Contribution, ContributionKind, ContributionStatus, Stage

RESIDENTS = None  # the column of the residents' own contributions (no organisation)
ZERO = Decimal("0.00")


@dataclass
class Figures:
    """What one partner put into one project (or a total): promised is everything promised,
    delivered the part of it that was delivered."""

    money_promised: Decimal = ZERO
    money_delivered: Decimal = ZERO
    hours_promised: Decimal = ZERO
    hours_delivered: Decimal = ZERO
    materials_promised: int = 0
    materials_delivered: int = 0
    permits_promised: int = 0
    permits_delivered: int = 0

    def add(self, *, kind: str, amount: Decimal | None, delivered: bool) -> None:
        if kind == ContributionKind.MONEY:
            self.money_promised += amount or ZERO
            if delivered:
                self.money_delivered += amount or ZERO
        elif kind == ContributionKind.HOURS:
            self.hours_promised += amount or ZERO
            if delivered:
                self.hours_delivered += amount or ZERO
        elif kind == ContributionKind.MATERIALS:
            self.materials_promised += 1
            self.materials_delivered += int(delivered)
        elif kind == ContributionKind.PERMIT:
            self.permits_promised += 1
            self.permits_delivered += int(delivered)

    @property
    def is_empty(self) -> bool:
        return not (
            self.money_promised
            or self.hours_promised
            or self.materials_promised
            or self.permits_promised
        )


@dataclass(frozen=True)
class Party:
    """A column: a partner organisation, or the residents (``pk`` None)."""

    pk: int | None
    name: str


@dataclass
class ProjectRow:
    reference: str
    title: str
    stage: str
    cells: list[Figures]  # one per party, in the order of Budget.parties
    total: Figures = field(default_factory=Figures)
    # (party, figures) for each party: what the page shows.
    columns: list[tuple["Party", Figures]] = field(default_factory=list)

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label


@dataclass
class Budget:
    year: int
    parties: list[Party]
    rows: list[ProjectRow]
    party_totals: list[Figures]
    total: Figures

    @property
    def total_columns(self) -> list[tuple["Party", Figures]]:
        return list(zip(self.parties, self.party_totals, strict=True))

    @property
    def is_empty(self) -> bool:
        return not self.rows


MONEY = "money"
HOURS = "hours"
ITEMS = "items"  # materials and permits, counted


def _has(figures: Figures, measure: str) -> bool:
    if measure == MONEY:
        return bool(figures.money_promised)
    if measure == HOURS:
        return bool(figures.hours_promised)
    return bool(figures.materials_promised or figures.permits_promised)


@dataclass
class MeasureTable:
    """One table of the page: one measure, with only the projects and partners that have
    something in it."""

    measure: str
    parties: list[Party]
    rows: list[tuple[ProjectRow, list[tuple[Party, Figures]]]]
    totals: list[tuple[Party, Figures]]
    total: Figures


def measure_tables(budget: Budget) -> list[MeasureTable]:
    tables = []
    for measure in (MONEY, HOURS, ITEMS):
        shown = [i for i, figures in enumerate(budget.party_totals) if _has(figures, measure)]
        if not shown:
            continue
        tables.append(
            MeasureTable(
                measure=measure,
                parties=[budget.parties[i] for i in shown],
                rows=[
                    (row, [(budget.parties[i], row.cells[i]) for i in shown])
                    for row in budget.rows
                    if _has(row.total, measure)
                ],
                totals=[(budget.parties[i], budget.party_totals[i]) for i in shown],
                total=budget.total,
            )
        )
    return tables


def budget_years(district_id: int) -> list[int]:
    """The years in which the wijk's projects were promised contributions, newest first."""
    days = Contribution.objects.filter(
        initiative__district_id=district_id, initiative__confirmed_at__isnull=False
    ).dates("promised_on", "year", order="DESC")
    return [day.year for day in days]


def district_budget(district_id: int, year: int) -> Budget:
    """The wijk's contributions promised in ``year``, per project and partner."""
    contributions = (
        Contribution.objects.filter(
            initiative__district_id=district_id,
            initiative__confirmed_at__isnull=False,
            promised_on__year=year,
        )
        .values_list(
            "initiative_id",
            "initiative__reference",
            "initiative__title",
            "initiative__stage",
            "organisation_id",
            "organisation__name",
            "kind",
            "amount",
            "status",
        )
        .order_by("initiative__reference", "id")
    )
    rows = list(contributions)
    names: dict[int | None, str] = {}
    for row in rows:
        names.setdefault(row[4], row[5] or _("De bewoners zelf"))
    # Partners by name, the residents last.
    parties = sorted(
        (Party(pk, name) for pk, name in names.items()),
        key=lambda party: (party.pk is RESIDENTS, party.name.lower()),
    )
    column = {party.pk: index for index, party in enumerate(parties)}
    projects: dict[int, ProjectRow] = {}
    party_totals = [Figures() for _party in parties]
    total = Figures()
    for (
        initiative_id,
        reference,
        title,
        stage,
        organisation_id,
        _name,
        kind,
        amount,
        status,
    ) in rows:
        project = projects.get(initiative_id)
        if project is None:
            project = projects[initiative_id] = ProjectRow(
                reference, title, stage, [Figures() for _party in parties]
            )
        delivered = status == ContributionStatus.DELIVERED
        index = column[organisation_id]
        for figures in (project.cells[index], project.total, party_totals[index], total):
            figures.add(kind=kind, amount=amount, delivered=delivered)
    for project in projects.values():
        project.columns = list(zip(parties, project.cells, strict=True))
    return Budget(
        year=year,
        parties=parties,
        rows=list(projects.values()),
        party_totals=party_totals,
        total=total,
    )


def _amount(value: Decimal) -> str:
    """An amount as Dutch spreadsheets read it: a decimal comma, no thousands separator."""
    return f"{value:.2f}".replace(".", ",")


def budget_csv(budget: Budget, *, district_code: str) -> str:
    """The overview as CSV, one line per project and partner (what a spreadsheet sums and
    filters best), separated by semicolons with a decimal comma, as Dutch Excel opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("wijk"),
            _("jaar"),
            _("project"),
            _("titel"),
            _("fase"),
            _("partner"),
            _("geld toegezegd (euro)"),
            _("geld geleverd (euro)"),
            _("uren toegezegd"),
            _("uren geleverd"),
            _("materiaal toegezegd (aantal)"),
            _("materiaal geleverd (aantal)"),
            _("vergunningen toegezegd (aantal)"),
            _("vergunningen geleverd (aantal)"),
        ]
    )
    for row in budget.rows:
        for party, figures in zip(budget.parties, row.cells, strict=True):
            if figures.is_empty:
                continue
            writer.writerow(
                [
                    district_code,
                    budget.year,
                    row.reference,
                    _spreadsheet_safe(row.title),
                    row.stage_label,
                    _spreadsheet_safe(party.name),
                    _amount(figures.money_promised),
                    _amount(figures.money_delivered),
                    _amount(figures.hours_promised),
                    _amount(figures.hours_delivered),
                    figures.materials_promised,
                    figures.materials_delivered,
                    figures.permits_promised,
                    figures.permits_delivered,
                ]
            )
    return out.getvalue()


def _spreadsheet_safe(text: str) -> str:
    """A resident's title must not become a formula when the file is opened in a spreadsheet
    (CSV injection): a leading =, +, - or @ is escaped with a quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
