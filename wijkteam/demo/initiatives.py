"""The demo's residents' initiatives, each as the people named would have taken it through
Wijkteam's own services, at the moments it happened:

- Engelenburg (Zuidoost): the big football cage on the field at the Engelenburgerweg, asked for
  by the bewonerscommissie with the youths, built with the gemeente's, the corporation's and
  Veens' contributions: *gerealiseerd*, with its milestones.
- Jan Roeckplantsoen (West): the blind wall the bewonerscommissie painted with the
  neighbourhood's children, after the gemeente removed the shrubs and paved the ground:
  *gerealiseerd*.
- Petenbos (Zuidoost): picnic tables at the pond; it reached the wijk's support threshold and
  lies with the wijkteam, so today's wijkteamoverleg has it on its agenda.
- Buurtstede (Oost): raised vegetable beds, a new idea collecting support.
- Oudeveen (Noord): a jeu-de-boules court that did not go ahead, with its reason.

Loaded once: a second run leaves the initiatives alone."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from wijkteam.areas.models import District
from wijkteam.demo.initiative_stories import (
    DEMO_INITIATIVES,
    ELSEWHERE,
    DemoContribution,
    DemoInitiative,
    DemoMilestone,
)
from wijkteam.demo.pictures import blind_wall, football_cage, vegetable_garden
from wijkteam.demo.places import demo_location
from wijkteam.initiatives.milestones import MILESTONE_STAGES, milestone_add, milestone_publish
from wijkteam.initiatives.models import (
    Contribution,
    Initiative,
    Stage,
)
from wijkteam.initiatives.plans import contribution_add, contribution_deliver, initiative_plan_set
from wijkteam.initiatives.proposals import IdeaInput, initiative_confirm, initiative_propose
from wijkteam.initiatives.stages import initiative_stage_set
from wijkteam.initiatives.support import SupportInput, support_confirm, support_request
from wijkteam.initiatives.thresholds import district_threshold_set
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation, User
from wijkteam.signals.photos import ProcessedPhoto

# Each wijk's own threshold (Zuidoost and Oost ask for support before the team takes an idea).
THRESHOLDS = {"WK034502": 10, "WK034505": 15}

# The pictures the stories name, drawn when they are stored.
PICTURES = {
    "cage": lambda: football_cage(with_players=False),
    "cage-opened": lambda: football_cage(with_players=True),
    "wall-before": lambda: blind_wall(stage="before"),
    "wall-paved": lambda: blind_wall(stage="paved"),
    "wall-mural": lambda: blind_wall(stage="mural"),
    "garden": vegetable_garden,
}


def _moment(days_ago: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def _day(days_ago: int) -> date:
    return timezone.localdate() - timedelta(days=days_ago)


def _wijkmanager(district_code: str) -> User:
    slug = {
        "WK034500": "centrum",
        "WK034501": "noordwest",
        "WK034502": "zuidoost",
        "WK034503": "noord",
        "WK034504": "west",
        "WK034505": "oost",
    }[district_code]
    return User.objects.get(email=f"wijkmanager.{slug}@gemeente.example")


def _pictures(keys: tuple[str, ...]) -> list[ProcessedPhoto]:
    return [PICTURES[key]() for key in keys]


def _propose(demo: DemoInitiative) -> Initiative:
    proposed = _moment(demo.proposed_days_ago)
    initiative, token = initiative_propose(
        actor=SYSTEM,
        idea=IdeaInput(
            title=demo.title,
            description=demo.description,
            own_contribution=demo.own_contribution,
            cost_estimate=demo.cost,
            initiator_kind=demo.initiator_kind,
            initiator_name=demo.initiator_name,
            initiator_email=demo.initiator_email,
            show_name=demo.show_name,
            # The demo's realised projects do not mail their initiators on every step again.
            wants_updates=not demo.stages,
            language="nl",
        ),
        location=demo_location(demo.point, street=demo.street),
        photos=_pictures(demo.pictures),
        at=proposed,
    )
    initiative, _confirmed = initiative_confirm(token=token, now=proposed + timedelta(hours=1))
    return initiative


def _support(demo: DemoInitiative, initiative: Initiative) -> None:
    """The supporters, confirmed on the days after the proposal; the first two of a live idea
    asked for updates."""
    slug = initiative.reference.lower()
    for number in range(demo.supporters_in_wijk + demo.supporters_elsewhere):
        in_wijk = number < demo.supporters_in_wijk
        asked = _moment(max(demo.proposed_days_ago - 1 - number % 10, 0), hour=12)
        lat, lon = demo.point if in_wijk else ELSEWHERE
        token = support_request(
            actor=SYSTEM,
            initiative=initiative,
            support=SupportInput(
                email=f"steun{number + 1:02d}.{slug}@bewoners.example",
                comment="Goed idee, ik help graag mee!" if number == 0 else "",
                wants_updates=not demo.stages and number < 2,
                language="nl",
            ),
            address=demo_location((lat + 0.0004 * (number % 5), lon)),
            at=asked,
        )
        if token:
            support_confirm(token=token, now=asked + timedelta(minutes=30))


def _realise(demo: DemoInitiative, initiative: Initiative, organisations: dict) -> None:
    """The team's part: its stages, plan, contributions and milestones, each on its day. A
    milestone is published in the stage the project was in when it happened."""
    wijkmanager = _wijkmanager(demo.district)
    contributions = []
    for index, (stage, days_ago) in enumerate(demo.stages):
        if not (stage == Stage.TEAM and initiative.stage == Stage.TEAM):
            # (the support threshold may have taken it to the team already)
            initiative = initiative_stage_set(
                actor=wijkmanager,
                initiative=initiative,
                stage=stage,
                message=demo.stop_reason if stage == Stage.STOPPED else "",
                at=_moment(days_ago),
            )
        if stage == Stage.PLAN:
            initiative_plan_set(actor=wijkmanager, initiative=initiative, plan=demo.plan)
            contributions = [
                (_contribute(initiative, wijkmanager, organisations, row), row)
                for row in demo.contributions
            ]
        if stage in MILESTONE_STAGES:
            next_days = demo.stages[index + 1][1] if index + 1 < len(demo.stages) else -1
            for milestone in demo.milestones:
                if next_days < milestone.days_ago <= days_ago:
                    _publish(initiative, wijkmanager, milestone)
    for row, contribution in contributions:
        if contribution.delivered_days_ago is not None:
            contribution_deliver(
                actor=wijkmanager,
                contribution=row,
                delivered_on=_day(contribution.delivered_days_ago),
            )


def _contribute(
    initiative: Initiative, actor: User, organisations: dict, row: DemoContribution
) -> Contribution:
    return contribution_add(
        actor=actor,
        initiative=initiative,
        organisation=organisations[row.partner] if row.partner else None,
        kind=row.kind,
        amount=row.amount,
        description=row.description,
        promised_on=_day(row.promised_days_ago),
    )


def _publish(initiative: Initiative, actor: User, milestone: DemoMilestone) -> None:
    added = milestone_add(
        actor=actor,
        initiative=initiative,
        title=milestone.title,
        happened_on=_day(milestone.days_ago),
        description=milestone.description,
        photos=_pictures((milestone.picture,)) if milestone.picture else (),
    )
    milestone_publish(actor=actor, milestone=added, at=_moment(milestone.days_ago, hour=16))


def initiatives_stage_load(organisations: dict[str, Organisation]) -> int:
    """Load the demo's initiatives once. Returns how many were made."""
    if Initiative.objects.exists():
        return 0
    for code, threshold in THRESHOLDS.items():
        district = District.objects.filter(code=code).first()
        if district is not None:
            district_threshold_set(actor=SYSTEM, district=district, threshold=threshold)
    made = 0
    for demo in DEMO_INITIATIVES:
        initiative = _propose(demo)
        _support(demo, initiative)
        initiative.refresh_from_db()
        _realise(demo, initiative, organisations)
        made += 1
    return made
