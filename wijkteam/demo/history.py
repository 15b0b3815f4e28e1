"""A past for the Veenendaal demo: eighteen months of triage decisions by the six wijkteams.

Each team follows its own habits (habits.py) most of the time, not always: some decisions follow
the category default, a few go to another partner. The plan comes from a seeded
``random.Random``, so a seed always gives the same past. Loading goes through the ordinary
doors: ``signal_intake`` (backdated) places each signal in a case of its own and starts the
triage; the chair of the wijkteamoverleg then records the decision with ``case_decide``.

The demo loads a modest history, so that proposals can say what the team decided before;
bench/triage_suggestion.py loads a larger one to measure how well that works.
"""

import random
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

import shapely
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from shapely.geometry import Point, shape

from wijkteam.access.services import config_record_save
from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.closure.messages import closure_texts
from wijkteam.cases.closure.outcome import case_close, case_resolve
from wijkteam.cases.models import Case, CaseStatus, Outcome, TriageRule
from wijkteam.cases.triage.responses import case_decide
from wijkteam.demo import habits, veenendaal
from wijkteam.intake.services import signal_intake
from wijkteam.notifications.services import notifications_muted
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import (
    Organisation,
    OrganisationKind,
    Role,
    Team,
    TeamFunction,
    TeamMember,
    User,
)
from wijkteam.signals.locations import LocationInput
from wijkteam.signals.models import Category, Channel

DEMO_DISTRICTS = tuple(d.code for d in veenendaal.DISTRICTS)
# How past cases ended, by weight.
FINISH_OUTCOMES = {
    Outcome.SOLVED: 70,
    Outcome.REFERRED: 15,
    Outcome.NO_ACTION: 10,
    Outcome.NOT_OURS: 5,
}
HISTORY_DAYS = 548  # eighteen months back
GRID_METRES = 70  # spots at least this far apart, so that public-space signals never group
KEEP_CLEAR_METRES = 120  # around the spots of the demo's live signals
METRES_PER_DEGREE = (111_320, 68_600)  # latitude, longitude at 52° north
# The door a signal came in through, in and out of office hours, and who took it in.
OFFICE_CHANNELS = (
    Channel.RESIDENT_WEB,
    Channel.RESIDENT_WEB,
    Channel.PHONE,
    Channel.FIELD,
    Channel.EMAIL,
    Channel.PARTNER,
)
EVENING_CHANNELS = (Channel.RESIDENT_WEB, Channel.RESIDENT_WEB, Channel.PARTNER)
TAKEN_IN_BY = {
    Channel.FIELD: TeamFunction.WIJKBEHEERDER,
    Channel.PHONE: TeamFunction.WIJKCONSULENT,
    Channel.EMAIL: TeamFunction.WIJKMANAGER,
    Channel.PARTNER: TeamFunction.WIJKAGENT,
}


@dataclass(frozen=True)
class HistoryItem:
    """One past case: the signal that opened it and what the wijkteamoverleg decided."""

    team_id: int
    category: str
    neighbourhood: str
    latitude: float
    longitude: float
    is_tenant: bool | None
    received_at: datetime
    channel: str
    actor_id: int | None
    description: str
    lead_id: int
    involved_ids: tuple[int, ...]
    reasoning: str
    decided_at: datetime


@dataclass
class _Team:
    """What the plan needs to know about one team."""

    team: Team
    partners: dict[str, Organisation]  # by kind, a core partner first
    members: dict[str, int]  # user id by function
    spots: dict[str, list[tuple[float, float]]]  # by buurt code
    used: dict[str, int]  # public-space spots handed out, by buurt code

    @property
    def code(self) -> str:
        return self.team.district.code


def grid_spots(geometry: dict, keep_clear: shapely.Geometry) -> list[tuple[float, float]]:
    """(lat, lon) points on a grid inside a buurt, well inside its edge."""
    area = shape(geometry).buffer(-0.0003)
    lat_step, lon_step = (GRID_METRES / m for m in METRES_PER_DEGREE)
    min_lon, min_lat, max_lon, max_lat = area.bounds
    spots = []
    for row in range(int((max_lat - min_lat) / lat_step) + 1):
        for column in range(int((max_lon - min_lon) / lon_step) + 1):
            lat, lon = min_lat + row * lat_step, min_lon + column * lon_step
            if area.contains(Point(lon, lat)) and not keep_clear.contains(Point(lon, lat)):
                spots.append((round(lat, 6), round(lon, 6)))
    return spots


def _teams(rng: random.Random, districts: Collection[str]) -> list[_Team]:
    keep_clear = shapely.union_all(
        [
            Point(s.point[1], s.point[0]).buffer(KEEP_CLEAR_METRES / METRES_PER_DEGREE[1])
            for s in veenendaal.DEMO_SIGNALS
        ]
    )
    found = []
    for team in (
        Team.objects.filter(district__code__in=districts)
        .select_related("district")
        .order_by("district__code")
    ):
        partners: dict[str, Organisation] = {}
        for partner in team.team_partners.select_related("organisation").order_by(
            "-is_core", "organisation__name"
        ):
            partners.setdefault(partner.organisation.kind, partner.organisation)
        spots = {
            buurt.code: grid_spots(buurt.geometry, keep_clear)
            for buurt in Neighbourhood.objects.filter(district=team.district).order_by("code")
        }
        for buurt_spots in spots.values():
            rng.shuffle(buurt_spots)
        members = {m.function: m.user_id for m in team.members.order_by("-pk")}
        found.append(_Team(team, partners, members, spots, dict.fromkeys(spots, 0)))
    return found


def _when(rng: random.Random, now: datetime, category: str) -> datetime:
    """Noise and youths are mostly reported in the evening, the rest in the day."""
    evening = habits.EVENING_SHARE.get(category, habits.DEFAULT_EVENING_SHARE)
    hour = rng.choice((19, 20, 21, 22, 23, 0, 1)) if rng.random() < evening else rng.randint(8, 16)
    day = timezone.localtime(now).date() - timedelta(days=rng.randint(5, HISTORY_DAYS))
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, rng.randint(0, 59)))


def _decided(rng: random.Random, received_at: datetime) -> datetime:
    """The chair records the decision in office hours, at least two hours after the signal
    came in, on a working day (at most a long weekend later)."""
    earliest = timezone.localtime(received_at + timedelta(hours=2))
    day, first_hour = earliest.date(), max(9, earliest.hour + 1)
    if first_hour > 16 or day.weekday() >= 5:
        day, first_hour = day + timedelta(days=1), 9
    while day.weekday() >= 5:
        day += timedelta(days=1)
    hour, minute = rng.randint(first_hour, 16), rng.choice((0, 15, 30, 45))
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def _decision(
    rng: random.Random,
    team: _Team,
    category: Category,
    is_tenant: bool | None,
    hour: int,
    buurt: str,
) -> tuple[Organisation, list[Organisation], str]:
    """Lead, involved and the chair's reasoning: the team's habit when it has one (mostly),
    else the category default (the gemeente when the team lacks that partner), sometimes
    another partner."""
    partners = team.partners
    habit = next(
        (
            h
            for h in habits.HABITS.get(team.code, ())
            if h.matches(category.slug, is_tenant, hour, buurt)
        ),
        None,
    )
    habit_lead = next((partners[k] for k in habit.leads if k in partners), None) if habit else None
    if habit and habit_lead and rng.random() < habit.share:
        involved = [partners[k] for k in habit.involved if k in partners]
        return habit_lead, [o for o in involved if o != habit_lead], habit.reasoning
    if rng.random() < habits.NOISE:
        lead = rng.choice([partners[k] for k in habits.LEAD_KINDS if k in partners])
    else:
        kind = category.default_lead_kind
        if is_tenant is False and category.lead_kind_if_not_tenant:
            kind = category.lead_kind_if_not_tenant
        lead = partners.get(kind) or partners[OrganisationKind.GEMEENTE]
    return lead, [], rng.choice(habits.REASONING[lead.kind])


def _team_plan(
    rng: random.Random, team: _Team, categories: dict[str, Category], per_team: int, now: datetime
) -> list[HistoryItem]:
    weights = {
        slug: habits.CATEGORY_WEIGHTS[slug]
        * habits.CATEGORY_EMPHASIS.get(team.code, {}).get(slug, 1)
        for slug in categories
    }
    slugs = sorted(weights)
    drafts = []
    for _ in range(per_team):
        slug = rng.choices(slugs, weights=[weights[s] for s in slugs])[0]
        drafts.append((_when(rng, now, slug), slug, rng.choice(sorted(team.spots))))
    items = []
    for received_at, slug, buurt in sorted(drafts):
        category = categories[slug]
        is_tenant = None
        if not category.is_public_space and rng.random() >= habits.UNKNOWN_TENANCY:
            is_tenant = rng.random() < habits.TENANT_SHARE.get(
                team.code, habits.DEFAULT_TENANT_SHARE
            )
        spots = team.spots[buurt]
        if category.is_public_space:
            # Handed out in turn (in time order), so that no spot joins an earlier case.
            latitude, longitude = spots[team.used[buurt] % len(spots)]
            team.used[buurt] += 1
        else:
            latitude, longitude = rng.choice(spots)
        hour = timezone.localtime(received_at).hour
        lead, involved, reasoning = _decision(rng, team, category, is_tenant, hour, buurt)
        office = 8 <= hour < 17 and received_at.weekday() < 5
        channel = rng.choice(OFFICE_CHANNELS if office else EVENING_CHANNELS)
        taken_in_by = TAKEN_IN_BY.get(channel)
        items.append(
            HistoryItem(
                team_id=team.team.pk,
                category=slug,
                neighbourhood=buurt,
                latitude=latitude,
                longitude=longitude,
                is_tenant=is_tenant,
                received_at=received_at,
                channel=channel,
                actor_id=team.members.get(taken_in_by) if taken_in_by else None,
                description=rng.choice(habits.DESCRIPTIONS[slug]),
                lead_id=lead.pk,
                involved_ids=tuple(o.pk for o in involved),
                reasoning=reasoning,
                decided_at=_decided(rng, received_at),
            )
        )
    return items


def history_plan(
    *,
    per_team: int,
    seed: int,
    now: datetime | None = None,
    districts: Collection[str] = DEMO_DISTRICTS,
    categories: Collection[str] = tuple(habits.CATEGORY_WEIGHTS),
) -> list[HistoryItem]:
    """The demo teams' past as data, in time order: the same seed (and ``now``) gives the
    same plan. Reads the teams of ``districts`` (wijk codes), their partners and buurten; only
    cases of ``categories`` (subcategory slugs) come up."""
    now = now or timezone.now()
    rng = random.Random(seed)
    by_slug = {c.slug: c for c in Category.objects.filter(slug__in=categories)}
    items = []
    for team in _teams(rng, districts):
        items += _team_plan(rng, team, by_slug, per_team, now)
    items.sort(key=lambda item: (item.received_at, item.team_id))
    return items


def history_load(
    *,
    per_team: int,
    seed: int,
    now: datetime | None = None,
    districts: Collection[str] = DEMO_DISTRICTS,
    categories: Collection[str] = tuple(habits.CATEGORY_WEIGHTS),
) -> int:
    """Record the planned past through the services: each signal comes in (backdated) and
    opens a case, whose triage starts as usual; the team's wijkmanager then records the
    decision of the wijkteamoverleg. Nobody is notified: it is all in the past. Returns the
    number of cases decided."""
    items = history_plan(
        per_team=per_team, seed=seed, now=now, districts=districts, categories=categories
    )
    organisations = {o.pk: o for o in Organisation.objects.all()}
    by_slug = {c.slug: c for c in Category.objects.filter(slug__in=categories)}
    users = {
        u.pk: u
        for u in User.objects.filter(team_memberships__isnull=False)
        .select_related("organisation")
        .distinct()
    }
    chairs = {
        m.team_id: users[m.user_id]
        for m in TeamMember.objects.filter(function=TeamFunction.WIJKMANAGER)
    }
    # Who handled a past case: a member of its lead organisation in the team, as on the case
    # page (the chair may not see the details of a case for the case partners only).
    handlers: dict[tuple[int, int], User] = {}
    for member in TeamMember.objects.exclude(user__role=Role.LEZER).order_by("pk"):
        user = users[member.user_id]
        handlers.setdefault((member.team_id, user.organisation_id), user)
    texts = closure_texts()
    decided = 0
    with transaction.atomic(), notifications_muted():
        for item in items:
            user = users.get(item.actor_id) if item.actor_id else None
            created = signal_intake(
                actor=user or SYSTEM,
                channel=item.channel,
                category=by_slug[item.category],
                description=item.description,
                location=LocationInput(latitude=item.latitude, longitude=item.longitude),
                lookup_addresses=False,
                is_tenant=item.is_tenant,
                receiving_organisation=user.organisation if user else None,
                received_at=item.received_at,
            )
            case = created.signal.case_link.case
            # Only a case this signal opened: never decide over an earlier (or a live) case.
            if case.status != CaseStatus.CONSULTATION or case.links.count() != 1:
                continue
            case_decide(
                actor=chairs[item.team_id],
                case=case,
                lead=organisations[item.lead_id],
                involved=[organisations[pk] for pk in item.involved_ids],
                reasoning=item.reasoning,
                at=item.decided_at,
            )
            handler = handlers.get((item.team_id, item.lead_id), chairs[item.team_id])
            _finish(case, handler, item, now=now or timezone.now(), texts=texts)
            decided += 1
    return decided


def _finish(
    case: Case, handler: User, item: HistoryItem, *, now: datetime, texts: dict[str, str]
) -> None:
    """A past case was handled by its lead some days after the decision and closed by the
    system once its reporters had their time to answer; recent ones are still being worked."""
    rng = random.Random(item.received_at.isoformat())
    resolved_at = item.decided_at + timedelta(days=rng.randint(2, 12), hours=rng.randint(0, 5))
    if resolved_at > now - timedelta(days=1):
        return
    outcome = rng.choices(list(FINISH_OUTCOMES), weights=list(FINISH_OUTCOMES.values()))[0]
    case_resolve(
        actor=handler,
        case=case,
        outcome=outcome,
        message=texts[outcome],
        at=resolved_at,
    )
    closed_at = resolved_at + timedelta(days=settings.WIJKTEAM_CASE_CLOSE_AFTER_DAYS)
    if closed_at <= now:
        case_close(actor=SYSTEM, case=case, at=closed_at)


def triage_rules_load() -> int:
    """The teams' written agreements (habits.AGREEMENTS) that are not there yet, saved as a
    functional admin would. Returns how many were added."""
    added = 0
    for agreement in habits.AGREEMENTS:
        team = Team.objects.filter(district__code=agreement.district).first()
        if team is None or TriageRule.objects.filter(team=team, note=agreement.note).exists():
            continue
        rule = TriageRule(
            team=team,
            neighbourhood=Neighbourhood.objects.filter(code=agreement.neighbourhood).first(),
            category=Category.objects.get(slug=agreement.category),
            tenant=agreement.tenant,
            hour_from=agreement.hours[0] if agreement.hours else None,
            hour_to=agreement.hours[1] if agreement.hours else None,
            lead_kind=agreement.lead_kind,
            involved_kinds=list(agreement.involved),
            note=agreement.note,
        )
        config_record_save(
            actor=SYSTEM,
            instance=rule,
            changed_fields=[
                "team",
                "neighbourhood",
                "category",
                "tenant",
                "hour_from",
                "hour_to",
                "lead_kind",
                "involved_kinds",
                "note",
            ],
            created=True,
        )
        added += 1
    return added
