"""A person's rights: the privacy officer records a request, finds the person's data and
exports it (JSON for systems, a readable page for the person)."""

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.core.errors import DomainError
from wijkteam.core.paging import page_number, page_of
from wijkteam.privacy.access import findings_for_export, is_privacy_officer, require
from wijkteam.privacy.erasure import person_erasure_plan, person_request_erase
from wijkteam.privacy.forms import PersonSearchForm
from wijkteam.privacy.models import PersonRequest
from wijkteam.privacy.persons import PersonQuery, person_export, person_findings
from wijkteam.privacy.services import person_request_create, person_request_exported

EXPORT_FORMATS = ("json", "html")


@require(is_privacy_officer)
@require_http_methods(["GET", "POST"])
def persons(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        query = form.query()
        created = person_request_create(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
            query=query,
            findings=person_findings(query),
        )
        return redirect("privacy:person_request", request_id=created.pk)
    page = page_of(
        PersonRequest.objects.select_related("handled_by"), page_number(request.GET.get("pagina"))
    )
    status = 400 if form.errors else 200
    return render(request, "privacy/persons.html", {"form": form, "page": page}, status=status)


def _request_or_404(request_id: int) -> PersonRequest:
    found = PersonRequest.objects.filter(pk=request_id).select_related("handled_by").first()
    if found is None:
        raise Http404
    return found


@require(is_privacy_officer)
@require_GET
def person_request(request: HttpRequest, request_id: int) -> HttpResponse:
    person_request = _request_or_404(request_id)
    findings = person_findings(PersonQuery.from_dict(person_request.search))
    return render(
        request,
        "privacy/person_request.html",
        {
            "person_request": person_request,
            "findings": findings,
            "erasure_plan": person_erasure_plan(findings),
        },
    )


@require(is_privacy_officer)
@require_POST
def person_request_erase_view(request: HttpRequest, request_id: int) -> HttpResponse:
    person_request = _request_or_404(request_id)
    try:
        plan = person_request_erase(actor=request.user, request=person_request)
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        erased = sum(1 for line in plan if line.erased)
        messages.success(
            request,
            _("Gewist wat gewist mocht worden (%(erased)s van %(total)s onderdelen).")
            % {"erased": erased, "total": len(plan)},
        )
    return redirect("privacy:person_request", request_id=person_request.pk)


@require(is_privacy_officer)
@require_GET
def person_request_export(request: HttpRequest, request_id: int) -> HttpResponse:
    person_request = _request_or_404(request_id)
    format = request.GET.get("formaat", "json")
    if format not in EXPORT_FORMATS:
        raise Http404
    findings = findings_for_export(request.user, person_request)
    export = person_export(
        findings=findings,
        query=PersonQuery.from_dict(person_request.search),
        description=person_request.description,
    )
    person_request_exported(actor=request.user, request=person_request, format=format)
    name = f"wijkteam-gegevens-verzoek-{person_request.pk}"
    if format == "json":
        response = HttpResponse(
            json.dumps(export, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    else:
        html = render_to_string("privacy/person_export.html", {"export": export})
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.html"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
