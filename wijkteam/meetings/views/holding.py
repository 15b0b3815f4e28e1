"""Holding the wijkteamoverleg: the chair's page (open the meeting, attendance, item by item the
minutes, the decision, the actions and the outcome; the minutes also autosaved as JSON) and the
follow page for the other members, refreshed as a fragment. Every page works without
JavaScript. Each page: input → access function → one service → render."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from wijkteam.cases.models import CaseStatus
from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.meetings.access import may_arrange, meeting_for_user
from wijkteam.meetings.holding import (
    attendance_record,
    item_action_add,
    item_decide,
    item_minutes_save,
    item_outcome_set,
    meeting_start,
)
from wijkteam.meetings.holding_forms import (
    ActionForm,
    AttendanceForm,
    DecisionForm,
    MinutesForm,
    OutcomeForm,
)
from wijkteam.meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from wijkteam.meetings.redaction import items_for_user
from wijkteam.meetings.services import AMSTERDAM
from wijkteam.partners.models import Organisation, Role, User
from wijkteam.partners.team_partners import active_organisations
from wijkteam.signals.forms import add_domain_error

DECIDABLE = (CaseStatus.CONSULTATION, CaseStatus.ESCALATED)


def _held_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    """The meeting, for who holds it (its chair, or who arranges the team's meetings)."""
    meeting = meeting_for_user(request.user, meeting_id)
    if not may_arrange(request.user, meeting.team, meeting):
        raise PermissionDenied
    return meeting


def _held_item(request: HttpRequest, meeting_id: int, item_id: int) -> AgendaItem:
    """One item of that meeting (an item of another meeting is a 404, as a missing one)."""
    meeting = _held_meeting(request, meeting_id)
    item = AgendaItem.objects.select_related("case").filter(pk=item_id, meeting=meeting).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return item


def _attendance_rows(meeting: Meeting) -> list[tuple[Organisation, Attendance | None]]:
    rows = {row.organisation_id: row for row in Attendance.objects.filter(meeting=meeting)}
    return [(o, rows.get(o.pk)) for o in meeting.invited.order_by("name")]


def _hold_context(request: HttpRequest, meeting: Meeting, bound: dict) -> dict:
    """Everything the chair's page shows, in a fixed number of queries whatever the agenda's
    length. ``bound`` holds a refused form by (kind, id), shown again with its input."""
    in_progress = meeting.status == MeetingStatus.IN_PROGRESS
    context: dict = {"meeting": meeting, "team": meeting.team, "in_progress": in_progress}
    context["attendance"] = [
        {
            "organisation": organisation,
            "row": row,
            "form": bound.get(("attendance", organisation.pk))
            or AttendanceForm(
                prefix=f"att{organisation.pk}",
                initial={
                    "presence": row.presence if row else "",
                    "names": row.names if row else "",
                },
            ),
        }
        for organisation, row in _attendance_rows(meeting)
    ]
    partners, members = _partners(meeting), _members(meeting)
    organisations = active_organisations()
    rows = []
    for view in items_for_user(request.user, meeting):
        item, case = view.item, view.case
        row = {"view": view, "lead": None}
        if in_progress and not view.confidential:
            row["minutes_form"] = bound.get(("minutes", item.pk)) or MinutesForm(
                prefix=f"m{item.pk}", initial={"minutes": view.minutes}
            )
        if case is not None:
            row["lead"] = organisations.get(case.lead_id)
            if in_progress and case.status in DECIDABLE:
                row["decision_form"] = bound.get(("decision", item.pk)) or DecisionForm(
                    prefix=f"d{item.pk}", partners=partners
                )
            if in_progress and case.is_open:
                row["action_form"] = bound.get(("action", item.pk)) or ActionForm(
                    prefix=f"a{item.pk}",
                    partners=partners,
                    members=members,
                    initial={"owner_organisation": case.lead_id},
                )
        rows.append(row)
    context["rows"] = rows
    return context


def _render_hold(request: HttpRequest, meeting: Meeting, bound=None, status: int = 200):
    context = _hold_context(request, meeting, bound or {})
    return render(request, "meetings/hold.html", context, status=status)


def _back(meeting: Meeting, item: AgendaItem | None = None):
    url = reverse("meetings:hold", kwargs={"meeting_id": meeting.pk})
    return redirect(f"{url}#punt-{item.pk}" if item is not None else url)


@never_cache
@login_required
@require_GET
def hold_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Overleg houden: the chair's page."""
    return _render_hold(request, _held_meeting(request, meeting_id))


@login_required
@require_POST
def hold_start(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _held_meeting(request, meeting_id)
    try:
        meeting_start(actor=request.user, meeting=meeting)
    except DomainError as error:
        messages.error(request, error.message)
        return _render_hold(request, meeting, status=400)
    messages.success(request, _("Het overleg is geopend."))
    return _back(meeting)


@login_required
@require_POST
def hold_attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The attendance of every invited partner in the form, saved at once."""
    meeting = _held_meeting(request, meeting_id)
    forms = {
        organisation: AttendanceForm(request.POST, prefix=f"att{organisation.pk}")
        for organisation in meeting.invited.order_by("name")
        if f"att{organisation.pk}-presence" in request.POST
    }
    if not forms:
        messages.error(request, _("Kies voor elke partner aanwezig, afgemeld of afwezig."))
        return _render_hold(request, meeting, status=400)
    bound = {("attendance", organisation.pk): form for organisation, form in forms.items()}
    if all(form.is_valid() for form in forms.values()):
        try:
            attendance_record(
                actor=request.user,
                meeting=meeting,
                entries=[
                    (organisation, form.cleaned_data["presence"], form.cleaned_data["names"])
                    for organisation, form in forms.items()
                ],
            )
        except DomainError as error:
            add_domain_error(next(iter(forms.values())), error, fallback="presence")
        else:
            messages.success(request, _("De aanwezigheid is opgeslagen."))
            return _back(meeting)
    return _render_hold(request, meeting, bound, status=400)


def _number(value) -> int:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else 0


@login_required
@require_POST
def hold_minutes(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """The minutes of one item, sent with the form's button (without JavaScript)."""
    item = _held_item(request, meeting_id, item_id)
    form = MinutesForm(request.POST, prefix=f"m{item.pk}")
    if form.is_valid():
        try:
            item_minutes_save(actor=request.user, item=item, text=form.cleaned_data["minutes"])
        except DomainError as error:
            add_domain_error(form, error, fallback="minutes")
        else:
            messages.success(request, _("De notulen zijn opgeslagen."))
            return _back(item.meeting, item)
    return _render_hold(request, item.meeting, {("minutes", item.pk): form}, status=400)


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"saved": False, "error": message}, status=status)


@never_cache
@login_required
@require_POST
def hold_autosave(request: HttpRequest, meeting_id: int, item_id: int) -> JsonResponse:
    """The minutes of one item as the chair types (minutes.js): JSON with the time saved, or
    the reason why not (404 and 403 as JSON too, so the page can say so)."""
    try:
        item = _held_item(request, meeting_id, item_id)
    except Http404:
        return _json_error(_("Dit agendapunt bestaat niet (meer)."), 404)
    except PermissionDenied:
        return _json_error(_("Alleen de voorzitter notuleert dit overleg."), 403)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        return _json_error(" ".join(form.errors.get("minutes", [_("Ongeldige invoer.")])), 400)
    try:
        item = item_minutes_save(actor=request.user, item=item, text=form.cleaned_data["minutes"])
    except DomainError as error:
        return _json_error(error.message, 403 if error.code == FORBIDDEN else 400)
    saved = (item.minutes_updated_at or timezone.now()).astimezone(AMSTERDAM)
    clock = time_format(saved, "H:i")
    return JsonResponse(
        {
            "saved": True,
            "saved_at": saved.isoformat(),
            "message": _("Opgeslagen om %(time)s") % {"time": clock},
        }
    )


@login_required
@require_POST
def hold_decide(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = _held_item(request, meeting_id, item_id)
    form = DecisionForm(request.POST, prefix=f"d{item.pk}", partners=_partners(item.meeting))
    if form.is_valid():
        data = form.cleaned_data
        try:
            item_decide(
                actor=request.user,
                item=item,
                lead=data["lead"],
                involved=data["involved"],
                reasoning=data["reasoning"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="reasoning")
        else:
            messages.success(request, _("Het besluit is vastgelegd en staat bij de casus."))
            return _back(item.meeting, item)
    return _render_hold(request, item.meeting, {("decision", item.pk): form}, status=400)


def _partners(meeting: Meeting) -> list[Organisation]:
    return list(
        Organisation.objects.filter(team_partners__team_id=meeting.team_id, is_active=True)
        .order_by("name")
        .distinct()
    )


def _members(meeting: Meeting) -> list[User]:
    return list(
        User.objects.filter(
            team_memberships__team_id=meeting.team_id, is_active=True, is_api_account=False
        )
        .exclude(role=Role.LEZER)
        .select_related("organisation")
        .order_by("organisation__name", "full_name")
    )


@login_required
@require_POST
def hold_action(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = _held_item(request, meeting_id, item_id)
    form = ActionForm(
        request.POST,
        prefix=f"a{item.pk}",
        partners=_partners(item.meeting),
        members=_members(item.meeting),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            item_action_add(
                actor=request.user,
                item=item,
                description=data["description"],
                owner_organisation=data["owner_organisation"],
                owner_user=data["owner_user"],
                due_date=data["due_date"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="description")
        else:
            messages.success(request, _("De afspraak is vastgelegd en staat bij de casus."))
            return _back(item.meeting, item)
    return _render_hold(request, item.meeting, {("action", item.pk): form}, status=400)


@login_required
@require_POST
def hold_outcome(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = _held_item(request, meeting_id, item_id)
    form = OutcomeForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Kies besproken of terug op de agenda."))
        item_outcome_set(actor=request.user, item=item, outcome=form.cleaned_data["outcome"])
    except DomainError as error:
        messages.error(request, error.message)
        return _render_hold(request, item.meeting, status=400)
    messages.success(request, _("De uitkomst is opgeslagen."))
    return _back(item.meeting, item)


# --- following ---------------------------------------------------------------------------------


def _follow_state(request: HttpRequest, meeting: Meeting) -> str:
    """The follow page's changing part, with a version (a digest of what it shows) so that
    follow.js replaces it only when something changed."""
    organisations = active_organisations()
    context = {
        "meeting": meeting,
        "attendance": _attendance_rows(meeting),
        "items": [
            (view, organisations.get(view.case.lead_id) if view.case is not None else None)
            for view in items_for_user(request.user, meeting)
        ],
    }
    inner = render_to_string("meetings/_follow_state.html", context, request=request)
    version = hashlib.sha256(inner.encode()).hexdigest()[:16]
    return format_html('<div id="follow-state" data-version="{}">{}</div>', version, inner)


@never_cache
@login_required
@require_GET
def follow_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Overleg volgen: the meeting read-only, for every member who may see it."""
    meeting = meeting_for_user(request.user, meeting_id)
    return render(
        request,
        "meetings/follow.html",
        {
            "meeting": meeting,
            "team": meeting.team,
            "state": _follow_state(request, meeting),
            "may_hold": may_arrange(request.user, meeting.team, meeting),
        },
    )


@never_cache
@login_required
@require_GET
def follow_fragment(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The follow page's changing part alone, for follow.js (same access as the page)."""
    meeting = meeting_for_user(request.user, meeting_id)
    return HttpResponse(_follow_state(request, meeting))
