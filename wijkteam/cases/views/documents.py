"""Documents on a case: adding, downloading and removing them."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wijkteam.cases.access import (
    document_for_user,
    documents_for_user,
    may_remove_document,
)
from wijkteam.cases.documents import (
    EXTENSIONS,
    case_document_add,
    case_document_remove,
    download_name,
)
from wijkteam.cases.forms import DocumentForm
from wijkteam.cases.views.case_page import (
    case_for_worker,
    done_redirect,
    render_case_page,
    require_team_worker,
)
from wijkteam.core.errors import DomainError
from wijkteam.signals.forms import add_domain_error


@login_required
@require_POST
def document_upload(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    # Who may not see the case's details may not learn about its documents either.
    if not access.details:
        raise Http404
    require_team_worker(request, case)
    form = DocumentForm(request.POST, request.FILES, prefix="doc")
    if form.is_valid():
        try:
            case_document_add(
                actor=request.user,
                case=case,
                document=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="file")
        else:
            return done_redirect(request, case, _("Het document is toegevoegd."))
    return render_case_page(request, case, access, forms={"document": form}, status=400)


@login_required
@require_GET
def document_download(request: HttpRequest, reference: str, document_id: int) -> FileResponse:
    """A document, only for who may see the case's details; always saved, never shown in the
    browser, so that a PDF or image cannot run anything in Wijkteam's origin."""
    _case, document = document_for_user(request.user, reference, document_id)
    if document.content_type not in EXTENSIONS:
        raise Http404
    try:
        file = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(file, content_type=document.content_type)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote(
        download_name(document), safe=""
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Personal data: not kept by the browser or anything in between.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def document_remove(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    document = documents_for_user(request.user, case, access).filter(pk=document_id).first()
    if document is None:
        raise Http404
    require_team_worker(request, case)
    if not may_remove_document(request.user, document):
        raise PermissionDenied
    try:
        case_document_remove(actor=request.user, document=document)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cases:detail", reference=case.reference)
    return done_redirect(request, case, _("Het document is verwijderd."))
