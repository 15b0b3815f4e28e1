"""Builders for the tests of the wijk's picture (staff): counts and case figures written as the
worker keeps them, for many months at once, and the people who look."""

import csv
import io
from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from tests.factories import add_member, make_user
from wijkteam.cases.models import Case, CaseFigures, CaseStatus
from wijkteam.partners.models import TeamFunction
from wijkteam.signals.models import Category, Channel, SignalMonthCount

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_references = count(1)


def category(slug: str) -> Category:
    return Category.objects.select_related("parent").get(slug=slug)


def add_counts(neighbourhood, slug: str, per_month: dict[date, int], *, channel=Channel.PHONE):
    """Signals of a category counted in a buurt per month, as the worker writes them."""
    sub = category(slug)
    SignalMonthCount.objects.bulk_create(
        SignalMonthCount(
            month=month,
            district_id=neighbourhood.district_id,
            neighbourhood=neighbourhood,
            main_category=sub.parent,
            category=sub,
            channel=channel,
            count=number,
        )
        for month, number in per_month.items()
    )


def add_case(team, neighbourhood, slug: str, *, month: date, **figures) -> CaseFigures:
    """A case with its kept figures (a case row underneath, the figures as given)."""
    sub = category(slug)
    first = datetime(month.year, month.month, 3, 9, 0, tzinfo=AMSTERDAM)
    case = Case.objects.create(
        reference=f"Z-2001-{next(_references):05d}",
        team=team,
        district=team.district,
        neighbourhood=neighbourhood,
        category=sub,
        main_category=sub.parent,
        sensitivity=sub.sensitivity,
        status=CaseStatus.HANDLING,
        opened_at=first,
    )
    hours_to_decision = figures.pop("hours_to_decision", None)
    hours_to_handled = figures.pop("hours_to_handled", None)
    return CaseFigures.objects.create(
        case=case,
        team=team,
        district=team.district,
        neighbourhood=neighbourhood,
        main_category=sub.parent,
        category=sub,
        sensitivity=sub.sensitivity,
        month=month,
        first_signal_at=first,
        hours_to_decision=hours_to_decision,
        decided_at=first + timedelta(hours=hours_to_decision) if hours_to_decision else None,
        hours_to_handled=hours_to_handled,
        resolved_at=first + timedelta(hours=hours_to_handled) if hours_to_handled else None,
        refreshed_at=first,
        **figures,
    )


def debt_counsellor(world):
    """The gemeente's debt help, in wijk A's team for the arrears passed on."""
    user = make_user("schuldhulp@gemeente.test", world.gemeente, full_name="Sanne Schuld")
    add_member(world.team_a, user, TeamFunction.SCHULDHULPVERLENER)
    return user


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
