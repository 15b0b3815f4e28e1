"""The residents' initiatives in the matrix's world (issue 18), with marker words in their
personal data and in what is for the team only, and who may see each marker.

The oracle, written from the issue's rule (not from ``wijkteam/initiatives/access.py``):
- the initiator's name (not to be shown: ``show_name`` is off) and email address: the members
  of wijk A's team and coordinators, on the staff pages. The project is in stage *plan*: from
  *in behandeling bij het wijkteam* on every member of the team sees them (before that only the
  gemeente's members do), so that here the rule is simply "the team";
- the supporters' email addresses and postcodes: nobody, on any page, Beheer's included;
- the team's internal remark, and the title of the initiative the team hid: the members of wijk
  A's team and coordinators, never on a public page (``initiatives:*``); the hidden title also
  functional admins in Beheer, whose read-only list of initiatives holds every one of them
  (tests/matrix/beheer.py: they may view initiatives there);
- the title of the idea its proposer did not confirm yet: who holds its link (the confirm page),
  the resident who just proposed it (the page after the form, from their cookie) and functional
  admins in Beheer; nobody else, the team included.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tests.matrix.visitors import RESIDENT, Visitor, in_team_a, is_functional_admin
from wijkteam.core.tokens import hash_token
from wijkteam.initiatives.milestones import milestone_add, milestone_publish
from wijkteam.initiatives.models import (
    ContributionKind,
    Initiative,
    InitiatorKind,
    Stage,
    Supporter,
    WijkCheck,
)
from wijkteam.initiatives.moderation import initiative_hide
from wijkteam.initiatives.plans import contribution_add, initiative_plan_set
from wijkteam.initiatives.proposals import IdeaInput, initiative_confirm, initiative_propose
from wijkteam.initiatives.remarks import initiative_remark_add
from wijkteam.initiatives.stages import initiative_stage_set
from wijkteam.initiatives.updates import SUPPORTER, unsubscribe_value
from wijkteam.initiatives.views.proposing import PROPOSED_COOKIE
from wijkteam.initiatives.views.supporting import SUPPORTED_COOKIE
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import LocationStatus
from wijkteam.signals.photos import process_photo

INITIATOR_MARKERS = ("Markerindiener", "markerindiener")
# Each supporter's address starts with the marker; the outbox in Beheer shows an address as its
# first letter and its domain only.
SUPPORTER_MARKERS = ("markersteuner", "8765QW", "8765 QW", "8764QW", "8764 QW")
REMARK_MARKERS = ("MARKERINTERN",)
HIDDEN_MARKERS = ("Markerverborgen",)
UNCONFIRMED_MARKERS = ("Markeronbevestigd",)
PROJECT_TITLE = "Buurtmoestuin aan de Perenlaan"
# The team partner whose contribution the world holds: its members mark it delivered.
CONTRIBUTOR = "welzijn"


@dataclass
class Initiatives:
    """The initiatives of the matrix's world, in wijk A, and what the matrix fills their routes'
    parameters with: the project (stage *plan*: an idea photo, welfare's promised contribution,
    a published and a draft milestone with a photo each, a confirmed supporter with a public
    comment, the team's remark), an idea the team hid, one that ended (did not go ahead), one
    whose proposer has not confirmed it yet and one whose link expired; and the supporters'
    links."""

    project: str
    hidden: str
    ended: str
    unconfirmed: str
    confirm_token: str
    expired_confirm_token: str
    support_token: str
    expired_support_token: str
    unsubscribe: str  # the confirmed supporter's (no update emails now)
    supporter_id: int  # the confirmed supporter, with a comment
    unconfirmed_supporter_id: int
    contribution_id: int  # welfare's, promised
    milestones: dict[str, int] = field(default_factory=dict)  # published, draft
    photos: dict[str, int] = field(default_factory=dict)  # idea_photo, published_photo, ...

    def value(self, key: str, parameter: str, variant) -> str:
        """What the matrix puts in a parameter of one of the initiatives' routes."""
        if parameter == "district_code":
            return "WK099999" if variant == "unknown_wijk" else "WK099901"
        if parameter == "reference":
            return {
                "hidden": self.hidden,
                "ended": self.ended,
                "unconfirmed": self.unconfirmed,
            }.get(variant, self.project)
        if parameter == "photo_id":
            return str(self.photos[variant])
        if parameter == "token":
            if key == "initiatives:confirm":
                links = {"link": self.confirm_token, "expired_link": self.expired_confirm_token}
            else:
                links = {"link": self.support_token, "expired_link": self.expired_support_token}
            return links.get(variant, "onbekende-code")
        if parameter == "value":
            return self.unsubscribe if variant == "link" else "vervalste-afmeldlink"
        if parameter == "contribution_id":
            return str(self.contribution_id)
        if parameter == "milestone_id":
            return str(self.milestones["draft"])
        if parameter == "supporter_id":
            return str(self.supporter_id)
        raise AssertionError(f"The matrix does not know how to fill <{parameter}> of {key}")


def initiative_leaks(body: str, visitor: Visitor, key: str, variant) -> list[str]:
    """The initiatives' markers in ``body`` that ``visitor`` may not see on route ``key``
    (asked about ``variant``)."""
    public = key.startswith("initiatives:")
    team = in_team_a(visitor) and not public
    beheer = is_functional_admin(visitor) and key.startswith(("admin:", "beheer/"))
    holder = (key == "initiatives:confirm" and variant == "link") or (
        key == "initiatives:proposed" and visitor is RESIDENT
    )
    hidden_from = SUPPORTER_MARKERS
    if not team:
        hidden_from += INITIATOR_MARKERS + REMARK_MARKERS
    if not (team or beheer):
        hidden_from += HIDDEN_MARKERS
    if not (holder or beheer):
        hidden_from += UNCONFIRMED_MARKERS
    return [marker for marker in hidden_from if marker in body]


# --- building them -----------------------------------------------------------------------------


def _place(world) -> ResolvedLocation:
    """A spot in buurt Perenlaan of wijk A, away from the cases' addresses."""
    return ResolvedLocation(
        status=LocationStatus.RESOLVED,
        latitude=52.0042,
        longitude=5.5142,
        street="Perenlaan",
        district_id=world.district_a.pk,
        neighbourhood_id=world.buurt_a2.pk,
    )


def _propose(world, title: str, *, name: str = "", email: str, photos=()) -> tuple:
    return initiative_propose(
        actor=SYSTEM,
        idea=IdeaInput(
            title=title,
            description="Samen met de buren iets moois maken van deze plek.",
            own_contribution="Wij doen het onderhoud.",
            cost_estimate=Decimal("1200.00"),
            initiator_kind=InitiatorKind.RESIDENT,
            initiator_name=name,
            initiator_email=email,
            show_name=False,
            wants_updates=True,
            language="nl",
        ),
        location=_place(world),
        photos=[process_photo(upload=photo) for photo in photos],
    )


def _confirmed(world, title: str, *, email: str, **more) -> Initiative:
    initiative, token = _propose(world, title, email=email, **more)
    return initiative_confirm(token=token)[0]


def _supporter(initiative: Initiative, email: str, postcode: str, **fields) -> Supporter:
    """A supporter as the public side stores one (support.py), with a link of its own."""
    return Supporter.objects.create(
        initiative=initiative,
        email=email,
        postcode=postcode,
        house_number=12,
        wijk_check=WijkCheck.OUTSIDE,
        language="nl",
        **fields,
    )


def build_initiatives(world, jpeg) -> tuple[Initiatives, dict[str, dict]]:
    """The initiatives, made through the services as residents and the team make them, and the
    shown-once notes of the resident who just proposed an idea and asked to support the
    project. ``jpeg``: makes a photo to upload."""
    manager = world.wijkmanager_a
    now = timezone.now()
    project = _confirmed(
        world,
        PROJECT_TITLE,
        name="Iris Markerindiener",
        email="iris.markerindiener@example.org",
        photos=[jpeg()],
    )
    for stage in (Stage.TEAM, Stage.PLAN):
        initiative_stage_set(actor=manager, initiative=project, stage=stage)
    initiative_plan_set(actor=manager, initiative=project, plan="De buren zaaien, welzijn helpt.")
    contribution = contribution_add(
        actor=world.opbouwwerker_a,
        initiative=project,
        organisation=world.welzijn,
        kind=ContributionKind.HOURS,
        amount=Decimal("6"),
        description="Een buurtmiddag organiseren",
        promised_on=timezone.localdate(),
    )
    published, draft = (
        milestone_add(
            actor=world.consulent_a,
            initiative=project,
            title=title,
            happened_on=timezone.localdate(),
            photos=[process_photo(upload=jpeg())],
        )
        for title in ("Grond omgespit", "Zaden besteld")
    )
    milestone_publish(actor=world.consulent_a, milestone=published)
    initiative_remark_add(
        actor=world.agent_a, initiative=project, text="MARKERINTERN de buurman wil niet meedoen"
    )
    supporter = _supporter(
        project,
        "markersteuner.een@example.org",
        "8765QW",
        comment="Goed voor de kinderen in de straat.",
        confirmed_at=now,
    )
    support_token, expired_support_token = "steunlink-matrix", "steunlink-verlopen"
    unconfirmed_supporter = _supporter(
        project,
        "markersteuner.twee@example.org",
        "8764QW",
        confirm_token_hash=hash_token(support_token),
    )
    _supporter(
        project,
        "markersteuner.drie@example.org",
        "8764QW",
        confirm_token_hash=hash_token(expired_support_token),
        created_at=now - timedelta(days=30),
    )

    hidden = _confirmed(world, "Markerverborgen hek bij nummer 4", email="hek@example.org")
    initiative_hide(actor=manager, initiative=hidden, reason="Noemt een buurman")
    ended = _confirmed(world, "Bankje bij de vijver", email="bankje@example.org")
    initiative_stage_set(
        actor=manager, initiative=ended, stage=Stage.STOPPED, message="Geen plek voor gevonden."
    )
    unconfirmed, confirm_token = _propose(
        world, "Markeronbevestigd idee voor een speelveld", email="speelveld@example.org"
    )
    expired, expired_confirm_token = _propose(world, "Oud idee", email="oud@example.org")
    Initiative.objects.filter(pk=expired.pk).update(created_at=now - timedelta(days=30))

    photos = {
        "idea_photo": project.photos.get(milestone__isnull=True).pk,
        "published_photo": published.photos.get().pk,
        "draft_photo": draft.photos.get().pk,
    }
    made = Initiatives(
        project=project.reference,
        hidden=hidden.reference,
        ended=ended.reference,
        unconfirmed=unconfirmed.reference,
        confirm_token=confirm_token,
        expired_confirm_token=expired_confirm_token,
        support_token=support_token,
        expired_support_token=expired_support_token,
        unsubscribe=unsubscribe_value(kind=SUPPORTER, pk=supporter.pk),
        supporter_id=supporter.pk,
        unconfirmed_supporter_id=unconfirmed_supporter.pk,
        contribution_id=contribution.pk,
        milestones={"published": published.pk, "draft": draft.pk},
        photos=photos,
    )
    notes = {
        PROPOSED_COOKIE: {
            "reference": unconfirmed.reference,
            "title": unconfirmed.title,
            "email": unconfirmed.initiator_email,
        },
        SUPPORTED_COOKIE: {"reference": project.reference},
    }
    return made, notes
