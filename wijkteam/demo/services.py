"""Loading the Veenendaal demo data through the ordinary services (so it is audited like any
other change). Idempotent: a second run changes nothing."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from wijkteam.areas.geojson import ParsedAreas
from wijkteam.areas.models import BoundarySource, District, RegisteredAddress
from wijkteam.areas.services import (
    AddressImportReport,
    AreaImportReport,
    addresses_import,
    areas_import,
)
from wijkteam.cases.figures import figures_rebuild
from wijkteam.cases.models import Case
from wijkteam.cases.suggestion import TEAM_DECISIONS
from wijkteam.core.errors import DomainError
from wijkteam.demo import veenendaal
from wijkteam.demo.addresses import demo_addresses
from wijkteam.demo.arrears import arrears_stage_load
from wijkteam.demo.history import history_load, triage_rules_load
from wijkteam.demo.initiatives import initiatives_stage_load
from wijkteam.demo.measures import measures_stage_load
from wijkteam.demo.meetings import meetings_stage_load
from wijkteam.demo.mor import mor_stage_load
from wijkteam.demo.picture_load import PictureReport, picture_history_load
from wijkteam.demo.places import demo_location
from wijkteam.demo.stages import handling_stage_load, triage_stages_load
from wijkteam.intake.services import signal_intake
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import User
from wijkteam.partners.services import (
    organisation_save,
    team_member_save,
    team_partner_save,
    team_save,
    user_save,
    user_set_password_hash,
)
from wijkteam.signals.category_seed import seed_categories, seed_english
from wijkteam.signals.counts import counts_rebuild
from wijkteam.signals.models import Category, Signal
from wijkteam.signals.services import ReporterInput

HISTORY_SEED = 345  # the demo's past is always the same


@dataclass
class DemoReport:
    areas: AreaImportReport | None
    kept_official_boundaries: int
    users: list[User]
    # None when the register holds imported (real) addresses, which the demo leaves alone.
    addresses: AddressImportReport | None = None
    signals_created: int = 0
    history_cases: int = 0
    triage_rules_created: int = 0
    # The tracking link's token of the demo resident's report, when it was created now.
    resident_tracking_token: str | None = None
    # The wijkteamoverleggen of Zuidoost made now (its schedule's and the one held).
    meetings_created: int = 0
    initiatives_created: int = 0
    # The measures of Zuidoost recorded now.
    measures_created: int = 0
    # The past of the wijk's picture, when it was recorded now.
    picture: PictureReport | None = None


def _demo_signals(organisations: dict) -> int:
    """A few signals in several wijken, so that the inboxes show something. Placed by point
    (offline), so no address service is needed."""
    created = 0
    for demo in veenendaal.DEMO_SIGNALS:
        receiver = organisations[demo.receiver]
        if Signal.objects.filter(
            receiving_organisation=receiver, external_reference=demo.key
        ).exists():
            continue
        location = demo_location(
            demo.point,
            street=demo.street,
            house_number=demo.house_number,
            postcode=demo.postcode,
        )
        signal_intake(
            actor=SYSTEM,
            channel=demo.channel,
            category=Category.objects.get(slug=demo.category),
            description=demo.description,
            location=location,
            reporter=ReporterInput(name=demo.reporter) if demo.reporter else None,
            receiving_organisation=receiver,
            external_reference=demo.key,
            is_tenant=True if demo.receiver == "veenvesters" else None,
        )
        created += 1
    return created


def _demo_register() -> AddressImportReport | None:
    """The demo streets' addresses in the address register, so that reporting by postcode works
    without internet. A register that holds addresses imported from the BAG is left alone: the
    demo's invented numbers must not stand beside real ones."""
    parsed = demo_addresses()
    demo_ids = [row.bag_id for row in parsed.rows]
    if RegisteredAddress.objects.exclude(bag_id__in=demo_ids).exists():
        return None
    return addresses_import(parsed=parsed)


def _demo_password_hash() -> str:
    """Hash the demo password once per run, and keep an existing hash that already matches, so
    that re-running leaves the users untouched (hashing is deliberately slow)."""
    existing = (
        User.objects.filter(is_demo=True)
        .exclude(password="")
        .values_list("password", flat=True)
        .first()
    )
    if existing and check_password(veenendaal.DEMO_PASSWORD, existing):
        return existing
    return make_password(veenendaal.DEMO_PASSWORD)


def demo_data_load(
    *,
    demo_mode: bool,
    history_per_team: int | None = None,
    picture_percent: int | None = None,
) -> DemoReport:
    """Create or refresh the Veenendaal demo: wijken, buurten, partners, teams and users, the
    teams' triage agreements, a past of decided cases (``history_per_team``, by default
    WIJKTEAM_DEMO_HISTORY_PER_TEAM), the past of the wijk's picture (``picture_percent`` of
    it, by default WIJKTEAM_DEMO_PICTURE_PERCENT) — both once: only while no team has decided
    anything yet — and a few live signals, rent arrears among them. Brings the wijk's
    picture up to date when it recorded a past."""
    if history_per_team is None:
        history_per_team = settings.WIJKTEAM_DEMO_HISTORY_PER_TEAM
    if picture_percent is None:
        picture_percent = settings.WIJKTEAM_DEMO_PICTURE_PERCENT
    if not demo_mode:
        raise DomainError(
            "Demogegevens (met hun openbare wachtwoord) worden alleen in demomodus geladen. "
            "Zet WIJKTEAM_DEMO=true als dit een demo-omgeving is."
        )
    with transaction.atomic():
        # Normally the data migration made them; a flushed or hand-cleaned database gets them back.
        seed_categories(Category)
        seed_english(Category)
        districts, neighbourhoods = veenendaal.district_features()
        official = set(
            District.objects.filter(boundary_source=BoundarySource.OFFICIAL).values_list(
                "code", flat=True
            )
        )
        # Official boundaries imported from CBS/PDOK are never replaced by the demo's approximation.
        parsed = ParsedAreas(
            districts=[d for d in districts if d.code not in official],
            neighbourhoods=[n for n in neighbourhoods if n.district_code not in official],
        )
        areas = (
            areas_import(parsed=parsed, boundary_source=BoundarySource.APPROXIMATE)
            if parsed.total
            else None
        )

        addresses = _demo_register()

        organisations = {
            org.key: organisation_save(
                actor=SYSTEM,
                name=org.name,
                kind=org.kind,
                phone=org.phone,
                email=org.email,
                website=org.website,
            )
            for org in veenendaal.ORGANISATIONS
        }
        teams = {}
        for district in District.objects.filter(
            code__in=[d.code for d in veenendaal.DISTRICTS]
        ).order_by("code"):
            team = team_save(
                actor=SYSTEM,
                district=district,
                meeting_schedule=veenendaal.meeting_line(district.code),
                meeting_schedule_en=veenendaal.meeting_line(district.code, english=True),
                phone=veenendaal.team_phone(district.code),
            )
            for key in veenendaal.CORE_PARTNERS:
                team_partner_save(
                    actor=SYSTEM, team=team, organisation=organisations[key], is_core=True
                )
            teams[district.code] = team

        password_hash = _demo_password_hash()
        users = []
        for demo in veenendaal.demo_users():
            user = user_save(
                actor=SYSTEM,
                email=demo.email,
                full_name=demo.full_name,
                organisation=organisations[demo.organisation],
                role=demo.role,
                phone=demo.phone,
                is_demo=True,
            )
            user_set_password_hash(actor=SYSTEM, user=user, password_hash=password_hash)
            for district_code, function in demo.teams:
                team_member_save(
                    actor=SYSTEM,
                    team=teams[district_code],
                    user=user,
                    function=function,
                    availability="ma t/m do, 8.30–17.00 uur",
                    availability_en="Mon to Thu, 8.30 am–5 pm",
                )
            users.append(user)
        rules = triage_rules_load()
        history = 0
        picture = None
        # The past only once: while no team has decided anything yet.
        first_load = not Case.objects.filter(lead_basis__in=TEAM_DECISIONS).exists()
        if history_per_team and first_load:
            # Before the live signals, so that their proposals can learn from it.
            history = history_load(per_team=history_per_team, seed=HISTORY_SEED)
        if picture_percent and first_load:
            picture = picture_history_load(scale=picture_percent / 100, seed=HISTORY_SEED)
        signals = _demo_signals(organisations)
        # After the history: a stage case decided at load time would stop the history loading.
        signals += triage_stages_load(organisations)
        resident_token = handling_stage_load(organisations)
        signals += 1 if resident_token else 0
        signals += arrears_stage_load(organisations)
        # Before the meetings: today's agenda takes the idea that waits for the team.
        initiatives = initiatives_stage_load(organisations)
        meetings = meetings_stage_load(teams, organisations)
        if history or picture:
            # The wijk's picture shows the past at once, not after the worker's first rounds.
            counts_rebuild()
            figures_rebuild()
        # After the history and its counts: the measures' effect is read from them.
        measures = measures_stage_load(organisations)
        # The gemeente's MOR system, as an example that stays switched off.
        mor_stage_load(organisations)
    return DemoReport(
        areas=areas,
        kept_official_boundaries=len(official),
        users=users,
        addresses=addresses,
        signals_created=signals,
        history_cases=history,
        picture=picture,
        triage_rules_created=rules,
        resident_tracking_token=resident_token,
        meetings_created=meetings,
        initiatives_created=initiatives,
        measures_created=measures,
    )
