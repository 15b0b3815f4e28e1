"""What a meeting's agenda should have: Wijkteam puts on it, each with why it is there, what the
team has to discuss (issue "Wijkteamoverleg"):

1. the actions agreed in the team's previous closed meeting that are still open;
2. items of earlier meetings that come back (outcome "terug op de agenda") or were moved here;
3. the cases on the list for the overleg (a standing objection, or urgent without police);
4. actions past their due date; 5. cases more than three times over their response target;
6. cases a partner put forward ("aangemeld"); 7. residents' initiatives of the team's wijk that
wait for the team (stage *in behandeling bij het wijkteam*; hidden ones too: the team decides
about them all the same, and the reason says they are hidden); 8. reporters who are not
satisfied and wait.

A case on the agenda for several reasons is one item, its reasons joined; so is an initiative.
Reasons are stored, in the default language, and never hold personal data. Putting the wanted
items on the agenda, again and again, is agenda.py's."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkteam.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseAction,
    CaseStatus,
    Feedback,
    ProposalResponse,
    ProposalStatus,
    ResponseKind,
)
from wijkteam.cases.worklists import overdue_actions_of_team
from wijkteam.core.translation import in_default_language
from wijkteam.initiatives.models import Initiative, Stage, WijkCheck
from wijkteam.meetings.models import (
    AgendaItem,
    CaseFlag,
    ItemKind,
    ItemOutcome,
    Meeting,
    MeetingStatus,
)
from wijkteam.meetings.services import AMSTERDAM

REASON_LENGTH = 300


@dataclass
class Wanted:
    """One item the agenda should have, as the rules found it."""

    key: str
    kind: str
    case: Case | None = None
    action: CaseAction | None = None
    feedback: Feedback | None = None
    flag: CaseFlag | None = None
    initiative: Initiative | None = None
    carried_from: AgendaItem | None = None
    title: str = ""
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        text = "; ".join(dict.fromkeys(reason for reason in self.reasons if reason))
        return text if len(text) <= REASON_LENGTH else text[: REASON_LENGTH - 1] + "…"


def day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(AMSTERDAM).date()
    return formats.date_format(value, "j F Y")


def previous_closed_meeting(meeting: Meeting) -> Meeting | None:
    """The team's last meeting before this one whose minutes are closed."""
    return (
        Meeting.objects.filter(
            team_id=meeting.team_id, status=MeetingStatus.CLOSED, starts_at__lt=meeting.starts_at
        )
        .order_by("-starts_at", "-id")
        .first()
    )


class Agenda:
    """The wanted items in the order of the rules; a case gets one item, its reasons joined,
    and so does an initiative."""

    def __init__(self) -> None:
        self.items: dict[str, Wanted] = {}
        self.by_case: dict[int, Wanted] = {}
        self.by_initiative: dict[int, Wanted] = {}
        # Actions already given as a reason: an open action from the last meeting that is also
        # overdue is one reason, not two.
        self.actions: set[int] = set()

    def of(self, *, case: Case | None = None, initiative: Initiative | None = None):
        """The wanted item about this case or initiative so far, if any."""
        if case is not None:
            return self.by_case.get(case.pk)
        if initiative is not None:
            return self.by_initiative.get(initiative.pk)
        return None

    def add(
        self,
        key: str,
        kind: str,
        reason: str,
        *,
        case: Case | None = None,
        initiative: Initiative | None = None,
        **links,
    ):
        wanted = self.of(case=case, initiative=initiative) or self.items.get(key)
        if wanted is None:
            wanted = self.items[key] = Wanted(key=key, kind=kind, case=case)
            if case is not None:
                self.by_case[case.pk] = wanted
        if case is None and initiative is not None and wanted.initiative is None:
            wanted.initiative = initiative
            self.by_initiative[initiative.pk] = wanted
        for name, value in links.items():
            if value is not None and getattr(wanted, name) is None:
                setattr(wanted, name, value)
        wanted.reasons.append(reason)


def _case_key(case: Case) -> str:
    return f"case:{case.pk}"


def _open_actions(agenda: Agenda, meeting: Meeting, today: date) -> None:
    previous = previous_closed_meeting(meeting)
    if previous is None:
        return
    actions = (
        CaseAction.objects.filter(
            agenda_items__meeting=previous,
            done_at__isnull=True,
            case__retention_applied_at__isnull=True,
        )
        .select_related("case", "owner_organisation")
        .distinct()
        .order_by("due_date", "id")
    )
    for action in actions:
        facts = {"owner": action.owner_organisation.name, "due": day(action.due_date)}
        reason = (
            _("%(owner)s, uiterlijk %(due)s: over de termijn") % facts
            if action.due_date < today
            else _("%(owner)s, uiterlijk %(due)s") % facts
        )
        agenda.add(
            _case_key(action.case), ItemKind.OPEN_ACTION, reason, case=action.case, action=action
        )
        agenda.actions.add(action.pk)


def _carried(agenda: Agenda, meeting: Meeting) -> None:
    previous = previous_closed_meeting(meeting)
    back = AgendaItem.objects.none()
    if previous is not None:
        back = AgendaItem.objects.filter(meeting=previous, outcome=ItemOutcome.BACK)
    moved = AgendaItem.objects.filter(moved_to=meeting, outcome=ItemOutcome.MOVED)
    carried = (back | moved).select_related("case", "initiative", "meeting")
    for item in carried.order_by("meeting__starts_at", "position", "id"):
        if item.outcome == ItemOutcome.MOVED:
            why = _("Verplaatst van het overleg van %(day)s") % {"day": day(item.meeting.starts_at)}
        else:
            why = _("Uit het overleg van %(day)s") % {"day": day(item.meeting.starts_at)}
        agenda.add(
            f"carried:{item.pk}",
            ItemKind.CARRIED,
            why,
            case=item.case,
            initiative=item.initiative,
            carried_from=item,
            action=item.action,
            feedback=item.feedback,
            flag=item.flag,
        )
        wanted = agenda.items.get(f"carried:{item.pk}") or agenda.of(
            case=item.case, initiative=item.initiative
        )
        if not wanted.title and item.title:
            wanted.title = item.title


def _overleg_list(agenda: Agenda, meeting: Meeting) -> None:
    cases = list(
        Case.objects.filter(team_id=meeting.team_id, status=CaseStatus.ESCALATED)
        .select_related("category")
        .order_by("opened_at", "id")
    )
    objections: dict[int, list[ProposalResponse]] = {case.pk: [] for case in cases}
    for response in (
        ProposalResponse.objects.filter(
            proposal__case__in=cases,
            proposal__status=ProposalStatus.ESCALATED,
            kind__in=(ResponseKind.OBJECT, ResponseKind.COUNTER),
        )
        .select_related("organisation", "proposal")
        .order_by("organisation__name", "id")
    ):
        objections[response.proposal.case_id].append(response)
    for case in cases:
        standing = objections[case.pk]
        if standing:
            names = ", ".join(dict.fromkeys(r.organisation.name for r in standing))
            reason = _("Bezwaar of tegenvoorstel van %(names)s") % {"names": names}
        elif case.is_urgent:
            reason = _("Spoed, maar dit wijkteam heeft geen politie als partner")
        else:
            reason = _("Er is geen partner voor een voorstel")
        agenda.add(_case_key(case), ItemKind.OVERLEG_LIST, reason, case=case)


def _overdue_actions(agenda: Agenda, meeting: Meeting, today: date) -> None:
    for action in overdue_actions_of_team(meeting.team, today=today).exclude(
        case__status=CaseStatus.MERGED
    ):
        if action.pk in agenda.actions:
            continue
        agenda.actions.add(action.pk)
        agenda.add(
            _case_key(action.case),
            ItemKind.OVERDUE_ACTION,
            _("Actie over de termijn: uiterlijk %(due)s (%(owner)s)")
            % {"due": day(action.due_date), "owner": action.owner_organisation.name},
            case=action.case,
            action=action,
        )


def _very_late(agenda: Agenda, meeting: Meeting, now: datetime) -> None:
    for case in Case.objects.filter(
        team_id=meeting.team_id, status__in=OPEN_STATUSES, very_late_at__lt=now
    ).order_by("very_late_at", "id"):
        agenda.add(
            _case_key(case),
            ItemKind.VERY_LATE,
            _("Meer dan 3× over de reactietermijn (reactie uiterlijk %(due)s)")
            % {"due": day(case.due_at) if case.due_at else "-"},
            case=case,
        )


def _flagged(agenda: Agenda, meeting: Meeting) -> None:
    for flag in (
        CaseFlag.objects.filter(case__team_id=meeting.team_id, settled_at__isnull=True)
        .exclude(case__status=CaseStatus.MERGED)
        .select_related("case", "organisation")
        .order_by("flagged_at", "id")
    ):
        agenda.add(
            _case_key(flag.case),
            ItemKind.FLAGGED,
            _("Aangemeld door %(organisation)s: %(reason)s")
            % {"organisation": flag.organisation.name, "reason": flag.reason},
            case=flag.case,
            flag=flag,
        )


def _initiatives(agenda: Agenda, meeting: Meeting) -> None:
    """The wijk's initiatives that wait for the team, longest waiting first. The reason counts
    the support, never who gave it."""
    confirmed = Q(supporters__confirmed_at__isnull=False)
    waiting = (
        Initiative.objects.filter(
            district_id=meeting.team.district_id, stage=Stage.TEAM, confirmed_at__isnull=False
        )
        .annotate(
            support=Count("supporters", filter=confirmed),
            support_in_wijk=Count(
                "supporters", filter=confirmed & Q(supporters__wijk_check=WijkCheck.IN_WIJK)
            ),
        )
        .order_by("stage_changed_at", "id")
    )
    for initiative in waiting:
        since = initiative.stage_changed_at or initiative.confirmed_at
        reason = ngettext(
            "Bewonersinitiatief wacht sinds %(day)s op het wijkteam (%(count)s steunbetuiging, "
            "%(in_wijk)s uit de wijk)",
            "Bewonersinitiatief wacht sinds %(day)s op het wijkteam (%(count)s "
            "steunbetuigingen, %(in_wijk)s uit de wijk)",
            initiative.support,
        ) % {"day": day(since), "count": initiative.support, "in_wijk": initiative.support_in_wijk}
        if initiative.hidden_at is not None:
            reason += "; " + _("verborgen voor bewoners")
        agenda.add(
            f"initiative:{initiative.pk}",
            ItemKind.INITIATIVE,
            reason,
            initiative=initiative,
        )


def _dissatisfied(agenda: Agenda, meeting: Meeting) -> None:
    waiting = (
        Feedback.objects.filter(
            case__team_id=meeting.team_id,
            satisfied=False,
            follow_up="",
            case__retention_applied_at__isnull=True,
        )
        .exclude(case__status=CaseStatus.MERGED)
        .select_related("case")
        .order_by("created_at", "id")
    )
    for feedback in waiting:
        agenda.add(
            _case_key(feedback.case),
            ItemKind.DISSATISFIED,
            _("Melder niet tevreden sinds %(day)s en wacht op antwoord")
            % {"day": day(feedback.created_at)},
            case=feedback.case,
            feedback=feedback,
        )


def wanted_items(meeting: Meeting, *, now: datetime) -> list[Wanted]:
    """What the rules put on the meeting's agenda now, in the order of the rules; reasons in
    the default language (they are stored)."""
    agenda = Agenda()
    with in_default_language():
        today = now.astimezone(AMSTERDAM).date()
        _open_actions(agenda, meeting, today)
        _carried(agenda, meeting)
        _overleg_list(agenda, meeting)
        _overdue_actions(agenda, meeting, today)
        _very_late(agenda, meeting, now)
        _flagged(agenda, meeting)
        _initiatives(agenda, meeting)
        _dissatisfied(agenda, meeting)
    return list(agenda.items.values())
