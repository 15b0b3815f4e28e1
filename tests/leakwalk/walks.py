"""The walks after the setup (tests/leakwalk/steps.py): every kind of change a user makes, and
the two sequences an outside probe found leaking."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.leakwalk.actions import Refused, Report, holders_of, on_case, signal_seats
from tests.leakwalk.audience import TEAM_RECORD, debt, holder
from tests.leakwalk.overleg import FLAGGING
from tests.leakwalk.steps import (
    HUUR,
    RESIDENT,
    SYSTEM_ACTOR,
    action,
    document,
    note,
    report,
    resident,
)
from tests.leakwalk.walk import Step, Walk
from tests.leakwalk.world import PLACES
from tests.matrix import K
from wijkteam.cases.closure.outcome import case_close, case_reopen, case_resolve
from wijkteam.cases.figures import figures_rebuild
from wijkteam.cases.models import CaseStatus, NoteVisibility, Outcome, Proposal, ProposalStatus
from wijkteam.cases.regrouping import case_merge, case_move_signal, case_split
from wijkteam.cases.triage.responses import case_decide, proposal_respond
from wijkteam.intake.services import signal_relocated
from wijkteam.partners.actors import SYSTEM
from wijkteam.privacy.retention.run import retention_run
from wijkteam.signals.counts import counts_rebuild
from wijkteam.signals.debt_help import arrears_refer_to_debt_help
from wijkteam.signals.locations import LocationInput, location_resolve

KINDS = (
    K.GEMEENTE,
    K.CORPORATIE,
    K.POLITIE,
    K.WELZIJN,
    K.ZORG,
    K.BUURTBEMIDDELING,
    K.BEWONERSORGANISATIE,
)


def _responses(world, actor) -> None:
    """Every partner of wijk A's team answers the care proposal; the police counter-propose
    care, so the case goes to the wijkteamoverleg."""
    proposal = Proposal.objects.get(case=world.case("zorg"), status=ProposalStatus.OPEN)
    for kind in KINDS:
        user = world.user(f"{kind}-medewerker-A")
        if kind == K.POLITIE:
            proposal_respond(
                actor=user,
                proposal=proposal,
                kind="counter",
                reason="Zorg kan dit beter oppakken",
                counter_lead=world.organisations[K.ZORG],
            )
        else:
            proposal_respond(actor=user, proposal=proposal, kind="agree")
    if world.case("zorg").status != CaseStatus.ESCALATED:
        raise AssertionError("The care case should be on the overleg's list now")


def _decide(world, actor) -> None:
    case_decide(
        actor=world.user(actor),
        case=world.case("zorg"),
        lead=world.organisations[K.WELZIJN],
        involved=[world.organisations[K.ZORG]],
        reasoning="Welzijn kent de bewoner; zorg doet mee",
    )


def _refer(world, actor) -> None:
    arrears_refer_to_debt_help(actor=world.user(actor), signal=world.signal("huur"))
    # DESIGN §6: shared with debt help are the contact details and the amount, nothing more.
    shared = ("Lwhuurnaam", PLACES["huur"].street, *HUUR.details[1:])
    world.state.secrets.widen_markers(shared, {debt("A")})


def _move(world, actor) -> None:
    case_move_signal(
        actor=world.user(actor),
        case=world.case("geluid"),
        signal=world.signal("lawaai"),
        target=world.case("buren"),
        reason="Hoort bij de burenruzie",
    )


def _merge(world, actor) -> None:
    case_merge(
        actor=world.user(actor),
        case=world.case("veld"),
        into=world.case("geluid"),
        reason="Samen bespreken",
    )


def _split(world, actor) -> None:
    new = case_split(
        actor=world.user(actor),
        case=world.case("geluid"),
        signals=[world.signal("veld")],
        reason="Toch een eigen zaak",
    )
    world.state.cases["veld-apart"] = new.reference


def _relocate(world, actor) -> None:
    place = PLACES["verhuisd"]
    located = location_resolve(
        given=LocationInput(postcode=place.postcode, house_number=place.number), client=None
    )
    signal_relocated(actor=world.user(actor), signal=world.signal("buren"), location=located)
    # The corrected address is part of the (team) signal's details.
    seats = signal_seats(world, world.signal("buren"))
    world.state.secrets.write(
        "new address of buren", (place.street,), TEAM_RECORD, seats, signal="buren"
    )


def _resolve(text):
    def do(world, actor):
        case_resolve(
            actor=world.user(actor),
            case=world.case("zorg"),
            outcome=Outcome.SOLVED,
            message=f"Wij zijn langs geweest. {text}",
        )
        # The message is for the reporters too: every tracking link of the case.
        more = holders_of(world, "zorg")
        on_case(world, "zorg", f"message to the reporters ({text})", (text,), more=more)

    return do


def _not_satisfied(world, actor) -> None:
    link = world.state.holders["zorgmelder"]
    response = Client().post(
        reverse("portal:track", args=[link.token]),
        {"satisfied": "no", "comment": "LWZORGKLACHT niet opgelost"},
    )
    if response.status_code != 302:
        raise Refused(f"the tracking page answered {response.status_code}")
    more = {holder("zorgmelder")}
    on_case(world, "zorg", "the first reporter's complaint", ("LWZORGKLACHT",), more=more)


def _reopen(world, actor) -> None:
    case_reopen(actor=world.user(actor), case=world.case("zorg"), reason="De melder is ontevreden")


def _close(world, actor) -> None:
    case_close(actor=world.user(actor), case=world.case("zorg"))


def _retention(world, actor) -> None:
    done = retention_run(actor=SYSTEM, now=timezone.now() + timedelta(days=400))
    if done.cases != 1 or done.failed:
        raise AssertionError(f"The retention run should take the care case: {done}")


EVERYDAY = [
    Step(
        "de wijkagent neemt een burenruzie aan (meldingsformulier voor medewerkers)",
        "politie-medewerker-A",
        report(
            "buren",
            "buren",
            "staff",
            slug="overlast-burenruzie",
            place="buren",
            receiver=K.POLITIE,
            report=Report(
                "LWBURENOMSCHRIJVING ruzie op de galerij",
                reporter=("Lwburennaam Buurvrouw", "lwburenmail@example.org", "0611110007"),
            ),
        ),
    ),
    Step(
        "de wijkbeheerder legt vernieling vast (snel vastleggen, met foto)",
        "corporatie-wijkbeheerder-A",
        report(
            "veld",
            "veld",
            "field",
            slug="vernieling-complex",
            place="verhuisd",
            report=Report("LWVELDOMSCHRIJVING kapotte deur", photos=("LWVELDFOTO",)),
            photo_name="LWVELDFOTO.jpg",
        ),
    ),
    Step(
        "een tweede bewoner meldt dezelfde zorg; de melding komt bij de zorgcasus",
        RESIDENT,
        resident(
            "bezorgd",
            "zorg",
            "bezorgdmelder",
            slug="zorg-verwaarlozing",
            place="zorg",
            report=Report(
                "LWBEZORGDOMSCHRIJVING ik maak me zorgen",
                reporter=("Lwbezorgdnaam Bewoner", "lwbezorgdmail@example.org"),
                photos=("LWBEZORGDFOTO",),
            ),
            photo_name="LWBEZORGDFOTO.jpg",
        ),
    ),
    Step("alle partners reageren; de politie doet een tegenvoorstel", "(elke partner)", _responses),
    Step(
        "de voorzitter legt het besluit vast: welzijn, met zorg betrokken",
        "gemeente-wijkmanager-A",
        _decide,
        shares=True,
    ),
    Step(
        "welzijn schrijft een notitie voor de eigen organisatie",
        "welzijn-medewerker-A",
        note("zorg", "LWZORGEIGENNOTITIE alleen voor ons", NoteVisibility.OWN_ORGANISATION),
    ),
    Step(
        "zorg schrijft een notitie voor de partners",
        "zorg-medewerker-A",
        note("zorg", "LWZORGPARTNERNOTITIE voor de partners"),
    ),
    Step(
        "welzijn spreekt een actie voor zorg af",
        "welzijn-medewerker-A",
        action("zorg", "LWZORGACTIE langsgaan", K.ZORG),
    ),
    Step("zorg voegt een document toe", "zorg-medewerker-A", document("zorg", "LWZORG")),
    Step(
        "de huuradministratie geeft de achterstand door aan schuldhulp",
        "corporatie-huuradministratie",
        _refer,
    ),
    Step(
        "de voorzitter verplaatst een geluidsmelding naar de burenruzie",
        "gemeente-wijkmanager-A",
        _move,
    ),
    Step("de voorzitter voegt de vernieling bij de geluidscasus", "gemeente-wijkmanager-A", _merge),
    Step("de voorzitter splitst de vernieling weer af", "gemeente-wijkmanager-A", _split),
    Step("de wijkagent past de locatie van de burenruzie aan", "politie-medewerker-A", _relocate),
    Step("welzijn handelt de zorgcasus af", "welzijn-medewerker-A", _resolve("LWZORGBERICHT")),
    Step("de eerste melder is niet tevreden (volgpagina)", "volglink-zorgmelder", _not_satisfied),
    Step("welzijn heropent de zorgcasus", "welzijn-medewerker-A", _reopen),
    Step("welzijn handelt opnieuw af", "welzijn-medewerker-A", _resolve("LWZORGTWEEDEBERICHT")),
    Step("welzijn sluit de zorgcasus", "welzijn-medewerker-A", _close),
    Step("de bewaartermijn: de nachtelijke ronde, dertien maanden later", SYSTEM_ACTOR, _retention),
]


# --- the sequences an outside probe found leaking ----------------------------------------------


def _police_move(world, actor) -> None:
    case_move_signal(
        actor=world.user(actor),
        case=world.case("fraude"),
        signal=world.signal("fraude"),
        target=world.case("drugs"),
        reason="Past bij het drugsonderzoek",
    )


GROUPING_WIDENS = [
    Step(
        "de wijkagent meldt geluid op het adres van de woonfraude; het komt bij die casus",
        "politie-medewerker-A",
        report(
            "politiegeluid",
            "politiegeluid",
            "staff",
            slug="overlast-geluid",
            place="fraude",
            receiver=K.POLITIE,
            report=Report("LWPOLITIEGELUIDOMSCHRIJVING muziek uit de woning"),
        ),
    ),
]
MOVING_LOWERS = [
    *GROUPING_WIDENS,
    Step(
        "de wijkagent verplaatst de fraudemelding naar de drugscasus van de politie",
        "politie-medewerker-A",
        _police_move,
        # Once grouping no longer makes the police a partner of the fraud case, they may not.
        may_be_refused=True,
    ),
]


# --- the wijk's picture -------------------------------------------------------------------------
# The hotspots name their spots by street, only in the team's categories and only for the
# wijk's own team (tests/leakwalk/crawl.py crawls them in this walk). The walk's world is one
# transaction, so the intake's follow-ups that mark the counts never run: the picture is counted
# again from the signals, as ``manage.py wijkbeeld_rebuild`` does, after each step.


def _picture_counted(world, actor) -> None:
    counts_rebuild()
    figures_rebuild()


def _and_counted(do):
    def both(world, actor):
        do(world, actor)
        _picture_counted(world, actor)

    return both


PICTURE = [
    Step("het wijkbeeld wordt opnieuw geteld", SYSTEM_ACTOR, _picture_counted),
    Step(
        "de gemeente in wijk B neemt een geluidsmelding aan; het wijkbeeld volgt",
        "gemeente-medewerker-B",
        _and_counted(
            report(
                "schuur",
                "schuur",
                "service",
                slug="overlast-geluid",
                place="verplaatst",
                receiver=K.GEMEENTE,
                report=Report(
                    "LWSCHUUROMSCHRIJVING geluid uit de schuur",
                    reporter=("Lwschuurnaam Melder", "lwschuurmail@example.org", "0611110009"),
                ),
            )
        ),
    ),
]
# The everyday walk is watched in two parts that take about as long, each by a module of its
# own (tests/test_leak_walk.py, tests/test_leak_walk_everyday_end.py): the first part crawls
# after each of the first steps; the second does those unwatched (its first crawl asks every
# page they changed) and crawls after each of the rest, and at the end as every other role
# over everything.
EVERYDAY_SPLIT = 12
EVERYDAY_FIRST = Walk(EVERYDAY[:EVERYDAY_SPLIT], ends=False)
EVERYDAY_REST = Walk(EVERYDAY, watched_from=EVERYDAY_SPLIT, all_at_end=True)
SEQUENCES = {
    "grouping_then_moving": Walk(MOVING_LOWERS),
    "overleg": Walk(FLAGGING),
    "wijkbeeld": Walk(PICTURE, picture=True),
}
