"""A wijk's measures: the list, a measure with its effect, and the team's forms to record,
change and remove one and to choose its comparison buurten. Each page: input → access
function → one service → render (or the form again, with its errors and what was typed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.areas.models import District
from wijkteam.core.errors import DomainError
from wijkteam.core.paging import page_of
from wijkteam.signals.forms import add_domain_error
from wijkteam.wijkbeeld.access import Level, category_level, picture_viewer
from wijkteam.wijkbeeld.comparison import suggest_comparison
from wijkteam.wijkbeeld.effect_data import measure_effect
from wijkteam.wijkbeeld.measure_access import (
    district_for_measure_change,
    district_for_measures,
    may_change_measures,
    measure_for_change,
    measure_for_user,
)
from wijkteam.wijkbeeld.measure_forms import (
    ACCEPT,
    CLEAR,
    ComparisonForm,
    MeasureForm,
    MeasureListForm,
)
from wijkteam.wijkbeeld.measure_reads import district_measures
from wijkteam.wijkbeeld.measures import (
    measure_comparison_set,
    measure_record,
    measure_remove,
    measure_update,
)
from wijkteam.wijkbeeld.models import Measure

PAGE_SIZE = 20


@login_required
@require_GET
def measure_list(request: HttpRequest, district_code: str) -> HttpResponse:
    """The wijk's measures, newest first; ``?status=lopend|gestopt``, ``?pagina=``."""
    district = district_for_measures(request.user, district_code)
    form = MeasureListForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = page_of(
        district_measures(district.pk, status=data.get("status") or "", today=timezone.localdate()),
        data.get("pagina") or 1,
        size=PAGE_SIZE,
    )
    return render(
        request,
        "wijkbeeld/measures/list.html",
        {
            "district": district,
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "may_change": may_change_measures(request.user, district),
            "query": request.GET.copy(),
        },
    )


def _fields(form: MeasureForm) -> dict:
    data = form.cleaned_data
    return {
        name: data[name]
        for name in (
            "title",
            "kind",
            "description",
            "neighbourhoods",
            "started_on",
            "ended_on",
            "cost",
            "partners",
            "target_categories",
            "is_public",
        )
    }


def _render_form(
    request: HttpRequest,
    district: District,
    form: MeasureForm,
    measure: Measure | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "wijkbeeld/measures/form.html",
        {"district": district, "form": form, "measure": measure},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_new(request: HttpRequest, district_code: str) -> HttpResponse:
    district = district_for_measure_change(request.user, district_code)
    if request.method != "POST":
        return _render_form(request, district, MeasureForm(district=district))
    form = MeasureForm(request.POST, district=district)
    if form.is_valid():
        try:
            measure = measure_record(actor=request.user, district=district, **_fields(form))
        except DomainError as error:
            add_domain_error(form, error, fallback="title")
        else:
            messages.success(request, _("De maatregel is vastgelegd."))
            return redirect("wijkbeeld:measure", district_code=district.code, pk=measure.pk)
    return _render_form(request, district, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, district_code: str, pk: int) -> HttpResponse:
    measure = measure_for_change(request.user, district_code, pk)
    district = measure.district
    if request.method != "POST":
        form = MeasureForm(
            district=district, measure=measure, initial=MeasureForm.initial_of(measure)
        )
        return _render_form(request, district, form, measure)
    form = MeasureForm(request.POST, district=district, measure=measure)
    if form.is_valid():
        try:
            measure_update(actor=request.user, measure=measure, **_fields(form))
        except DomainError as error:
            add_domain_error(form, error, fallback="title")
        else:
            messages.success(request, _("De maatregel is gewijzigd."))
            return redirect("wijkbeeld:measure", district_code=district.code, pk=measure.pk)
    return _render_form(request, district, form, measure, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def measure_delete(request: HttpRequest, district_code: str, pk: int) -> HttpResponse:
    """A page asking whether to remove it; the removal itself only by POST."""
    measure = measure_for_change(request.user, district_code, pk)
    if request.method == "POST":
        measure_remove(actor=request.user, measure=measure)
        messages.success(
            request, _("De maatregel '%(title)s' is verwijderd.") % {"title": measure.title}
        )
        return redirect("wijkbeeld:measures", district_code=measure.district.code)
    return render(
        request,
        "wijkbeeld/measures/delete.html",
        {"district": measure.district, "measure": measure},
    )


def _render_detail(
    request: HttpRequest,
    measure: Measure,
    *,
    comparison_form: ComparisonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = picture_viewer(request.user)
    effect = measure_effect(measure, viewer)
    may_change = may_change_measures(request.user, measure.district)
    if may_change and comparison_form is None:
        comparison_form = ComparisonForm(
            measure=measure,
            initial={"comparison_neighbourhoods": [n.pk for n in effect.comparison]},
        )
    # The suggestion's levels are told only to who sees every target category exactly.
    exact = all(
        category_level(viewer, c.parent or c) is Level.EXACT
        for c in measure.target_categories.all()
    )
    return render(
        request,
        "wijkbeeld/measures/detail.html",
        {
            "district": measure.district,
            "measure": measure,
            "effect": effect,
            "shows_levels": exact,
            "may_change": may_change,
            "comparison_form": comparison_form if may_change else None,
        },
        status=status,
    )


@login_required
@require_GET
def measure_detail(request: HttpRequest, district_code: str, pk: int) -> HttpResponse:
    measure = measure_for_user(request.user, district_code, pk)
    return _render_detail(request, measure)


@login_required
@require_POST
def measure_comparison(request: HttpRequest, district_code: str, pk: int) -> HttpResponse:
    """Choose the comparison buurten (``action=kiezen`` with ``comparison_neighbourhoods``),
    accept the suggestion (``action=voorstel``) or go back to it (``action=wissen``)."""
    measure = measure_for_change(request.user, district_code, pk)
    form = ComparisonForm(request.POST, measure=measure)
    if form.is_valid():
        action = form.cleaned_data["action"]
        if action == ACCEPT:
            chosen = suggest_comparison(measure).neighbourhoods
        elif action == CLEAR:
            chosen = []
        else:
            chosen = list(form.cleaned_data["comparison_neighbourhoods"])
        try:
            measure_comparison_set(actor=request.user, measure=measure, neighbourhoods=chosen)
        except DomainError as error:
            add_domain_error(form, error, fallback="comparison_neighbourhoods")
        else:
            messages.success(
                request,
                _("De vergelijkingsbuurten zijn gekozen.")
                if chosen
                else _("Het effect wordt vergeleken met de voorgestelde buurten."),
            )
            return redirect("wijkbeeld:measure", district_code=measure.district.code, pk=measure.pk)
    measure = measure_for_user(request.user, district_code, pk)
    return _render_detail(request, measure, comparison_form=form, status=400)
