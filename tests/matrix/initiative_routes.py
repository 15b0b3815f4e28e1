"""The residents' initiatives' routes (issue 18) with who may use them, what an allowed GET shows
and what an allowed POST with a valid form does. Their world is initiative_world.py.

- ``initiatives:*``, the residents' pages: anyone, logged in or not, gets the same answer (who
  is halfway in goes to the second step first, as everywhere). Only public initiatives are
  shown: an idea the team hid or its proposer did not confirm is not there (404), nor is a
  draft milestone's photo; a link never sent is not there either (404), and one that expired is
  gone (410); an initiative that ended takes no more support (409). As the answer is the same
  for everyone, a sample of visitors asks them (``same_for_all``).
- ``projects:*``, the wijkteam's pages: every member of wijk A's team (read-only users included)
  and coordinators see them; anyone else gets the 404 of what does not exist. The team's
  wijkmanager or a coordinator decides (stage, plan, threshold, moderation; other members
  403); members who may work, and coordinators, record contributions, milestones and remarks
  (read-only users 403). A member records and delivers their own organisation's contribution
  only; the wijkmanager and a coordinator anyone's.
"""

from django.utils import timezone

from tests.matrix.initiative_world import CONTRIBUTOR, PROJECT_TITLE
from tests.matrix.routes import (
    PUBLIC,
    TEAM_PAGE,
    Ask,
    Route,
    _in_a_a2,
    arranges,
    heading,
    is_resident,
    jpeg,
    team_worker,
    valid_link,
)
from tests.matrix.visitors import Visitor, chairs_team_a
from wijkteam.initiatives.models import (
    Contribution,
    ContributionStatus,
    DistrictInitiativeSettings,
    Initiative,
    InitiativeComment,
    Milestone,
    Stage,
    Supporter,
)


def _project(ask: Ask) -> Initiative:
    return Initiative.objects.get(reference=ask.matrix.initiatives.project)


def _is(*variants: str):
    """Who may: anyone, about these variants only."""
    return lambda visitor, subject: subject in variants


def _link_refused(subject) -> int:
    """A link that expired is gone (410); one never sent, or forged, is not there (404)."""
    return 410 if subject == "expired_link" else 404


def delivers(visitor: Visitor, subject=None) -> bool:
    """Marks welfare's contribution delivered: welfare's members who work in wijk A's team, its
    wijkmanager, a coordinator."""
    return team_worker(visitor) and (visitor.kind == CONTRIBUTOR or chairs_team_a(visitor))


def _idea_form(ask: Ask) -> dict:
    return {
        "upload_key": "matrix",
        "title": ask.tag("IDEE"),
        "description": "Een bankje bij de speeltuin, om even te zitten.",
        **_in_a_a2(),
        "initiator_kind": "bewoner",
        "initiator_name": "",
        "initiator_email": "idee@matrix.test",
        "wants_updates": "on",
        "website": "",
    }


def _support_form(ask: Ask) -> dict:
    return {
        "email": f"steun.{ask.visitor.key}@matrix.test",
        "postcode": "",
        "house_number": "",
        "house_number_addition": "",
        "comment": ask.tag("STEUN"),
        "website": "",
    }


def _contribution_form(ask: Ask) -> dict:
    """Their own organisation's (every organisation of the matrix is a partner of wijk A's
    team: each has members there)."""
    return {
        "contribution-organisation": str(ask.own_organisation.pk if ask.user else 0),
        "contribution-kind": "geld",
        "contribution-amount": "250,00",
        "contribution-description": ask.tag("BIJDRAGE"),
        "contribution-promised_on": timezone.localdate().isoformat(),
    }


def _supporter(ask: Ask, pk: int | None = None) -> Supporter:
    return Supporter.objects.get(pk=pk or ask.matrix.initiatives.supporter_id)


INITIATIVE_ROUTES: dict[str, Route] = {
    # --- the residents' pages ------------------------------------------------------------------
    "initiatives:index": Route(PUBLIC, same_for_all=True, proof=heading("Bewonersinitiatieven")),
    "initiatives:propose": Route(
        PUBLIC,
        same_for_all=True,
        post=True,
        proof=heading("Stel een idee voor uw buurt voor"),
        form=_idea_form,
        done=lambda ask: Initiative.objects.filter(
            title=ask.tag("IDEE"), confirmed_at__isnull=True
        ).exists(),
    ),
    # "Bevestig uw e-mailadres" is shown once, to who just proposed; anyone else goes to the form.
    "initiatives:proposed": Route(
        PUBLIC,
        same_for_all=True,
        may=is_resident,
        refused=302,
        proof=heading("Bevestig uw e-mailadres"),
    ),
    "initiatives:confirm": Route(
        PUBLIC,
        same_for_all=True,
        post=True,
        records=("link", "expired_link", "wrong_link"),
        sampled=("expired_link", "wrong_link"),
        may=valid_link,
        refused=_link_refused,
        proof=heading("Uw idee bevestigen"),
        form=lambda ask: {},
        done=lambda ask: Initiative.objects.filter(
            reference=ask.matrix.initiatives.unconfirmed, confirmed_at__isnull=False
        ).exists(),
    ),
    "initiatives:wijk": Route(
        PUBLIC,
        same_for_all=True,
        records=("wijk", "unknown_wijk"),
        sampled=("unknown_wijk",),
        may=_is("wijk"),
        refused=404,
        proof=heading("Bewonersinitiatieven in Wijk 01 Testoord"),
    ),
    "initiatives:detail": Route(
        PUBLIC,
        same_for_all=True,
        records=("project", "hidden", "unconfirmed"),
        sampled=("hidden", "unconfirmed"),
        may=_is("project"),
        refused=404,
        proof=heading(PROJECT_TITLE),
    ),
    # The idea's photos and those of published milestones; a draft milestone's is not public.
    "initiatives:photo": Route(
        PUBLIC,
        same_for_all=True,
        records=("idea_photo", "published_photo", "draft_photo"),
        sampled=("published_photo", "draft_photo"),
        may=_is("idea_photo", "published_photo"),
        refused=404,
        proof=heading("JFIF"),
    ),
    "initiatives:support": Route(
        PUBLIC,
        same_for_all=True,
        post=True,
        records=("project", "ended"),
        sampled=("ended",),
        proof=heading("Steun dit idee"),
        form=_support_form,
        done=lambda ask: Supporter.objects.filter(
            comment=ask.tag("STEUN"), confirmed_at__isnull=True
        ).exists(),
        possible=("project",),
        stuck=409,  # it ended: the page says so
    ),
    # "Kijk in uw e-mail" is shown once, to who just asked; anyone else goes to the initiative.
    "initiatives:supported": Route(
        PUBLIC,
        same_for_all=True,
        may=is_resident,
        refused=302,
        proof=heading("Bijna klaar: kijk in uw e-mail"),
    ),
    "initiatives:support_confirm": Route(
        PUBLIC,
        same_for_all=True,
        post=True,
        records=("link", "expired_link", "wrong_link"),
        sampled=("expired_link", "wrong_link"),
        may=valid_link,
        refused=_link_refused,
        proof=heading("Uw steun bevestigen"),
        form=lambda ask: {},
        done=lambda ask: (
            _supporter(ask, ask.matrix.initiatives.unconfirmed_supporter_id).confirmed_at
            is not None
        ),
    ),
    # The link in every update email: opening it stops them, its button sends them again.
    "initiatives:unsubscribe": Route(
        PUBLIC,
        same_for_all=True,
        post=True,
        records=("link", "forged_link"),
        sampled=("forged_link",),
        may=valid_link,
        refused=404,
        proof=heading("Afgemeld"),
        form=lambda ask: {},
        done=lambda ask: _supporter(ask).wants_updates,
        done_status=200,
    ),
    # --- the wijkteam's pages ------------------------------------------------------------------
    "projects:team": Route(
        TEAM_PAGE, proof=heading("Bewonersinitiatieven en wijkprojecten Wijk 01 Testoord")
    ),
    "projects:budget": Route(
        TEAM_PAGE,
        records=("page", "csv"),
        query=lambda variant: "formaat=csv" if variant == "csv" else "",
        # The CSV file: the project, with welfare's hours promised this year.
        proof=lambda ask: (
            ask.matrix.initiatives.project
            if ask.variant == "csv"
            else "Budgetoverzicht Wijk 01 Testoord"
        ),
    ),
    "projects:threshold": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {"support_threshold": "7"},
        done=lambda ask: DistrictInitiativeSettings.objects.filter(
            district__code="WK099901", support_threshold=7
        ).exists(),
    ),
    "projects:detail": Route(TEAM_PAGE, proof=lambda ask: ask.matrix.initiatives.project),
    # The team sees a draft milestone's photo too.
    "projects:photo": Route(TEAM_PAGE, records=("draft_photo",), proof=heading("JFIF")),
    "projects:stage": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {"stage-stage": Stage.UNDERWAY, "stage-message": ask.tag("FASE")},
        done=lambda ask: _project(ask).stage == Stage.UNDERWAY,
    ),
    "projects:plan": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {"plan-plan": ask.tag("PLAN")},
        done=lambda ask: _project(ask).plan == ask.tag("PLAN"),
    ),
    "projects:contribution_add": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=team_worker,
        form=_contribution_form,
        done=lambda ask: Contribution.objects.filter(description=ask.tag("BIJDRAGE")).exists(),
    ),
    "projects:contribution_deliver": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=team_worker,
        # Another organisation's member is told on the project's page that welfare or the
        # wijkmanager marks it delivered; nothing changes.
        possible=delivers,
        stuck=302,
        form=lambda ask: {f"deliver{ask.matrix.initiatives.contribution_id}-delivered_on": ""},
        done=lambda ask: Contribution.objects.filter(
            pk=ask.matrix.initiatives.contribution_id, status=ContributionStatus.DELIVERED
        ).exists(),
    ),
    "projects:milestone_add": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=team_worker,
        form=lambda ask: {
            "milestone-title": ask.tag("MIJLPAAL"),
            "milestone-happened_on": timezone.localdate().isoformat(),
            "milestone-description": "",
            "milestone-photos": [jpeg()],
        },
        done=lambda ask: Milestone.objects.filter(title=ask.tag("MIJLPAAL")).exists(),
    ),
    # Asks first (it emails the residents who want updates): the draft milestone.
    "projects:milestone_publish": Route(
        TEAM_PAGE,
        post=True,
        may=team_worker,
        proof=heading("Mijlpaal publiceren als bericht"),
        form=lambda ask: {},
        done=lambda ask: Milestone.objects.filter(
            pk=ask.matrix.initiatives.milestones["draft"], published_at__isnull=False
        ).exists(),
    ),
    "projects:comment_add": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=team_worker,
        form=lambda ask: {"remark-text": ask.tag("OPMERKING")},
        done=lambda ask: InitiativeComment.objects.filter(text=ask.tag("OPMERKING")).exists(),
    ),
    "projects:moderate": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {"handeling": "verbergen", "visibility-reason": ask.tag("VERBORGEN")},
        done=lambda ask: _project(ask).hidden_at is not None,
    ),
    "projects:support_comment_hide": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {
            f"hide{ask.matrix.initiatives.supporter_id}-reason": ask.tag("REACTIE"),
        },
        done=lambda ask: _supporter(ask).comment_hidden_at is not None,
    ),
}
