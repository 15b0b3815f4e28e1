"""Every state-changing service of signals and intake checks, itself, who acts and whether the
record's state allows it: called directly with an actor who may not, or with a record in a
state that does not allow it, it raises DomainError and changes nothing (no audit row either).
The pages check the same before they offer anything; these calls skip the pages."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.cases.support import place
from tests.factories import add_member, make_user
from tests.refusals import assert_refused
from wijkteam.cases.models import Case
from wijkteam.intake.arrears.upload import arrears_import_start
from wijkteam.intake.arrears.upsert import arrears_upsert
from wijkteam.intake.services import signal_intake, signal_relocated
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation, Role, TeamFunction
from wijkteam.signals.arrears_csv.rows import ArrearsRow
from wijkteam.signals.debt_help import arrears_refer_to_debt_help, debt_help_referral_pick_up
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import (
    Category,
    Channel,
    DebtHelpReferral,
    LocationStatus,
    PublicStatus,
    Signal,
)
from wijkteam.signals.registration import signal_add_reporter, signal_create
from wijkteam.signals.relocation import signal_relocate
from wijkteam.signals.services import ArrearsInput, ReporterInput
from wijkteam.signals.timeline import signal_public_status_set

STEPS = {
    "contact_attempted_on": date(2025, 3, 14),
    "debt_help_pointed_on": date(2025, 3, 21),
    "written_reminder_on": date(2025, 4, 2),
    "no_objection_on": date(2025, 4, 16),
}


@dataclass
class Records:
    world: object
    noise: Signal  # a resident's report, received by the corporation
    litter: Signal  # a resident's report of litter in the street, which others may join
    arrears: Signal  # the corporation's arrears signal, all four steps recorded
    bare_arrears: Signal  # one without the steps
    referral: DebtHelpReferral  # a third arrears signal, passed on to debt help
    debt_counsellor: object


def arrears_input(steps: dict) -> ArrearsInput:
    return ArrearsInput(
        tenant_name="Tessa Huurder",
        amount=Decimal("1234.56"),
        months=4,
        signal_date=date(2025, 3, 1),
        **steps,
    )


def take_in(world, **changes):
    """The intake with a staff door's values, some changed."""
    fields = {
        "actor": world.consulent_a,
        "channel": Channel.PHONE,
        "category": Category.objects.get(slug="overlast-geluid"),
        "description": "Harde muziek",
        "location": place(),
        "receiving_organisation": world.corporatie,
    } | changes
    return signal_intake(**fields)


def take_in_arrears(world, number: int, steps: dict) -> Signal:
    return take_in(
        world,
        actor=world.rent_admin,
        channel=Channel.ARREARS_FORM,
        category=Category.objects.get(slug="financieel-huurachterstand"),
        description="",
        location=place(postcode="3999AA", house_number=number),
        external_reference=f"HA-{number}",
        is_tenant=True,
        arrears=arrears_input(steps),
    ).signal


def row(**changes) -> ArrearsRow:
    values = {
        "line": 2,
        "external_reference": "HA-99",
        "tenant_name": "Tim Huurder",
        "street": "Appellaan",
        "house_number": 5,
        "house_number_addition": "",
        "postcode": "3999AA",
        "city": "Testoord",
        "amount": Decimal("500.00"),
        "months": 2,
        "signal_date": date(2025, 5, 1),
        "contact_attempted_on": None,
        "debt_help_pointed_on": None,
        "written_reminder_on": None,
        "no_objection_on": None,
    } | changes
    return ArrearsRow(**values)


@pytest.fixture
def records(world) -> Records:
    counsellor = make_user("schuldhulp.a@gemeente.test", world.gemeente, Role.MEDEWERKER)
    add_member(world.team_a, counsellor, TeamFunction.SCHULDHULPVERLENER)
    noise = signal_intake(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=Category.objects.get(slug="overlast-geluid"),
        description="Elke nacht harde muziek",
        location=place(),
        reporter=ReporterInput(name="Bea Bewoner", email="bea@example.test"),
        receiving_organisation=world.corporatie,
    ).signal
    litter = signal_intake(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=Category.objects.get(slug="vervuiling-zwerfafval"),
        description="Zakken afval naast de container",
        location=place(),
        reporter=ReporterInput(name="Bea Bewoner", email="bea@example.test"),
    ).signal
    referred = take_in_arrears(world, 3, STEPS)
    referral = arrears_refer_to_debt_help(actor=world.consulent_a, signal=referred)
    return Records(
        world=world,
        noise=noise,
        litter=litter,
        arrears=take_in_arrears(world, 1, STEPS),
        bare_arrears=take_in_arrears(world, 2, {}),
        referral=referral,
        debt_counsellor=counsellor,
    )


def relocate(records: Records, actor, location=None):
    return lambda: signal_relocated(
        actor=actor, signal=records.noise, location=location or place(52.005, 5.515)
    )


def _done(records: Records):
    Signal.objects.filter(pk=records.noise.pk).update(status=PublicStatus.DONE)
    records.noise.refresh_from_db()
    return records.noise


def _litter_done(records: Records):
    Signal.objects.filter(pk=records.litter.pk).update(status=PublicStatus.DONE)
    records.litter.refresh_from_db()


def _retention_applied(records: Records):
    Case.objects.filter(links__signal=records.noise).update(retention_applied_at=timezone.now())


def _picked_up(records: Records):
    debt_help_referral_pick_up(actor=records.debt_counsellor, referral=records.referral)
    records.referral.refresh_from_db()


def _not_arrears_with_reference(records: Records):
    Signal.objects.filter(pk=records.noise.pk).update(external_reference="HA-99")


UNCHECKED = ResolvedLocation(status=LocationStatus.NEEDS_REVIEW, postcode="3999ZZ", house_number=1)

# name → (what to prepare, the call, the message it is refused with)
REFUSALS = {
    # --- the intake, through every door ---
    "intake: nobody said who acts": (
        None,
        lambda r: take_in(r.world, actor=None),
        "Niet bekend wie",
    ),
    "intake: a read-only user at a staff door": (
        None,
        lambda r: take_in(r.world, actor=r.world.reader, receiving_organisation=None),
        "Alleen medewerkers van een partnerorganisatie",
    ),
    "intake: staff at the resident's door": (
        None,
        lambda r: take_in(r.world, channel=Channel.RESIDENT_WEB),
        "Via de website meldt een bewoner zelf",
    ),
    "intake: the police at the rent administration's door": (
        None,
        lambda r: take_in(
            r.world,
            actor=r.world.agent_a,
            channel=Channel.ARREARS_FORM,
            receiving_organisation=None,
            arrears=arrears_input({}),
        ),
        "Alleen de huuradministratie van een woningcorporatie",
    ),
    "intake: arrears for another organisation": (
        None,
        lambda r: take_in(
            r.world,
            actor=r.world.rent_admin,
            channel=Channel.ARREARS_IMPORT,
            receiving_organisation=r.world.gemeente,
            arrears=arrears_input({}),
        ),
        "eigen huurders",
    ),
    "intake: arrears through the phone door": (
        None,
        lambda r: take_in(r.world, arrears=arrears_input({})),
        "alleen binnen via de huuradministratie",
    ),
    "intake: a receiving organisation that stopped": (
        lambda r: Organisation.objects.filter(pk=r.world.welzijn.pk).update(is_active=False),
        lambda r: take_in(
            r.world, receiving_organisation=Organisation.objects.get(name="Welzijn Test")
        ),
        "nog actief",
    ),
    "intake: a category that was switched off": (
        lambda r: Category.objects.filter(slug="overlast-geluid").update(is_active=False),
        lambda r: take_in(r.world),
        "Kies wat voor probleem",
    ),
    "intake: a place outside every wijk": (
        None,
        lambda r: take_in(r.world, location=place(51.0, 4.0)),
        "buiten de wijken",
    ),
    "signal_create: nobody said who acts": (
        None,
        lambda r: signal_create(
            actor=None,
            channel=Channel.PHONE,
            category=Category.objects.get(slug="overlast-geluid"),
            description="x",
            location=place(),
        ),
        "Niet bekend wie",
    ),
    "signal_create: a read-only user": (
        None,
        lambda r: signal_create(
            actor=r.world.reader,
            channel=Channel.DESK,
            category=Category.objects.get(slug="overlast-geluid"),
            description="x",
            location=place(),
        ),
        "Alleen medewerkers van een partnerorganisatie",
    ),
    # --- a resident joining an earlier report ---
    "join: nobody said who acts": (
        None,
        lambda r: signal_add_reporter(actor=None, signal=r.litter, reporter=ReporterInput()),
        "Niet bekend wie",
    ),
    "join: staff instead of a resident": (
        None,
        lambda r: signal_add_reporter(
            actor=r.world.consulent_a, signal=r.litter, reporter=ReporterInput()
        ),
        "Alleen een bewoner",
    ),
    "join: a report that was handled": (
        _litter_done,
        lambda r: signal_add_reporter(actor=SYSTEM, signal=r.litter, reporter=ReporterInput()),
        "al afgehandeld",
    ),
    "join: a report about neighbours": (
        None,
        lambda r: signal_add_reporter(actor=SYSTEM, signal=r.noise, reporter=ReporterInput()),
        "niet aansluiten",
    ),
    "join: a confidential signal": (
        None,
        lambda r: signal_add_reporter(actor=SYSTEM, signal=r.arrears, reporter=ReporterInput()),
        "niet aansluiten",
    ),
    # --- moving a signal ---
    "relocate: nobody said who acts": (None, lambda r: relocate(r, None)(), "Niet bekend wie"),
    "relocate: another organisation": (
        None,
        lambda r: relocate(r, r.world.agent_a)(),
        "Alleen de organisatie die de melding ontving",
    ),
    "relocate: the system": (
        None,
        lambda r: relocate(r, SYSTEM)(),
        "Alleen de organisatie die de melding ontving",
    ),
    "relocate (signals): another organisation": (
        None,
        lambda r: signal_relocate(actor=r.world.wijkmanager_a, signal=r.noise, location=place()),
        "Alleen de organisatie die de melding ontving",
    ),
    "relocate: an address that could not be checked": (
        None,
        lambda r: relocate(r, r.world.consulent_a, UNCHECKED)(),
        "kon niet worden gecontroleerd",
    ),
    "relocate: a case whose personal data went after retention": (
        _retention_applied,
        lambda r: relocate(r, r.world.consulent_a)(),
        "na de bewaartermijn verwijderd",
    ),
    # --- what the reporter sees ---
    "public status: a read-only user": (
        None,
        lambda r: signal_public_status_set(
            actor=r.world.reader, signal=r.noise, status=PublicStatus.IN_PROGRESS
        ),
        "Alleen medewerkers die meldingen behandelen",
    ),
    "public status: back to received": (
        _done,
        lambda r: signal_public_status_set(
            actor=r.world.consulent_a, signal=r.noise, status=PublicStatus.RECEIVED
        ),
        "gaat niet van",
    ),
    # --- debt help ---
    "refer: nobody said who acts": (
        None,
        lambda r: arrears_refer_to_debt_help(actor=None, signal=r.arrears),
        "Niet bekend wie",
    ),
    "refer: the system": (
        None,
        lambda r: arrears_refer_to_debt_help(actor=SYSTEM, signal=r.arrears),
        "Alleen de corporatie die dit signaal vastlegde",
    ),
    "refer: the police": (
        None,
        lambda r: arrears_refer_to_debt_help(actor=r.world.agent_a, signal=r.arrears),
        "Alleen de corporatie die dit signaal vastlegde",
    ),
    "refer: the gemeente's debt counsellor": (
        None,
        lambda r: arrears_refer_to_debt_help(actor=r.debt_counsellor, signal=r.arrears),
        "Alleen de corporatie die dit signaal vastlegde",
    ),
    "refer: the four steps are not recorded": (
        None,
        lambda r: arrears_refer_to_debt_help(actor=r.world.consulent_a, signal=r.bare_arrears),
        "Nog niet door te geven",
    ),
    "refer: passed on already": (
        None,
        lambda r: arrears_refer_to_debt_help(
            actor=r.world.consulent_a, signal=Signal.objects.get(pk=r.referral.signal_id)
        ),
        "al op",
    ),
    "refer: not arrears": (
        None,
        lambda r: arrears_refer_to_debt_help(actor=r.world.consulent_a, signal=r.noise),
        "Alleen een signaal van huurachterstand",
    ),
    "pick up: nobody said who acts": (
        None,
        lambda r: debt_help_referral_pick_up(actor=None, referral=r.referral),
        "Niet bekend wie",
    ),
    "pick up: the corporation": (
        None,
        lambda r: debt_help_referral_pick_up(actor=r.world.consulent_a, referral=r.referral),
        "Alleen de gemeente in dit wijkteam",
    ),
    "pick up: the gemeente's wijkmanager, not its debt counsellor": (
        None,
        lambda r: debt_help_referral_pick_up(actor=r.world.wijkmanager_a, referral=r.referral),
        "Alleen de gemeente in dit wijkteam",
    ),
    "pick up: picked up already": (
        _picked_up,
        lambda r: debt_help_referral_pick_up(actor=r.debt_counsellor, referral=r.referral),
        "al opgepakt",
    ),
    # --- the rent administration's form and import ---
    "arrears row: nobody said who acts": (
        None,
        lambda r: arrears_upsert(
            actor=None, organisation=r.world.corporatie, row=row(), channel=Channel.ARREARS_FORM
        ),
        "Niet bekend wie",
    ),
    "arrears row: the system": (
        None,
        lambda r: arrears_upsert(
            actor=SYSTEM, organisation=r.world.corporatie, row=row(), channel=Channel.ARREARS_FORM
        ),
        "Alleen de huuradministratie van een woningcorporatie",
    ),
    "arrears row: the police": (
        None,
        lambda r: arrears_upsert(
            actor=r.world.agent_a,
            organisation=r.world.corporatie,
            row=row(),
            channel=Channel.ARREARS_FORM,
        ),
        "Alleen de huuradministratie van een woningcorporatie",
    ),
    "arrears row: for another organisation": (
        None,
        lambda r: arrears_upsert(
            actor=r.world.rent_admin,
            organisation=r.world.gemeente,
            row=row(),
            channel=Channel.ARREARS_FORM,
        ),
        "eigen huurders",
    ),
    "arrears row: its reference is a signal that is not arrears": (
        _not_arrears_with_reference,
        lambda r: arrears_upsert(
            actor=r.world.rent_admin,
            organisation=r.world.corporatie,
            row=row(),
            channel=Channel.ARREARS_FORM,
        ),
        "geen huurachterstand",
    ),
    "arrears row: its reference is another address's": (
        None,
        lambda r: arrears_upsert(
            actor=r.world.rent_admin,
            organisation=r.world.corporatie,
            row=row(external_reference="HA-1", house_number=8),
            channel=Channel.ARREARS_FORM,
        ),
        "hoort bij een ander adres",
    ),
    "arrears import: nobody said who acts": (
        None,
        lambda r: arrears_import_start(actor=None, file_name="a.csv", raw=b"x"),
        "Niet bekend wie",
    ),
    "arrears import: the system": (
        None,
        lambda r: arrears_import_start(actor=SYSTEM, file_name="a.csv", raw=b"x"),
        "Alleen de huuradministratie van een woningcorporatie",
    ),
    "arrears import: the police": (
        None,
        lambda r: arrears_import_start(actor=r.world.agent_a, file_name="a.csv", raw=b"x"),
        "Alleen de huuradministratie van een woningcorporatie",
    ),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_the_service_refuses_and_changes_nothing(records, name):
    prepare, call, message = REFUSALS[name]
    if prepare is not None:
        prepare(records)

    assert_refused(lambda: call(records), match=message)


def test_who_may_is_not_refused(records):
    """The same calls with an actor who may, on a record that allows it, go through: the
    refusals above are about the actor and the state, not a broken call."""
    world = records.world
    assert take_in(world).signal.created_by == world.consulent_a
    joined = signal_add_reporter(actor=SYSTEM, signal=records.litter, reporter=ReporterInput())
    assert joined.tracking_token
    assert relocate(records, world.consulent_a)().neighbourhood == world.buurt_a2
    referral = arrears_refer_to_debt_help(actor=world.consulent_a, signal=records.arrears)
    assert debt_help_referral_pick_up(actor=records.debt_counsellor, referral=referral).picked_up_at
    outcome = arrears_upsert(
        actor=world.rent_admin,
        organisation=world.corporatie,
        row=replace(row(), external_reference="HA-1", house_number=1, months=5),
        channel=Channel.ARREARS_FORM,
    )
    assert outcome.result == "updated"
