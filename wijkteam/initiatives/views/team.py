"""A wijkteam's initiatives: the list (with the wijk's support threshold) and the budget
overview per year. Each page: input → access function → one service → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from wijkteam.cases.access import may_chair
from wijkteam.core.errors import DomainError
from wijkteam.core.paging import page_of
from wijkteam.initiatives.budget import (
    budget_csv,
    budget_years,
    district_budget,
    measure_tables,
)
from wijkteam.initiatives.team_forms import BudgetYearForm, InitiativeListForm, ThresholdForm
from wijkteam.initiatives.team_reads import stage_counts, team_for_initiatives, team_initiative_rows
from wijkteam.initiatives.thresholds import district_threshold_set, support_threshold
from wijkteam.partners.models import Team
from wijkteam.signals.forms import add_domain_error

PAGE_SIZE = 25


def _render_list(
    request: HttpRequest, team: Team, *, threshold_form: ThresholdForm | None = None, status=200
) -> HttpResponse:
    form = InitiativeListForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = page_of(
        team_initiative_rows(team, stage=data.get("fase") or "", order=data.get("sorteer") or ""),
        data.get("pagina") or 1,
        size=PAGE_SIZE,
    )
    decides = may_chair(request.user, team)
    threshold = support_threshold(team.district_id)
    if decides and threshold_form is None:
        threshold_form = ThresholdForm(initial={"support_threshold": threshold})
    return render(
        request,
        "initiatives/team/team_list.html",
        {
            "team": team,
            "district": team.district,
            "form": form,
            "page": page,
            "counts": stage_counts(team),
            "threshold": threshold,
            "may_decide": decides,
            "threshold_form": threshold_form if decides else None,
            "query": request.GET.copy(),
        },
        status=status,
    )


@login_required
@require_GET
def team_list(request: HttpRequest, district_code: str) -> HttpResponse:
    """The wijk's confirmed initiatives, those still running first by default; newest, most
    supported or most recently moved first."""
    team = team_for_initiatives(request.user, district_code)
    return _render_list(request, team)


@login_required
@require_POST
def threshold_page(request: HttpRequest, district_code: str) -> HttpResponse:
    team = team_for_initiatives(request.user, district_code)
    if not may_chair(request.user, team):
        raise PermissionDenied
    form = ThresholdForm(request.POST)
    if form.is_valid():
        threshold = form.cleaned_data["support_threshold"]
        try:
            _settings, moved = district_threshold_set(
                actor=request.user, district=team.district, threshold=threshold
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="support_threshold")
        else:
            if threshold is None:
                text = _("De steundrempel staat uit: ideeën gaan alleen met de hand naar het team.")
            else:
                text = ngettext(
                    "De steundrempel is %(count)s steunbetuiging.",
                    "De steundrempel is %(count)s steunbetuigingen.",
                    threshold,
                ) % {"count": threshold}
            if moved:
                text += " " + ngettext(
                    "%(count)s idee had al genoeg steun en ligt nu bij het wijkteam.",
                    "%(count)s ideeën hadden al genoeg steun en liggen nu bij het wijkteam.",
                    moved,
                ) % {"count": moved}
            messages.success(request, text)
            return redirect("projects:team", district_code=team.district.code)
    return _render_list(request, team, threshold_form=form, status=400)


@login_required
@require_GET
def budget_page(request: HttpRequest, district_code: str) -> HttpResponse:
    """What each partner (and the residents) put into the wijk's projects in one year;
    ``?formaat=csv`` downloads it."""
    team = team_for_initiatives(request.user, district_code)
    form = BudgetYearForm(request.GET or None)
    this_year = timezone.localdate().year
    year = (form.cleaned_data.get("jaar") if form.is_valid() else None) or this_year
    budget = district_budget(team.district_id, year)
    if request.GET.get("formaat") == "csv":
        # A byte order mark, so that Excel reads the file as UTF-8 (ë, €).
        response = HttpResponse(
            "\ufeff" + budget_csv(budget, district_code=team.district.code),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="budget-{team.district.code}-{year}.csv"'
        )
        return response
    years = sorted(set(budget_years(team.district_id)) | {this_year, year}, reverse=True)
    return render(
        request,
        "initiatives/team/budget.html",
        {
            "team": team,
            "district": team.district,
            "budget": budget,
            "tables": measure_tables(budget),
            "year": year,
            "years": years,
            "form": form,
        },
    )
