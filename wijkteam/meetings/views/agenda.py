"""The agenda pages: the agenda on the meeting's page (every member), the chair's page
"Agenda voorbereiden" (collect, order, move, publish), a member's own item, removing one with
a confirmation, and putting a case forward for the overleg. Each page: input → access
function → one service → render. Every item shown is an ItemView (meetings/redaction.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.cases.access import case_for_user, may_work_cases, team_cases_for_user
from wijkteam.core.errors import DomainError
from wijkteam.meetings.access import may_arrange, meeting_for_user
from wijkteam.meetings.agenda import agenda_collect
from wijkteam.meetings.agenda_forms import AgendaItemForm, FlagForm, MoveItemForm
from wijkteam.meetings.agenda_items import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_shift,
    agenda_publish,
    later_meetings,
    may_remove,
)
from wijkteam.meetings.agenda_mail import send_moment
from wijkteam.meetings.flags import case_flag_create, may_flag, open_flag_of
from wijkteam.meetings.models import AgendaItem, Meeting, MeetingStatus
from wijkteam.meetings.redaction import ItemView, items_for_user
from wijkteam.partners.models import User
from wijkteam.signals.forms import add_domain_error


def _open_for_agenda(meeting: Meeting) -> bool:
    """As agenda.require_preparing: until the chair opens it, and not once it is over."""
    return meeting.is_preparing and meeting.ends_at > timezone.now()


def agenda_context(user: User, meeting: Meeting, *, arranger: bool | None = None) -> dict:
    """What the meeting's page needs to show its agenda (meetings/_agenda.html); ``arranger``
    is ``may_arrange`` for a caller that asked it already."""
    views = items_for_user(user, meeting)
    preparing = _open_for_agenda(meeting)
    if arranger is None:
        arranger = may_arrange(user, meeting.team, meeting)
    worker = may_work_cases(user)
    return {
        "agenda": views,
        "agenda_preparing": preparing,
        "may_prepare_agenda": preparing and arranger,
        "may_add_item": preparing and worker,
        # The same rule as agenda_items.may_remove, read from what is loaded.
        "removable": {
            view.item.pk
            for view in views
            if preparing
            and not view.item.source_key
            and (arranger or (worker and view.item.added_by_id == user.pk))
        },
    }


def _arranged(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = meeting_for_user(request.user, meeting_id)
    if not may_arrange(request.user, meeting.team, meeting):
        raise PermissionDenied
    return meeting


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return item


def _back(request: HttpRequest, meeting: Meeting):
    if may_arrange(request.user, meeting.team, meeting):
        return redirect("meetings:agenda", meeting_id=meeting.pk)
    return redirect("meetings:detail", meeting_id=meeting.pk)


def _refused(request: HttpRequest, meeting: Meeting, error: DomainError):
    messages.error(request, error.message)
    return _back(request, meeting)


@login_required
@require_http_methods(["GET"])
def agenda_prepare(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The chair's page: the agenda with what each item is and why, and what to do with it."""
    meeting = _arranged(request, meeting_id)
    context = agenda_context(request.user, meeting, arranger=True)
    context.update(
        {
            "meeting": meeting,
            "team": meeting.team,
            "form": AgendaItemForm(),
            "send_moment": send_moment(meeting),
            "may_publish": context["agenda_preparing"] and meeting.status == MeetingStatus.PLANNED,
            "has_later": later_meetings(meeting).exists(),
        }
    )
    return render(request, "meetings/agenda_prepare.html", context)


@login_required
@require_POST
def agenda_collect_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _arranged(request, meeting_id)
    try:
        added = agenda_collect(actor=request.user, meeting=meeting)
    except DomainError as error:
        return _refused(request, meeting, error)
    if added:
        messages.success(
            request, _("De agenda is bijgewerkt: %(count)s nieuwe punten.") % {"count": added}
        )
    else:
        messages.success(request, _("De agenda is bijgewerkt; er kwamen geen punten bij."))
    return redirect("meetings:agenda", meeting_id=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_add_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A member puts a point of their own on the agenda, optionally about a case."""
    meeting = meeting_for_user(request.user, meeting_id)
    if not may_work_cases(request.user):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = AgendaItemForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            case = None
            reference = data["case"].strip().upper()
            if reference:
                case = (
                    team_cases_for_user(request.user, meeting.team)
                    .filter(reference=reference)
                    .first()
                )
                if case is None:
                    form.add_error("case", _("Dit casusnummer is niet bekend in dit wijkteam."))
            if form.is_valid():
                try:
                    agenda_item_add(
                        actor=request.user,
                        meeting=meeting,
                        title=data["title"],
                        reason=data["reason"],
                        case=case,
                    )
                except DomainError as error:
                    add_domain_error(form, error, fallback="title")
                else:
                    messages.success(request, _("Het punt staat op de agenda."))
                    return _back(request, meeting)
        status = 400
    else:
        form = AgendaItemForm()
    return render(
        request,
        "meetings/agenda_item_form.html",
        {"meeting": meeting, "team": meeting.team, "form": form},
        status=status,
    )


@login_required
@require_POST
def agenda_item_shift_page(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """The buttons "omhoog" and "omlaag" (no JavaScript needed)."""
    meeting = _arranged(request, meeting_id)
    item = _item(meeting, item_id)
    direction = request.POST.get("direction", "")
    try:
        agenda_item_shift(actor=request.user, item=item, direction=direction)
    except DomainError as error:
        return _refused(request, meeting, error)
    return redirect(f"{_back(request, meeting).url}#item-{item.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_move_page(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """The chair moves an item to a later meeting of the team."""
    meeting = _arranged(request, meeting_id)
    item = _item(meeting, item_id)
    status = 200
    form = MoveItemForm(request.POST or None, meetings=later_meetings(meeting))
    if request.method == "POST":
        if form.is_valid():
            try:
                agenda_item_move(
                    actor=request.user, item=item, to_meeting=form.cleaned_data["to_meeting"]
                )
            except DomainError as error:
                add_domain_error(form, error, fallback="to_meeting")
            else:
                messages.success(request, _("Het punt is verplaatst naar het latere overleg."))
                return redirect("meetings:agenda", meeting_id=meeting.pk)
        status = 400
    return render(
        request,
        "meetings/agenda_item_move.html",
        {"meeting": meeting, "team": meeting.team, "form": form, "view": _view(request, item)},
        status=status,
    )


def _view(request: HttpRequest, item: AgendaItem) -> ItemView:
    return next(
        view for view in items_for_user(request.user, item.meeting) if view.item.pk == item.pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_remove_page(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Asks first: nothing is removed before the button on this page."""
    meeting = meeting_for_user(request.user, meeting_id)
    item = _item(meeting, item_id)
    if not may_remove(request.user, item):
        raise PermissionDenied
    if request.method == "POST":
        try:
            agenda_item_remove(actor=request.user, item=item)
        except DomainError as error:
            return _refused(request, meeting, error)
        messages.success(request, _("Het punt is van de agenda gehaald."))
        return _back(request, meeting)
    return render(
        request,
        "meetings/agenda_item_remove.html",
        {"meeting": meeting, "team": meeting.team, "view": _view(request, item)},
    )


@login_required
@require_POST
def agenda_publish_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _arranged(request, meeting_id)
    try:
        meeting = agenda_publish(actor=request.user, meeting=meeting)
    except DomainError as error:
        return _refused(request, meeting, error)
    if meeting.agenda_sent_at:
        messages.success(request, _("De agenda is gepubliceerd en naar de uitgenodigden gestuurd."))
    else:
        messages.success(
            request,
            _("De agenda is gepubliceerd. De uitgenodigden krijgen hem op %(moment)s.")
            % {"moment": send_moment(meeting).strftime("%d-%m-%Y %H:%M")},
        )
    return redirect("meetings:detail", meeting_id=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_flag_page(request: HttpRequest, reference: str) -> HttpResponse:
    """ "Aanmelden voor het wijkteamoverleg": a partner puts a case forward, with its reason."""
    case, _access = case_for_user(request.user, reference)
    if not may_flag(request.user, case):
        raise PermissionDenied
    status = 200
    form = FlagForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                case_flag_create(actor=request.user, case=case, reason=form.cleaned_data["reason"])
            except DomainError as error:
                add_domain_error(form, error, fallback="reason")
            else:
                messages.success(
                    request,
                    _("De casus is aangemeld; het volgende wijkteamoverleg bespreekt hem."),
                )
                return redirect("cases:detail", reference=case.reference)
        status = 400
    return render(
        request,
        "meetings/case_flag.html",
        {
            "case": case,
            "form": form,
            "existing": open_flag_of(case, request.user.organisation_id),
        },
        status=status,
    )
