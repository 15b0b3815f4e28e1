"""The pages of the wijkteamoverleg: a team's meetings, one meeting, planning, moving and
cancelling, the schedule, and the calendar feed. Each page: input → access function → one
service → render."""

from django.conf import settings
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
from wijkteam.core.paging import page_number, page_of
from wijkteam.core.tokens import hash_token
from wijkteam.meetings.access import (
    default_chair,
    feed_meetings,
    invited_members,
    may_arrange,
    meeting_for_user,
    past_meetings,
    schedule_of,
    team_for_meetings,
    upcoming_meetings,
)
from wijkteam.meetings.forms import CancelForm, MeetingForm, MoveForm, ScheduleForm
from wijkteam.meetings.ical import calendar_of
from wijkteam.meetings.models import CalendarToken, Meeting
from wijkteam.meetings.planning import schedule_set
from wijkteam.meetings.services import (
    AMSTERDAM,
    When,
    calendar_token_renew,
    meeting_cancel,
    meeting_create,
    meeting_move,
)
from wijkteam.meetings.views.agenda import agenda_context
from wijkteam.partners.access import is_staff_member
from wijkteam.signals.forms import add_domain_error

PAGE_SIZE = 20
ICS = "text/calendar; charset=utf-8"


def _when(form) -> When:
    data = form.cleaned_data
    return When(day=data["day"], start=data["start_time"], end=data["end_time"])


@login_required
@require_GET
def team_meetings(request: HttpRequest, district_code: str) -> HttpResponse:
    """The team's meetings: those to come (soonest first), then those held (latest first)."""
    team = team_for_meetings(request.user, district_code)
    upcoming = page_of(
        upcoming_meetings(team), page_number(request.GET.get("pagina")), size=PAGE_SIZE
    )
    past = page_of(past_meetings(team), page_number(request.GET.get("eerder")), size=PAGE_SIZE)
    return render(
        request,
        "meetings/team_meetings.html",
        {
            "team": team,
            "district": team.district,
            "upcoming": upcoming,
            "past": past,
            "schedule": schedule_of(team),
            "may_arrange": may_arrange(request.user, team),
        },
    )


@login_required
@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, meeting_id)
    arranger = may_arrange(request.user, meeting.team, meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "team": meeting.team,
            "invited": list(meeting.invited.order_by("name")),
            "members": list(invited_members(meeting)),
            "arranger": arranger,  # for the holding button, too
            "may_arrange": arranger
            and not meeting.is_cancelled
            and meeting.ends_at > timezone.now(),
            **agenda_context(request.user, meeting, arranger=arranger),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create_page(request: HttpRequest, district_code: str) -> HttpResponse:
    team = team_for_meetings(request.user, district_code)
    if not may_arrange(request.user, team):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST, team=team)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = meeting_create(
                    actor=request.user,
                    team=team,
                    when=_when(form),
                    place=data["place"],
                    video_url=data["video_url"],
                    chair=data["chair"],
                    invited=list(data["invited"]),
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Het overleg is gepland."))
                return redirect("meetings:detail", meeting_id=meeting.pk)
        status = 400
    else:
        schedule = schedule_of(team)
        chair = default_chair(team)
        form = MeetingForm(
            team=team,
            initial={
                "start_time": schedule.start_time if schedule else "10:00",
                "end_time": schedule.end_time if schedule else "11:30",
                "place": schedule.place if schedule else "",
                "chair": chair.pk if chair else None,
                "invited": list(form_partners(team)),
            },
        )
    return render(
        request,
        "meetings/meeting_form.html",
        {"team": team, "district": team.district, "form": form},
        status=status,
    )


def form_partners(team) -> list[int]:
    return list(team.team_partners.values_list("organisation_id", flat=True))


def _arranged_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = meeting_for_user(request.user, meeting_id)
    if not may_arrange(request.user, meeting.team, meeting):
        raise PermissionDenied
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def meeting_move_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _arranged_meeting(request, meeting_id)
    status = 200
    if request.method == "POST":
        form = MoveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting_move(
                    actor=request.user,
                    meeting=meeting,
                    when=_when(form),
                    reason=data["reason"],
                    place=data["place"],
                    video_url=data["video_url"],
                )
            except DomainError as error:
                add_domain_error(form, error, fallback="reason")
            else:
                messages.success(request, _("Het overleg is verplaatst."))
                return redirect("meetings:detail", meeting_id=meeting.pk)
        status = 400
    else:
        starts, ends = (
            meeting.starts_at.astimezone(AMSTERDAM),
            meeting.ends_at.astimezone(AMSTERDAM),
        )
        form = MoveForm(
            initial={
                "day": starts.date(),
                "start_time": starts.time(),
                "end_time": ends.time(),
                "place": meeting.place,
                "video_url": meeting.video_url,
            }
        )
    return render(
        request,
        "meetings/meeting_move.html",
        {"meeting": meeting, "team": meeting.team, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Asks for the reason and confirms: nothing is cancelled before the button on this page."""
    meeting = _arranged_meeting(request, meeting_id)
    status = 200
    if request.method == "POST":
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                meeting_cancel(
                    actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                add_domain_error(form, error, fallback="reason")
            else:
                messages.success(request, _("Het overleg is afgelast."))
                return redirect("meetings:detail", meeting_id=meeting.pk)
        status = 400
    else:
        form = CancelForm()
    return render(
        request,
        "meetings/meeting_cancel.html",
        {"meeting": meeting, "team": meeting.team, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule_page(request: HttpRequest, district_code: str) -> HttpResponse:
    team = team_for_meetings(request.user, district_code)
    if not may_arrange(request.user, team):
        raise PermissionDenied
    schedule = schedule_of(team)
    status = 200
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                schedule_set(actor=request.user, team=team, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Het overlegrooster is opgeslagen."))
                return redirect("meetings:team", district_code=team.district.code)
        status = 400
    elif schedule is not None:
        form = ScheduleForm(
            initial={name: getattr(schedule, name) for name in ScheduleForm.base_fields}
        )
    else:
        form = ScheduleForm(
            initial={
                "weekday": 1,
                "interval_weeks": 2,
                "starts_on": timezone.localdate(),
                "start_time": "10:00",
                "end_time": "11:30",
                "is_active": True,
            }
        )
    return render(
        request,
        "meetings/schedule_form.html",
        {
            "team": team,
            "district": team.district,
            "form": form,
            "schedule": schedule,
            "plan_weeks": settings.WIJKTEAM_MEETINGS_PLAN_WEEKS,
        },
        status=status,
    )


@login_required
@require_GET
def meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """One meeting as an .ics file to open in a calendar."""
    meeting = meeting_for_user(request.user, meeting_id)
    body = calendar_of([meeting], name=str(meeting.team))
    response = HttpResponse(body, content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="wijkteamoverleg-{meeting.pk}.ics"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request: HttpRequest) -> HttpResponse:
    """Mijn agenda: the personal feed's link. The link is shown once, when it is made (only
    its hash is kept); making a new one stops the old."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    feed_url = None
    if request.method == "POST":
        token = calendar_token_renew(actor=request.user)
        feed_url = request.build_absolute_uri(reverse_feed(token))
    has_token = CalendarToken.objects.filter(user=request.user).exists()
    return render(
        request, "meetings/my_calendar.html", {"feed_url": feed_url, "has_token": has_token}
    )


def reverse_feed(token: str) -> str:
    return reverse("meetings:feed", kwargs={"token": token})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's meetings as a calendar feed, for calendar apps (which send no session): the
    secret in the URL says whose. An unknown or revoked secret gives 404."""
    found = (
        CalendarToken.objects.select_related("user__organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if found is None or not is_staff_member(found.user):
        raise Http404
    body = calendar_of(feed_meetings(found.user), name=_("Wijkteamoverleg"))
    response = HttpResponse(body, content_type=ICS)
    response["Cache-Control"] = "private, no-store"
    return response
