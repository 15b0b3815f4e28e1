"""The pages after the meeting (part C): the minutes as the reader may read them, their PDF,
closing them (after a confirmation) and adding to closed minutes. Each page: input → access
function → one service → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wijkteam.core.errors import DomainError
from wijkteam.meetings.access import may_arrange, meeting_for_user
from wijkteam.meetings.copies import MinutesCopy, user_copy
from wijkteam.meetings.forms import AddendumForm
from wijkteam.meetings.minutes import meeting_close, minutes_addendum_add
from wijkteam.meetings.models import AgendaItem, ItemOutcome, Meeting, MeetingStatus
from wijkteam.meetings.pdf import minutes_pdf
from wijkteam.signals.forms import add_domain_error


def _addendum_choices(copy: MinutesCopy) -> list[tuple[int, str]]:
    """The items an addendum may go with: those the chair reads in full."""
    return [
        (view.item.pk, f"{view.number}. {view.heading}")
        for view in copy.items
        if not view.confidential
    ]


def _arranged(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = meeting_for_user(request.user, meeting_id)
    if not may_arrange(request.user, meeting.team, meeting):
        raise PermissionDenied
    return meeting


@never_cache
@login_required
@require_GET
def minutes_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes as this reader may read them; for the chair the closing button (under way)
    or the addendum form (closed)."""
    meeting = meeting_for_user(request.user, meeting_id)
    copy = user_copy(request.user, meeting)
    arranges = may_arrange(request.user, meeting.team, meeting)
    form = None
    if arranges and meeting.is_closed:
        form = AddendumForm(choices=_addendum_choices(copy))
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "team": meeting.team,
            "copy": copy,
            "may_close": arranges and meeting.status == MeetingStatus.IN_PROGRESS,
            "form": form,
        },
    )


@never_cache
@login_required
@require_GET
def minutes_pdf_download(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The closed minutes as a PDF file, as this reader may read them. Before closing there
    is no file (404): the minutes may still change."""
    meeting = meeting_for_user(request.user, meeting_id)
    if not meeting.is_closed:
        raise Http404
    body = minutes_pdf(user_copy(request.user, meeting))
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="notulen-{meeting.team.district.code}-{day}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def minutes_close_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Asks to confirm: nothing is closed before the button on this page."""
    meeting = _arranged(request, meeting_id)
    status, error = 200, None
    if request.method == "POST":
        try:
            meeting_close(actor=request.user, meeting=meeting)
        except DomainError as refused:
            status, error = 400, refused.message
        else:
            messages.success(
                request,
                _("De notulen zijn vastgesteld; elke partner krijgt zijn exemplaar per e-mail."),
            )
            return redirect("meetings:minutes", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/minutes_close.html",
        {
            "meeting": meeting,
            "team": meeting.team,
            "may_close": meeting.status == MeetingStatus.IN_PROGRESS,
            "undiscussed": AgendaItem.objects.filter(
                meeting=meeting, outcome=ItemOutcome.OPEN
            ).count(),
            "error": error,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_addendum_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Add to closed minutes; a refused addendum comes back with what was typed."""
    meeting = _arranged(request, meeting_id)
    copy = user_copy(request.user, meeting)
    choices = _addendum_choices(copy)
    status = 200
    if request.method == "POST":
        form = AddendumForm(request.POST, choices=choices)
        if form.is_valid():
            data = form.cleaned_data
            item = (
                AgendaItem.objects.filter(meeting=meeting, pk=data["item"]).first()
                if data["item"]
                else None
            )
            try:
                minutes_addendum_add(
                    actor=request.user, meeting=meeting, text=data["text"], item=item
                )
            except DomainError as error:
                add_domain_error(form, error, fallback="text")
            else:
                messages.success(request, _("De aanvulling staat bij de notulen."))
                return redirect(reverse("meetings:minutes", args=[meeting.pk]) + "#addenda")
        status = 400
    else:
        form = AddendumForm(choices=choices)
    return render(
        request,
        "meetings/minutes_addendum.html",
        {"meeting": meeting, "team": meeting.team, "form": form},
        status=status,
    )
