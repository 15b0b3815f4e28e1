"""What is asked about: records of each visibility with marker words in their personal data,
and the world around them, built once per test module."""

from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal
from importlib import import_module
from io import BytesIO

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from pypdf import PdfWriter

from tests.cases.support import address, case_of, intake, open_proposal
from tests.conftest import build_world
from tests.factories import add_member, make_organisation, make_user
from tests.matrix.initiative_world import Initiatives, build_initiatives
from tests.matrix.visitors import (
    HALFWAY,
    RESIDENT,
    STAFF,
    K,
    Visitor,
    chairs_team_a,
    is_rent_administration,
    member_of_team_a,
    oversees,
    team_function,
    works,
)
from tests.matrix.wijkbeeld_world import Picture, build_picture
from wijkteam.areas.models import RegisteredAddress
from wijkteam.cases.closure.feedback import feedback_give
from wijkteam.cases.closure.outcome import case_resolve
from wijkteam.cases.documents import case_document_add, process_document
from wijkteam.cases.handling import case_action_create, case_note_add
from wijkteam.cases.models import Case, CaseStatus, NoteVisibility, Outcome
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.intake.services import signal_intake
from wijkteam.meetings.holding import meeting_start
from wijkteam.meetings.minutes import meeting_close
from wijkteam.meetings.models import AgendaItem, ItemKind, ItemOutcome, Meeting, MeetingStatus
from wijkteam.meetings.services import AMSTERDAM, When, calendar_token_renew, meeting_create
from wijkteam.notifications.services import notify_users
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.middleware import (
    LOGIN_AT_SESSION_KEY,
    SEEN_AT_SESSION_KEY,
    session_start,
)
from wijkteam.partners.models import User
from wijkteam.partners.twofactor import totp_device_begin
from wijkteam.portal.views import RECEIPT_COOKIE
from wijkteam.privacy.legal_hold import case_legal_hold_set
from wijkteam.privacy.models import PersonRequest, RequestKind
from wijkteam.signals.debt_help import arrears_refer_to_debt_help, debt_help_plan
from wijkteam.signals.models import ArrearsImport, Category, Channel, Reporter, Sensitivity, Signal
from wijkteam.signals.photos import process_photo
from wijkteam.signals.resident_access import reporter_link_value
from wijkteam.signals.services import ArrearsInput, ReporterInput

# --- what is asked about -----------------------------------------------------------------------


@dataclass
class Record:
    """One situation in wijk A: its case, its signal(s), and the marker words in its personal
    data that nobody who may not see them should ever be shown."""

    name: str
    sensitivity: str
    receiver_kind: str
    participant_kinds: set[str] = field(default_factory=set)
    lead_kind: str | None = None
    source_kind: str | None = None
    status: str = ""  # the case's status
    details_markers: tuple[str, ...] = ()
    reporter_markers: tuple[str, ...] = ()
    case_reference: str = ""
    signal_reference: str = ""
    ids: dict[str, int] = field(default_factory=dict)
    # The case's other signal, for moving and splitting.
    other_signal_reference: str = ""


def takes_part(visitor: Visitor, record: Record) -> bool:
    """Their organisation takes part, and they work where the record is: in wijk A's team,
    overseeing every team, or across wijken for the arrears (DESIGN §6)."""
    return visitor.kind in record.participant_kinds and works_here(visitor, record)


def works_here(visitor: Visitor, record: Record) -> bool:
    return (
        visitor.team == "A"
        or oversees(visitor)
        or (is_rent_administration(visitor) and record.name.startswith("arrears"))
    )


def knows(visitor: Visitor, record: Record) -> bool:
    if not visitor.staff:
        return False
    if record.sensitivity == Sensitivity.CONFIDENTIAL:
        return takes_part(visitor, record)
    return visitor.team == "A" or oversees(visitor) or takes_part(visitor, record)


def sees_details(visitor: Visitor, record: Record) -> bool:
    return knows(visitor, record) and (
        record.sensitivity == Sensitivity.TEAM or takes_part(visitor, record)
    )


def sees_reporter(visitor: Visitor, record: Record) -> bool:
    return visitor.staff and visitor.kind == record.receiver_kind and works_here(visitor, record)


def leads(visitor: Visitor, record: Record) -> bool:
    """Works the case: a member of the lead organisation in the case's team, or the chair."""
    return works(visitor) and (
        (visitor.kind == record.lead_kind and member_of_team_a(visitor)) or chairs_team_a(visitor)
    )


# --- the world, built once for the module ------------------------------------------------------


@dataclass
class Matrix:
    records: dict[str, Record]
    users: dict[str, User]
    organisations: dict[str, object]
    resident_token: str
    resident_link: str
    import_id: int
    person_request_id: int
    # The fingerprint the corporation confirms when it passes arrears on to debt help.
    debt_help_fingerprint: str
    # Who may reset a password with a link from their email, and that link's parts.
    reset_user: User
    reset_link: tuple[str, str]
    admin_objects: dict[str, str] = field(default_factory=dict)
    # A wijkteamoverleg of wijk A, and the calendar feed secret of a member of its team.
    meeting_id: int = 0
    calendar_token: str = ""
    # Its minutes (part C): a meeting under way to close, and one closed, whose items are the
    # records' cases with a details marker in their minutes.
    held_meeting_id: int = 0
    closed_meeting_id: int = 0
    # Its agenda: a member's item without a case (ordered, moved, removed by the chair), beside
    # items about the care and arrears cases; and the team's next meeting, to move items to.
    agenda_item_id: int = 0
    later_meeting_id: int = 0
    # A wijkteamoverleg of wijk A held today (in progress), and its item about the noise case;
    # its item about the arrears has minutes that only the corporation may read.
    holding_meeting_id: int = 0
    holding_item_id: int = 0
    # Each visitor's session, made once for the module, and the notes shown once (per cookie's
    # name, core/shown_once.py) a visitor carries: signed afresh for each request, as a note
    # lasts ten minutes and the module may take longer.
    sessions: dict[str, str] = field(default_factory=dict)
    notes: dict[str, dict[str, dict]] = field(default_factory=dict)
    # The residents' initiatives (initiative_world.py).
    initiatives: Initiatives | None = None
    # The wijk's picture: its counts and measures (wijkbeeld_world.py).
    picture: Picture | None = None


def _meetings(world, care_case, arrears) -> tuple[Meeting, int, int]:
    """Wijk A's next two meetings; the first with an agenda whose items about the care and
    arrears cases carry those cases' marker words in their reasons (only who may see a case's
    details may read them: meetings/redaction.py)."""
    meeting, later = (
        meeting_create(
            actor=SYSTEM,
            team=world.team_a,
            when=When(
                day=timezone.localdate() + timedelta(weeks=weeks), start=time(10), end=time(11)
            ),
            place="Matrixzaal",
        )
        for weeks in (3, 5)
    )
    AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.MEMBER,
        position=1,
        case=care_case,
        title="Zorgen",
        reason="MARKERZORG bespreken",
    )
    item = AgendaItem.objects.create(
        meeting=meeting, kind=ItemKind.MEMBER, position=2, title="Buurtfeest"
    )
    AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.MEMBER,
        position=3,
        case=case_of(arrears),
        title="Huurachterstand",
        reason="Markerhuurder reageert niet",
    )
    return meeting, item.pk, later.pk


def session_of(user, *, second_step: bool, **values) -> str:
    """A session of ``user`` after the password (and the second step when asked), as a login
    through the pages leaves it: what ``force_login`` does in tests/conftest.py, made once per
    module instead of once per request. ``values``: more to keep in the session."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    if user is not None:
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session_start(session)
        # Seen until the login's end: each request is rolled back, so one that moved the idle
        # time on (once a minute has passed) would write the session again on every request.
        session[SEEN_AT_SESSION_KEY] = session[LOGIN_AT_SESSION_KEY] + settings.SESSION_MAX_SECONDS
    if second_step:
        device = TOTPDevice.objects.create(user=user, name="matrix", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.update(values)
    session.save()
    # It lasts as long as a login may (not the idle half hour): a slow machine may take longer
    # than that over the module, and no request moves it on (each is rolled back).
    session.model.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(seconds=settings.SESSION_MAX_SECONDS)
    )
    return session.session_key


def _jpeg() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def _letter() -> bytes:
    """A one-page PDF as the document check accepts it, its title a marker (written as plain
    text in the file): a download streams it, and is checked like a page."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": "MARKERPDFTEKST"})
    body = BytesIO()
    writer.write(body)
    return body.getvalue()


PDF = _letter()


def pdf(name: str = "brief.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _agree(case) -> None:
    proposal = open_proposal(case)
    proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
    )
    case.refresh_from_db()


def _participants(case) -> set[str]:
    kinds = {case.source_organisation, case.lead, *case.involved.all()}
    kinds |= {link.signal.receiving_organisation for link in case.links.all()}
    return {organisation.kind for organisation in kinds if organisation is not None}


def _record(name: str, signal: Signal, **fields) -> Record:
    case = case_of(signal)
    return Record(
        name,
        case.sensitivity,
        signal.receiving_organisation.kind,
        _participants(case),
        case.lead.kind if case.lead else None,
        case.source_organisation.kind,
        case.status,
        case_reference=case.reference,
        signal_reference=signal.reference,
        **fields,
    )


def _meetings_with_minutes(world, records: dict[str, Record]) -> tuple[int, int]:
    """A meeting of wijk A under way, and one closed whose minutes discuss every record's case
    with the record's first details marker: who may not see a record must not read it there."""
    made = []
    for weeks in (4, 5):
        meeting = meeting_create(
            actor=SYSTEM,
            team=world.team_a,
            when=When(
                day=timezone.localdate() + timedelta(weeks=weeks), start=time(10), end=time(11)
            ),
            place="Matrixzaal",
        )
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.IN_PROGRESS)
        made.append(meeting)
    held, closed = made
    for position, record in enumerate(records.values()):
        AgendaItem.objects.create(
            meeting=closed,
            kind=ItemKind.FLAGGED,
            case=Case.objects.get(reference=record.case_reference),
            minutes=f"Besproken: {record.details_markers[0]}",
            outcome=ItemOutcome.DISCUSSED,
            position=position,
        )
    meeting_close(actor=SYSTEM, meeting=closed)
    return held.pk, closed.pk


def _arrears(number: int, tenant: str, amount: str, world) -> Signal:
    today = timezone.localdate()
    return intake(
        "financieel-huurachterstand",
        location=address(number=number, street="Markerlaan"),
        receiving_organisation=world.corporatie,
        description="",
        arrears=ArrearsInput(
            tenant_name=tenant,
            amount=Decimal(amount),
            months=3,
            signal_date=today - timedelta(days=60),
            contact_attempted_on=today - timedelta(days=50),
            debt_help_pointed_on=today - timedelta(days=40),
            written_reminder_on=today - timedelta(days=30),
            no_objection_on=today - timedelta(days=10),
        ),
    )


def build_matrix() -> Matrix:
    from tests.matrix.beheer import admin_objects  # its spare records build on this world

    world = build_world()
    organisations = {
        K.GEMEENTE: world.gemeente,
        K.CORPORATIE: world.corporatie,
        K.POLITIE: world.politie,
        K.WELZIJN: world.welzijn,
        K.ZORG: make_organisation("Zorgteam Test", K.ZORG),
        K.BUURTBEMIDDELING: make_organisation("Buurtbemiddeling Test", K.BUURTBEMIDDELING),
        K.BEWONERSORGANISATIE: make_organisation("Bewonerscommissie Test", K.BEWONERSORGANISATIE),
    }
    users = {}
    for visitor in STAFF + HALFWAY:
        user = make_user(
            f"{visitor.key}@matrix.test",
            organisations[visitor.kind],
            visitor.role,
            full_name=f"Gebruiker {visitor.key}",
        )
        if visitor.team is not None:
            team = world.team_a if visitor.team == "A" else world.team_b
            add_member(team, user, team_function(visitor))
        users[visitor.key] = user
    worker = world.opbouwwerker_a

    # Noise (team): two neighbours phoned the gemeente about the same address; in consultation.
    noise = signal_intake(
        actor=SYSTEM,
        channel=Channel.PHONE,
        category=Category.objects.get(slug="overlast-geluid"),
        location=address(number=3, street="Appellaan"),
        receiving_organisation=world.gemeente,
        description="MARKERGELUID harde muziek",
        reporter=ReporterInput(name="Ruud Markerman", email="ruud.markerman@example.org"),
    ).signal
    again = signal_intake(
        actor=SYSTEM,
        channel=Channel.PHONE,
        category=Category.objects.get(slug="overlast-geluid"),
        location=address(number=3, street="Appellaan"),
        receiving_organisation=world.gemeente,
        description="MARKERGELUID weer tot drie uur",
        reporter=ReporterInput(name="Nora Markerbuur", phone="0622334455"),
    ).signal
    assert case_of(again) == case_of(noise)

    # Graffiti (team), open elsewhere in wijk A: where the noise case can be merged into.
    graffiti = intake(
        "vervuiling-graffiti",
        location=address(postcode="3999AB", number=20, lon=5.515),
        receiving_organisation=world.gemeente,
        description="MARKERGRAFFITI op de muur",
    )

    # A worry about a resident (case partners): welfare leads; handled, and the reporter is
    # not satisfied.
    care = intake(
        "zorg-verwaarlozing",
        location=address(number=7, postcode="3999AB", street="Markerweg"),
        receiving_organisation=world.welzijn,
        description="MARKERZORG mevrouw verwaarloost zichzelf",
        reporter=ReporterInput(
            name="Rianne Markerdochter", email="rianne.marker@example.org", phone="0611223344"
        ),
        photos=[process_photo(upload=_jpeg())],
    )
    care_case = case_of(care)
    _agree(care_case)
    action = case_action_create(
        actor=worker,
        case=care_case,
        description="MARKERACTIE huisbezoek",
        owner_organisation=world.welzijn,
        due_date=timezone.localdate() + timedelta(days=3),
    )
    case_note_add(
        actor=worker,
        case=care_case,
        text="MARKERNOTITIE over de dochter",
        visibility=NoteVisibility.PARTNERS,
    )
    document = case_document_add(
        actor=worker,
        case=care_case,
        document=process_document(upload=pdf()),
        title="MARKERDOCUMENT verslag",
    )
    case_resolve(
        actor=worker,
        case=care_case,
        outcome=Outcome.SOLVED,
        message="Wij hebben contact gehad. MARKERBERICHT",
    )
    feedback = feedback_give(
        actor=SYSTEM,
        reporter=Reporter.objects.get(signal=care),
        satisfied=False,
        comment="MARKERKLACHT",
    )

    # Rent arrears (confidential): the corporation leads; one passed on to debt help (the art. 2
    # steps are done), one not yet.
    arrears = _arrears(11, "Tineke Markerhuurder", "4321.09", world)
    arrears_refer_to_debt_help(actor=world.consulent_a, signal=arrears, confirmed=None)
    unshared = _arrears(13, "Teun Markerschuld", "1234.56", world)

    # The resident's own report of litter, sent with a photo on the report form; the gemeente
    # cleaned it up and told them, and the resident has not said yet whether they are
    # satisfied. The privacy officer keeps it for a complaint (a legal hold).
    litter_created = signal_intake(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=Category.objects.get(slug="vervuiling-zwerfafval"),
        location=address(number=40, street="Bessenlaan"),
        description="MARKERZWERFAFVAL zakken naast de container",
        reporter=ReporterInput(name="Bram Markerbewoner", email="bram.marker@example.org"),
        photos=[process_photo(upload=_jpeg())],
    )
    litter = litter_created.signal
    litter_case = case_of(litter)
    _agree(litter_case)
    case_resolve(
        actor=world.wijkmanager_a,
        case=litter_case,
        outcome=Outcome.SOLVED,
        message="De zakken zijn opgehaald. MARKEROPGEHAALD",
    )
    case_legal_hold_set(
        actor=users["gemeente-privacy_officer-A"], case=litter_case, reason="Klacht"
    )

    records = {
        "noise": _record(
            "noise",
            noise,
            details_markers=("MARKERGELUID",),
            reporter_markers=("Markerman", "ruud.markerman", "Markerbuur", "0622334455"),
            other_signal_reference=again.reference,
        ),
        "graffiti": _record("graffiti", graffiti, details_markers=("MARKERGRAFFITI",)),
        "care": _record(
            "care",
            care,
            details_markers=(
                "MARKERZORG",
                "Markerweg",
                "MARKERACTIE",
                "MARKERNOTITIE",
                "MARKERDOCUMENT",
                "MARKERPDFTEKST",
                "MARKERBERICHT",
                "MARKERKLACHT",
            ),
            reporter_markers=("Markerdochter", "rianne.marker", "0611223344"),
            ids={
                "action_id": action.pk,
                "feedback_id": feedback.pk,
                "document_id": document.pk,
                "attachment_id": care.attachments.get().pk,
            },
        ),
        "arrears": _record(
            "arrears",
            arrears,
            details_markers=("Markerhuurder", "4321.09", "4321,09", "4.321,09", "Markerlaan"),
        ),
        "arrears_unshared": _record(
            "arrears_unshared",
            unshared,
            details_markers=("Markerschuld", "1234.56", "1234,56", "1.234,56"),
        ),
        "litter": _record(
            "litter",
            litter,
            details_markers=("MARKERZWERFAFVAL", "MARKEROPGEHAALD"),
            reporter_markers=("Markerbewoner", "bram.marker"),
            ids={"attachment_id": litter.attachments.get().pk},
        ),
    }
    assert records["noise"].participant_kinds == {K.GEMEENTE}
    assert records["care"].participant_kinds == {K.WELZIJN}
    assert records["arrears"].participant_kinds == {K.CORPORATIE}
    assert records["arrears_unshared"].participant_kinds == {K.CORPORATIE}
    assert {name: record.status for name, record in records.items()} == {
        "noise": CaseStatus.CONSULTATION,
        "graffiti": CaseStatus.CONSULTATION,
        "care": CaseStatus.RESOLVED,
        "arrears": CaseStatus.HANDLING,
        "arrears_unshared": CaseStatus.HANDLING,
        "litter": CaseStatus.RESOLVED,
    }
    # An address in the register, so that the rent administration's form places its tenant
    # without the address service.
    RegisteredAddress.objects.create(
        bag_id="0999200000000060",
        postcode="3999AA",
        house_number=60,
        street="Markerlaan",
        city="Testoord",
        latitude=52.005,
        longitude=5.505,
        neighbourhood=world.buurt_a1,
        district=world.district_a,
    )

    job = ArrearsImport.objects.create(
        organisation=world.corporatie,
        uploaded_by=users["corporatie-huuradministratie"],
        file_name="MARKERBESTAND.csv",
        total_rows=0,
    )
    meetings_with_minutes = _meetings_with_minutes(world, records)
    # Something unread for everyone, so that marking all read has an effect.
    notify_users(users=users.values(), subject="Welkom in het wijkteam")
    reset_user = make_user("vergeten@matrix.test", world.gemeente, full_name="Vera Vergeten")
    sessions = {
        key: session_of(user, second_step=True)
        for key, user in users.items()
        if not key.startswith("halverwege")
    }
    for visitor in HALFWAY:
        user = users[visitor.key]
        if visitor.halfway == "code":
            TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        else:
            totp_device_begin(user=user)
        sessions[visitor.key] = session_of(user, second_step=False)
    # The resident just sent a report (the receipt waits for them in its cookie), proposed an
    # idea and asked to support the initiatives' project.
    initiatives, initiative_notes = build_initiatives(world, _jpeg)
    notes = {
        RESIDENT.key: {
            RECEIPT_COOKIE: {
                "reference": litter.reference,
                "token": litter_created.tracking_token,
                "joined": False,
                "address_unchecked": False,
                "emailed": True,
            },
            **initiative_notes,
        }
    }
    meeting, agenda_item_id, later_meeting_id = _meetings(world, care_case, arrears)
    return Matrix(
        records=records,
        users=users,
        organisations=organisations,
        resident_token=litter_created.tracking_token,
        resident_link=reporter_link_value(Reporter.objects.get(signal=litter)),
        import_id=job.pk,
        person_request_id=PersonRequest.objects.create(
            kind=RequestKind.ACCESS,
            description="Brief",
            search={"name": "Markerdochter"},
            handled_by=users["gemeente-privacy_officer-A"],
        ).pk,
        debt_help_fingerprint=debt_help_plan(actor=world.consulent_a, signal=unshared).fingerprint,
        reset_user=reset_user,
        reset_link=(
            urlsafe_base64_encode(force_bytes(reset_user.pk)),
            default_token_generator.make_token(reset_user),
        ),
        admin_objects=admin_objects(world),
        meeting_id=meeting.pk,
        agenda_item_id=agenda_item_id,
        later_meeting_id=later_meeting_id,
        calendar_token=calendar_token_renew(actor=world.agent_a),
        held_meeting_id=meetings_with_minutes[0],
        closed_meeting_id=meetings_with_minutes[1],
        **_held_meeting(world, records),
        sessions=sessions,
        notes=notes,
        initiatives=initiatives,
        picture=build_picture(world),
    )


def _held_meeting(world, records: dict[str, Record]) -> dict[str, int]:
    """A meeting of wijk A today, opened, with an item about the noise case and one about the
    arrears whose minutes hold an arrears marker."""
    today = timezone.localtime(timezone.now(), AMSTERDAM).date()
    meeting = meeting_create(
        actor=SYSTEM,
        team=world.team_a,
        when=When(day=today, start=time(0, 1), end=time(23, 59)),
        place="Matrixzaal vandaag",
        at=timezone.now() - timedelta(days=1),
    )
    meeting_start(actor=SYSTEM, meeting=meeting)
    noise = AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.FLAGGED,
        case=case_of(Signal.objects.get(reference=records["noise"].signal_reference)),
        position=1,
    )
    AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.FLAGGED,
        case=case_of(Signal.objects.get(reference=records["arrears"].signal_reference)),
        minutes=" ".join(records["arrears"].details_markers),
        position=2,
    )
    return {"holding_meeting_id": meeting.pk, "holding_item_id": noise.pk}
