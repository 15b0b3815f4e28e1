"""Reads of meetings for a user, and who may arrange them. A team's meetings are for its
members (and the coordinator, who oversees every team); anyone else gets the same 404 as for a
team or meeting that does not exist."""

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from wijkteam.areas.boundaries import without_boundaries
from wijkteam.cases.access import may_chair, may_work_cases
from wijkteam.core.compiled import compiled
from wijkteam.meetings.models import Meeting, MeetingSchedule, MeetingStatus
from wijkteam.partners.access import in_team, is_staff_member, teams_for_user
from wijkteam.partners.models import Team, TeamFunction, TeamMember, User

# How far back a calendar feed reaches: recent meetings stay, the years before do not.
FEED_DAYS_BACK = 90


def may_see_meetings(user: User, team_id: int) -> bool:
    """A member of the team, or a coordinator."""
    return is_staff_member(user) and in_team(user, team_id)


def may_arrange(user: User, team: Team, meeting: Meeting | None = None) -> bool:
    """Plan, move and cancel the team's meetings and set its schedule: the team's wijkmanager
    or a coordinator (``may_chair``), and for one meeting also its chair."""
    if may_chair(user, team):
        return True
    return bool(
        meeting is not None
        and meeting.chair_id == user.pk
        and may_work_cases(user)
        and in_team(user, team.pk)
    )


def team_for_meetings(user: User, district_code: str) -> Team:
    """The wijkteam whose meetings the user may see, or 404."""
    team = teams_for_user(user).filter(district__code=district_code).first()
    if team is None or not may_see_meetings(user, team.pk):
        raise Http404
    return team


@compiled("meeting_id")
def _meeting(meeting_id: int) -> QuerySet[Meeting]:
    return without_boundaries(
        Meeting.objects.select_related("team__district", "chair__organisation")
    ).filter(pk=meeting_id)


def meeting_for_user(user: User, meeting_id: int) -> Meeting:
    """One meeting of a team the user may see, or 404 (missing and not yours alike). Its query
    is compiled once per process (core/compiled.py)."""
    meeting = _meeting.one(meeting_id=meeting_id)
    if meeting is None or not may_see_meetings(user, meeting.team_id):
        raise Http404
    return meeting


def upcoming_meetings(team: Team) -> QuerySet[Meeting]:
    """The team's meetings that have not ended, soonest first."""
    return (
        Meeting.objects.filter(team=team, ends_at__gte=timezone.now())
        .select_related("chair")
        .order_by("starts_at", "id")
    )


def past_meetings(team: Team) -> QuerySet[Meeting]:
    """The team's meetings that are over, the latest first."""
    return (
        Meeting.objects.filter(team=team, ends_at__lt=timezone.now())
        .select_related("chair")
        .order_by("-starts_at", "-id")
    )


def schedule_of(team: Team) -> MeetingSchedule | None:
    return MeetingSchedule.objects.filter(team=team).first()


def default_chair(team: Team) -> User | None:
    """The team's wijkmanager (the first, if it has more), who chairs by default."""
    member = (
        TeamMember.objects.filter(
            team=team,
            function=TeamFunction.WIJKMANAGER,
            user__is_active=True,
            user__is_api_account=False,
        )
        .select_related("user")
        .order_by("id")
        .first()
    )
    return member.user if member else None


def invited_members(meeting: Meeting) -> QuerySet[TeamMember]:
    """The team's members from the invited partners, who get the meeting in their calendar
    (people: never the account of a partner system's API client)."""
    return (
        TeamMember.objects.filter(
            team_id=meeting.team_id,
            user__is_active=True,
            user__is_api_account=False,
            user__organisation__in=meeting.invited.all(),
        )
        .select_related("user__organisation")
        .order_by("user__organisation__name", "user__full_name")
    )


def feed_meetings(user: User) -> QuerySet[Meeting]:
    """The meetings in a user's calendar feed: those of their teams to which their
    organisation is invited, and those they chair; from 90 days back on."""
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    invited = (
        Q(team__members__user=user, invited=user.organisation_id)
        if user.organisation_id
        else Q(pk__in=[])
    )
    return (
        without_boundaries(
            Meeting.objects.filter(invited | Q(chair=user), starts_at__gte=since).select_related(
                "team__district"
            )
        )
        .distinct()
        .order_by("starts_at", "id")
    )


# --- Part C (minutes): the team pages' glance at the meetings --------------------------------


def next_meeting(team_id: int) -> Meeting | None:
    """The team's next meeting that is not cancelled (the one under way counts), or None."""
    return (
        Meeting.objects.filter(team_id=team_id, ends_at__gte=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at", "id")
        .first()
    )


def latest_minutes(team_id: int) -> Meeting | None:
    """The team's latest meeting whose minutes are closed, or None."""
    return (
        Meeting.objects.filter(team_id=team_id, status=MeetingStatus.CLOSED)
        .order_by("-starts_at", "-id")
        .first()
    )
