"""The building blocks of steps (who does what, as data), and ``SETUP``: the world the walks
start from, not crawled step by step. In wijk A: a noise case with two signals, a fraud case of
the corporation with a note, document and action for its partners, a drugs case the police
lead, a resident's worry about a neighbour (care, in consultation) and rent arrears; in wijk B a
care case with a note for its partners, a team case and rent arrears. The walks are in
walks.py."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tests.leakwalk.actions import (
    Report,
    field_form,
    on_case,
    pass_deadline,
    pdf,
    resident_form,
    service_door,
    staff_door,
    took_in,
)
from tests.leakwalk.overleg import MEETING_SETUP
from tests.leakwalk.walk import Step
from tests.leakwalk.world import RENT_ADMINISTRATION, TrackingLink
from tests.matrix import K
from wijkteam.cases.documents import case_document_add, process_document
from wijkteam.cases.handling import case_action_create, case_note_add
from wijkteam.cases.models import NoteVisibility
from wijkteam.signals.models import Channel
from wijkteam.signals.services import ArrearsInput

RESIDENT = "bewoner"
SYSTEM_ACTOR = "systeem"


def report(name, case, door, **fields):
    """A signal taken in through a door, booked under ``name`` (its case, when new, ``case``)."""

    def do(world, actor):
        report = fields["report"]
        if door == "service":
            service_door(world, world.user(actor), **fields)
        elif door == "staff":
            staff_door(world, actor, **fields)
        else:
            field_form(world, actor, **fields)
        took_in(world, name, case, report)

    return do


def resident(name, case, link, **fields):
    def do(world, actor):
        tracking = resident_form(world, **fields)
        world.state.holders[link] = TrackingLink(tracking.token, tracking.link, name)
        took_in(world, name, case, fields["report"], link=link)

    return do


def _deadline(case):
    return lambda world, actor: pass_deadline(world, case)


def note(case, text, visibility=NoteVisibility.PARTNERS):
    def do(world, actor):
        user = world.user(actor)
        case_note_add(actor=user, case=world.case(case), text=text, visibility=visibility)
        own = user.organisation.kind if visibility == NoteVisibility.OWN_ORGANISATION else None
        on_case(world, case, f"note on {case} ({visibility})", (text.split()[0],), own_kind=own)

    return do


def document(case, word):
    def do(world, actor):
        upload = pdf(f"{word}BESTAND.pdf", f"{word}PDFTEKST")
        case_document_add(
            actor=world.user(actor),
            case=world.case(case),
            document=process_document(upload=upload),
            title=f"{word}DOCUMENT",
        )
        markers = (f"{word}DOCUMENT", f"{word}PDFTEKST", f"{word}BESTAND")
        on_case(world, case, f"document on {case}", markers)

    return do


def action(case, text, owner):
    def do(world, actor):
        case_action_create(
            actor=world.user(actor),
            case=world.case(case),
            description=text,
            owner_organisation=world.organisations[owner],
            due_date=timezone.localdate() + timedelta(days=7),
        )
        on_case(world, case, f"action on {case}", (text.split()[0],))

    return do


def _arrears(today, tenant: str, amount: str):
    return ArrearsInput(
        tenant_name=tenant,
        amount=Decimal(amount),
        months=3,
        signal_date=today - timedelta(days=60),
        contact_attempted_on=today - timedelta(days=50),
        debt_help_pointed_on=today - timedelta(days=40),
        written_reminder_on=today - timedelta(days=30),
        no_objection_on=today - timedelta(days=10),
    )


# An amount is a marker in each of its spellings; a page shows one of them.
HUUR_AMOUNTS = ("4711.23", "4711,23", "4.711,23")
HUUR = Report("LWHUUROMSCHRIJVING", details=("Lwhuurnaam", *HUUR_AMOUNTS))
KELDER_AMOUNTS = ("2345.67", "2345,67", "2.345,67")
KELDER = Report("LWKELDEROMSCHRIJVING", details=("Lwkeldernaam", *KELDER_AMOUNTS))
AMOUNTS = (HUUR_AMOUNTS, KELDER_AMOUNTS)

SETUP = [
    Step(
        "de gemeente neemt een geluidsmelding aan de telefoon aan",
        "gemeente-medewerker-A",
        report(
            "geluid",
            "geluid",
            "service",
            slug="overlast-geluid",
            place="geluid",
            receiver=K.GEMEENTE,
            report=Report(
                "LWGELUIDOMSCHRIJVING harde muziek",
                reporter=("Lwgeluidnaam Melder", "lwgeluidmail@example.org", "0611110001"),
            ),
        ),
    ),
    Step(
        "een buur meldt hetzelfde adres; de melding komt bij de geluidscasus",
        "gemeente-medewerker-A",
        report(
            "lawaai",
            "geluid",
            "service",
            slug="overlast-geluid",
            place="geluid",
            receiver=K.GEMEENTE,
            report=Report(
                "LWLAWAAIOMSCHRIJVING tot drie uur",
                reporter=("Lwlawaainaam Buur", "", "0611110002"),
            ),
        ),
    ),
    Step(
        "de corporatie legt een vermoeden van woonfraude vast",
        "corporatie-medewerker-A",
        report(
            "fraude",
            "fraude",
            "service",
            slug="onveiligheid-woonfraude",
            place="fraude",
            receiver=K.CORPORATIE,
            report=Report(
                "LWFRAUDEOMSCHRIJVING woont er niet echt",
                reporter=("Lwfraudenaam Buur", "lwfraudemail@example.org", "0611110003"),
            ),
        ),
    ),
    Step(
        "de termijn verstrijkt: de corporatie is eerste reactie",
        "systeem",
        _deadline("fraude"),
        shares=True,
    ),
    Step(
        "de corporatie schrijft een notitie voor de partners",
        "corporatie-medewerker-A",
        note("fraude", "LWFRAUDENOTITIE voor de partners"),
    ),
    Step(
        "de corporatie voegt een document toe",
        "corporatie-medewerker-A",
        document("fraude", "LWFRAUDE"),
    ),
    Step(
        "de corporatie spreekt een actie af",
        "corporatie-medewerker-A",
        action("fraude", "LWFRAUDEACTIE huisbezoek", K.CORPORATIE),
    ),
    Step(
        "de wijkagent legt een vermoeden van hennepteelt vast",
        "politie-medewerker-A",
        report(
            "drugs",
            "drugs",
            "service",
            slug="onveiligheid-drugs",
            place="drugs",
            receiver=K.POLITIE,
            report=Report(
                "LWDRUGSOMSCHRIJVING hennepgeur",
                reporter=("Lwdrugsnaam Tipgever", "", "0611110004"),
            ),
        ),
    ),
    Step(
        "de termijn verstrijkt: de politie is eerste reactie",
        "systeem",
        _deadline("drugs"),
        shares=True,
    ),
    Step(
        "een bewoner maakt zich zorgen om de buurvrouw (meldformulier)",
        RESIDENT,
        resident(
            "zorg",
            "zorg",
            "zorgmelder",
            slug="zorg-verwaarlozing",
            place="zorg",
            report=Report(
                "LWZORGOMSCHRIJVING de buurvrouw verwaarloost zich",
                reporter=("Lwzorgnaam Bewoner", "lwzorgmail@example.org", "0611110005"),
                photos=("LWZORGFOTO",),
            ),
            photo_name="LWZORGFOTO.jpg",
        ),
    ),
    Step(
        "de huuradministratie legt een huurachterstand vast",
        RENT_ADMINISTRATION.key,
        report(
            "huur",
            "huur",
            "service",
            slug="financieel-huurachterstand",
            place="huur",
            receiver=K.CORPORATIE,
            report=HUUR,
            channel=Channel.ARREARS_FORM,
            arrears=_arrears(timezone.localdate(), "Lwhuurnaam Huurder", "4711.23"),
        ),
    ),
    Step(
        "zorg in wijk B legt een zorg om een eenzame buurman vast",
        "zorg-medewerker-B",
        report(
            "kersen",
            "kersen",
            "service",
            slug="zorg-eenzaamheid",
            place="kersen",
            receiver=K.ZORG,
            report=Report(
                "LWKERSENOMSCHRIJVING eenzame buurman",
                reporter=("Lwkersennaam Buur", "", "0611110006"),
            ),
        ),
    ),
    Step("de termijn in wijk B verstrijkt", "systeem", _deadline("kersen"), shares=True),
    Step(
        "zorg in wijk B schrijft een notitie voor de partners",
        "zorg-medewerker-B",
        note("kersen", "LWKERSENNOTITIE voor de partners"),
    ),
    Step(
        "de corporatie in wijk B meldt een vervuild portiek",
        "corporatie-medewerker-B",
        report(
            "portiek",
            "portiek",
            "service",
            slug="vervuiling-portiek",
            place="portiek",
            receiver=K.CORPORATIE,
            report=Report("LWPORTIEKOMSCHRIJVING vuilniszakken"),
        ),
    ),
    Step(
        "de huuradministratie legt een huurachterstand in wijk B vast",
        RENT_ADMINISTRATION.key,
        report(
            "kelder",
            "kelder",
            "service",
            slug="financieel-huurachterstand",
            place="kelder",
            receiver=K.CORPORATIE,
            report=KELDER,
            channel=Channel.ARREARS_FORM,
            arrears=_arrears(timezone.localdate(), "Lwkeldernaam Huurder", "2345.67"),
        ),
    ),
    # The wijkteamoverleg of wijk A, about its cases (tests/leakwalk/overleg.py).
    *MEETING_SETUP,
]
