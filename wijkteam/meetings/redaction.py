"""What one viewer reads of a meeting's agenda and minutes (DESIGN §6), written once for the
screen, the emailed agenda, the emailed minutes and the PDF: every one of them renders the
``ItemView``s made here and nothing else of an item.

- An item about a case whose details the viewer may not see reads "Vertrouwelijk agendapunt
  (categorie, buurt)": no reference, no reason, no minutes, no addenda, no link. Of its agreed
  actions only those the viewer's organisation owns remain (it must know its own work, as in
  Mijn werk).
- A member's own item without a case is for everyone invited: its heading and reason as typed.
- An item about a residents' initiative is for everyone invited too (the team decides about it
  together): its number, title and buurt, the reason (support counted, never who), minutes and
  addenda, and a link to the team's page of the initiative. None of it is personal data: the
  initiator and the supporters are not named on the agenda.
- A screen viewer is a user (``viewer_of``); a partner's copy is its organisation as a member
  of the team (``organisation_viewer``). Showing a user the details of a case-partners or
  confidential case is logged in the access log, as the case page does.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from wijkteam.access.log import access_log_views
from wijkteam.access.rules import Viewer
from wijkteam.areas.boundaries import without_boundaries
from wijkteam.cases.models import Case, CaseAction
from wijkteam.cases.visibility import DETAILS, cases_q
from wijkteam.core.compiled import compiled
from wijkteam.initiatives.models import Initiative
from wijkteam.meetings.models import AgendaItem, Meeting, MinutesAddendum
from wijkteam.partners.access import ORGANISATION, organisation_viewer, viewer_of
from wijkteam.partners.models import User


@dataclass(frozen=True)
class ItemView:
    """One agenda item as a viewer may read it."""

    item: AgendaItem
    number: int
    confidential: bool
    heading: str
    reason: str
    minutes: str
    # The case to link to; None when confidential or when the item has none.
    case: Case | None
    actions: list[CaseAction] = field(default_factory=list)
    addenda: list[MinutesAddendum] = field(default_factory=list)
    # Why it is on the agenda (blank when confidential: the kind can tell about the case) and
    # what the meeting did with it: labels in the reader's language, never personal data.
    kind: str = ""
    outcome: str = ""
    # The residents' initiative the item is about, if any (team-level: never confidential).
    initiative: Initiative | None = None

    @property
    def link(self) -> str:
        """Where the item's heading leads: its case's page, or the team's page of its
        initiative; empty for a confidential item and for a member's item without a case."""
        if self.case is not None:
            return reverse("cases:detail", kwargs={"reference": self.case.reference})
        if self.initiative is not None:
            return reverse("projects:detail", kwargs={"reference": self.initiative.reference})
        return ""


@compiled("meeting_id")
def _items_of(meeting_id: int) -> QuerySet[AgendaItem]:
    return (
        without_boundaries(
            AgendaItem.objects.filter(meeting_id=meeting_id).select_related(
                "case__category", "case__neighbourhood", "initiative__neighbourhood", "added_by"
            )
        )
        .prefetch_related(
            Prefetch(
                "agreed_actions",
                queryset=CaseAction.objects.select_related("owner_organisation", "owner_user"),
            ),
            Prefetch("addenda", queryset=MinutesAddendum.objects.select_related("author")),
        )
        .order_by("position", "id")
    )


def meeting_items(meeting: Meeting) -> list[AgendaItem]:
    """A meeting's items in agenda order, with what every view of them needs (their case's
    category and buurt or their initiative's buurt, their agreed actions with owners, their
    addenda): four queries, the first compiled once per process (core/compiled.py)."""
    return _items_of.instances(meeting_id=meeting.pk)


def confidential_heading(case: Case) -> str:
    place = case.neighbourhood.name if case.neighbourhood_id else _("wijk")
    return _("Vertrouwelijk agendapunt (%(category)s, %(place)s)") % {
        "category": case.category.name,
        "place": place,
    }


def case_heading(case: Case) -> str:
    place = f" ({case.neighbourhood.name})" if case.neighbourhood_id else ""
    return f"{case.reference} – {case.category.name}{place}"


def initiative_heading(initiative: Initiative) -> str:
    place = f" ({initiative.neighbourhood.name})" if initiative.neighbourhood_id else ""
    return f"{initiative.reference} – {initiative.title}{place}"


def _details_visible(viewer: Viewer, case_ids: set[int]) -> set[int]:
    if not case_ids:
        return set()
    return set(
        Case.objects.filter(pk__in=case_ids)
        .filter(cases_q(viewer, DETAILS))
        .values_list("pk", flat=True)
    )


def items_for_viewer(
    viewer: Viewer, items: list[AgendaItem], *, user: User | None = None
) -> list[ItemView]:
    """The items (from ``meeting_items``) as ``viewer`` may read them, numbered in order. With
    ``user`` (a page), the details shown of case-partners and confidential cases are logged."""
    visible = _details_visible(viewer, {item.case_id for item in items if item.case_id})
    own = viewer.values(ORGANISATION)
    views = []
    for number, item in enumerate(items, start=1):
        case = item.case
        actions = list(item.agreed_actions.all())
        if case is not None and case.pk not in visible:
            views.append(
                ItemView(
                    item=item,
                    number=number,
                    confidential=True,
                    heading=confidential_heading(case),
                    reason="",
                    minutes="",
                    case=None,
                    actions=[a for a in actions if a.owner_organisation_id in own],
                    outcome=item.get_outcome_display() if item.outcome else "",
                )
            )
            continue
        initiative = item.initiative if case is None else None
        if item.title:
            heading = item.title
        elif case is not None:
            heading = case_heading(case)
        elif initiative is not None:
            heading = initiative_heading(initiative)
        else:
            heading = ""
        views.append(
            ItemView(
                item=item,
                number=number,
                confidential=False,
                heading=heading,
                reason=item.reason,
                minutes=item.minutes,
                case=case,
                actions=actions,
                addenda=list(item.addenda.all()),
                kind=item.get_kind_display(),
                outcome=item.get_outcome_display() if item.outcome else "",
                initiative=initiative,
            )
        )
    if user is not None:
        shown = {view.case.pk: view.case for view in views if view.case is not None}
        access_log_views(
            user=user,
            records=[(case, case.reference, case.sensitivity) for case in shown.values()],
        )
    return views


def items_for_user(user: User, meeting: Meeting) -> list[ItemView]:
    """The meeting's items as a staff member reads them on screen (logged)."""
    return items_for_viewer(viewer_of(user), meeting_items(meeting), user=user)


def items_for_partner(organisation_id: int, meeting: Meeting) -> list[ItemView]:
    """The meeting's items as an invited partner's copy shows them (email, PDF)."""
    return items_for_viewer(
        organisation_viewer(organisation_id, team_id=meeting.team_id), meeting_items(meeting)
    )
