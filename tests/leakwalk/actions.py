"""What the steps do: each action through the application's pages or services, and the secrets
it writes, each with its audience computed here from DESIGN §6 (tests/leakwalk/audience.py).

Where a secret lands (which case, which lead) is read back from the database: those are facts.
Who may see it is decided here, never by asking the application."""

from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from tests.leakwalk.audience import (
    CONFIDENTIAL_RECORD,
    OWN_ORGANISATION,
    PARTNERS_RECORD,
    REPORTER,
    TEAM_RECORD,
    Seat,
    holder,
    organisation,
    rent,
    team,
)
from tests.leakwalk.world import (
    CASE_PARTNERS,
    CONFIDENTIAL,
    ORDER,
    PLACES,
    SENSITIVITY,
    TrackingLink,
    World,
)
from tests.leakwalk.world import TEAM_LEVEL as TEAM_SIGNAL
from wijkteam.cases.models import Case, Proposal, ProposalStatus
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.core.shown_once import note_of
from wijkteam.intake.services import signal_intake
from wijkteam.partners.actors import SYSTEM
from wijkteam.portal.views import RECEIPT_COOKIE
from wijkteam.signals.locations import LocationInput
from wijkteam.signals.models import Category, Channel, Reporter, Signal
from wijkteam.signals.resident_access import reporter_link_value
from wijkteam.signals.services import ArrearsInput, ReporterInput


class Refused(Exception):
    """The application refused the action (a page that did not do it, or a DomainError)."""


# --- files with markers ------------------------------------------------------------------------


def photo(name: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (32, 24), "green").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf(name: str, title: str) -> SimpleUploadedFile:
    """A one-page PDF whose title (written as plain text in the file) is a marker."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": title})
    body = BytesIO()
    writer.write(body)
    return SimpleUploadedFile(name, body.getvalue(), content_type="application/pdf")


# --- facts and audiences -----------------------------------------------------------------------


def team_of(world: World, record) -> str:
    return world.team_of(record.district.code)


def level_of(signal: Signal) -> str:
    return SENSITIVITY[signal.main_category.slug]


def participants(case: Case) -> set[str]:
    """The organisations taking part in a case now (a fact): its source, lead, involved
    partners and the receivers of its signals."""
    kinds = {case.source_organisation.kind, *(o.kind for o in case.involved.all())}
    if case.lead is not None:
        kinds.add(case.lead.kind)
    kinds |= {
        s.receiving_organisation.kind
        for s in Signal.objects.filter(case_link__case=case).select_related(
            "receiving_organisation"
        )
    }
    return kinds


KIND = {
    TEAM_SIGNAL: TEAM_RECORD,
    CASE_PARTNERS: PARTNERS_RECORD,
    CONFIDENTIAL: CONFIDENTIAL_RECORD,
}


def case_audience(world: World, name: str) -> tuple[str, set[Seat]]:
    """Who may read what is written on a case now, and what kind of secret that is: the whole
    team while all its signals are team signals; otherwise the organisations taking part, in
    its wijkteam (and the rent administration for confidential arrears)."""
    case = world.case(name)
    wijk = team_of(world, case)
    signals = Signal.objects.filter(case_link__case=case).select_related("main_category")
    level = max((level_of(s) for s in signals), key=ORDER.index, default=TEAM_SIGNAL)
    seats = {organisation(kind, wijk) for kind in participants(case)}
    if level == TEAM_SIGNAL:
        seats.add(team(wijk))
    if level == CONFIDENTIAL:
        seats.add(rent(case.source_organisation.kind))
    return KIND[level], seats


def signal_seats(world: World, signal: Signal) -> set[Seat]:
    """Who may see a new signal's details: its receiving organisation in its wijkteam, and its
    wijk's team for a team signal; for case partners, the lead and involved partners the case
    it joined already has (and the rent administration for arrears)."""
    wijk = team_of(world, signal)
    level = level_of(signal)
    receiver = signal.receiving_organisation.kind
    seats = {organisation(receiver, wijk)}
    if level == TEAM_SIGNAL:
        seats.add(team(wijk))
    if level == CASE_PARTNERS:
        case = Case.objects.get(links__signal=signal)
        shared = [o.kind for o in case.involved.all()] + ([case.lead.kind] if case.lead else [])
        seats |= {organisation(kind, wijk) for kind in shared}
    if level == CONFIDENTIAL:
        seats.add(rent(receiver))
    return seats


@dataclass(frozen=True)
class Report:
    """What a report carries, its markers: the description, the reporter (name, email, phone),
    more details (arrears) and the photos' names. The place's street is a marker too."""

    description: str
    reporter: tuple[str, ...] = ()
    details: tuple[str, ...] = ()
    photos: tuple[str, ...] = ()

    @property
    def markers(self) -> tuple[str, ...]:
        """The description's first word and the details."""
        return (self.description.split()[0], *self.details)

    @property
    def reporter_markers(self) -> tuple[str, ...]:
        """The reporter's first name, email address and phone number."""
        name, *rest = self.reporter
        return (name.split()[0], *rest)


def took_in(world: World, name: str, case_name: str, report: Report, *, link: str = "") -> Signal:
    """Book a signal the application just took in: its name, its case (a new case gets
    ``case_name``; a signal that joined one keeps that case's name) and its secrets."""
    state = world.state
    signal = Signal.objects.select_related(
        "district", "main_category", "receiving_organisation"
    ).get(description__contains=report.description)
    state.signals[name] = signal.reference
    case = Case.objects.get(links__signal=signal)
    wijk = team_of(world, signal)
    new_case = case.reference not in state.cases.values()
    if new_case:
        # A signal meant to join a case that opened its own gets a name of its own for it.
        case_name = case_name if case_name not in state.cases else f"{case_name}/{name}"
        state.cases[case_name] = case.reference
    kind = KIND[level_of(signal)]
    seats = signal_seats(world, signal) | ({holder(link)} if link else set())
    details = (*report.markers, signal.street)
    state.secrets.write(f"details of {name}", details, kind, seats, signal=name)
    if report.photos:
        state.secrets.write(f"photos of {name}", report.photos, kind, seats, signal=name)
    if report.reporter:
        receiver = organisation(signal.receiving_organisation.kind, wijk)
        own = {holder(link)} if link else set()
        state.secrets.write(
            f"who reported {name}", report.reporter_markers, REPORTER, {receiver} | own
        )
    if new_case and case.street:
        kind, seats = case_audience(world, case_name)
        state.secrets.write(
            f"address of case {case_name}", (case.street,), kind, seats, case=case_name
        )
    return signal


def on_case(
    world: World, case: str, what: str, markers, *, own_kind: str | None = None, more=()
) -> None:
    """A secret written on a case: for its readers now (and ``more`` seats: reporters' tracking
    links), or only for one organisation's members in its wijkteam (a note for one's own
    organisation, which no decision shares)."""
    if own_kind is not None:
        wijk = team_of(world, world.case(case))
        world.state.secrets.write(what, markers, OWN_ORGANISATION, {organisation(own_kind, wijk)})
        return
    kind, seats = case_audience(world, case)
    world.state.secrets.write(what, markers, kind, seats | set(more), case=case)


def holders_of(world: World, case: str) -> set[Seat]:
    """The tracking links the walk holds for reporters of the case's signals."""
    inside = world.signals_in(case)
    return {holder(name) for name, link in world.state.holders.items() if link.signal in inside}


# --- the doors ---------------------------------------------------------------------------------


def client_of(world: World, key: str) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[key]
    return client


def _sent(response, expected: str) -> None:
    if response.status_code != 302 or not response["Location"].startswith(expected):
        errors = getattr(response, "context", None) and response.context.get("form")
        raise Refused(f"{response.status_code}: {errors.errors if errors else ''}")


def staff_door(world: World, actor: str, *, slug: str, place: str, receiver: str, report: Report):
    place = PLACES[place]
    name, email, phone = (*report.reporter, "", "", "")[:3]
    response = client_of(world, actor).post(
        reverse("intake:new"),
        {
            "channel": "phone",
            "receiving_organisation": world.organisations[receiver].pk,
            "category": Category.objects.get(slug=slug).pk,
            "description": report.description,
            "postcode": place.postcode,
            "house_number": place.number,
            "reporter_name": name,
            "reporter_email": email,
            "reporter_phone": phone,
        },
    )
    _sent(response, "/meldingen/")


def field_form(world: World, actor: str, *, slug: str, place: str, report: Report, photo_name):
    place = PLACES[place]
    response = client_of(world, actor).post(
        reverse("intake:field"),
        {
            "category": Category.objects.get(slug=slug).pk,
            "latitude": place.latitude,
            "longitude": place.longitude - 0.0005,
            "description": report.description,
            "photos": [photo(photo_name)],
        },
    )
    _sent(response, reverse("intake:field"))


def resident_form(
    world: World, *, slug: str, place: str, report: Report, photo_name: str
) -> TrackingLink:
    """A resident reports on the form, with a photo and their name and email address; the walk
    then holds their tracking link."""
    place = PLACES[place]
    client = Client()
    name, email, phone = (*report.reporter, "", "", "")[:3]
    response = client.post(
        reverse("portal:report"),
        {
            "upload_key": "leakwalk",
            "category": Category.objects.get(slug=slug).pk,
            "description": report.description,
            "postcode": place.postcode,
            "house_number": place.number,
            "photos": [photo(photo_name)],
            "contact": "contact",
            "name": name,
            "email": email,
            "phone": phone,
            "is_tenant": "unknown",
            "website": "",
            "confirmed_new": "1",
        },
    )
    _sent(response, reverse("portal:received"))
    token = note_of(RECEIPT_COOKIE, client.cookies[RECEIPT_COOKIE].value)["token"]
    reporter = Reporter.objects.get(email=email)
    return TrackingLink(token=token, link=reporter_link_value(reporter), signal="")


def service_door(
    world: World,
    actor,
    *,
    slug: str,
    place: str,
    receiver: str,
    report: Report,
    channel: str = Channel.PHONE,
    arrears: ArrearsInput | None = None,
) -> None:
    """A signal through ``signal_intake`` itself, as the doors without a page of their own
    (and the setup) take it in."""
    place = PLACES[place]
    name, email, phone = (*report.reporter, "", "", "")[:3]
    reporter = ReporterInput(name=name, email=email, phone=phone) if report.reporter else None
    signal_intake(
        actor=actor,
        channel=channel,
        category=Category.objects.get(slug=slug),
        description=report.description,
        location=LocationInput(postcode=place.postcode, house_number=place.number),
        receiving_organisation=world.organisations[receiver],
        reporter=reporter,
        arrears=arrears,
    )


def pass_deadline(world: World, case: str) -> None:
    """The proposal's deadline passes without objection: the proposed lead is agreed."""
    proposal = Proposal.objects.get(case=world.case(case), status=ProposalStatus.OPEN)
    proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
    )
