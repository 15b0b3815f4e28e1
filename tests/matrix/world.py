"""What is asked about: records of each visibility with marker words in their personal data,
and the world around them, built once per test module."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from importlib import import_module

from django.conf import settings
from django.contrib.admin.sites import site as admin_site
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.cases.support import address, case_of, intake, open_proposal
from tests.conftest import build_world
from tests.factories import add_member, make_organisation, make_user
from tests.matrix.visitors import FUNCTION, KIND_FUNCTION, KIND_ROLE_FUNCTION, STAFF, K, Visitor
from wijkteam.cases.closure import case_resolve, feedback_give
from wijkteam.cases.documents import case_document_add, process_document
from wijkteam.cases.handling import case_action_create, case_note_add
from wijkteam.cases.models import NoteVisibility, Outcome
from wijkteam.cases.triage import proposal_deadline_pass
from wijkteam.intake.services import signal_intake
from wijkteam.partners.middleware import session_start
from wijkteam.partners.models import Role
from wijkteam.privacy.models import PersonRequest, RequestKind
from wijkteam.signals.access import reporter_link_value
from wijkteam.signals.debt_help import arrears_refer_to_debt_help
from wijkteam.signals.models import ArrearsImport, Category, Channel, Reporter, Sensitivity
from wijkteam.signals.photos import process_photo
from wijkteam.signals.services import ArrearsInput, ReporterInput

# --- what is asked about -----------------------------------------------------------------------


@dataclass
class Record:
    name: str
    sensitivity: str
    receiver_kind: str
    participant_kinds: set[str] = field(default_factory=set)
    details_markers: tuple[str, ...] = ()
    reporter_markers: tuple[str, ...] = ()
    case_reference: str = ""
    signal_reference: str = ""
    ids: dict[str, int] = field(default_factory=dict)


def oversees(visitor: Visitor) -> bool:
    return visitor.role == Role.COORDINATOR


def takes_part(visitor: Visitor, record: Record) -> bool:
    return visitor.kind in record.participant_kinds


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
    return visitor.kind == record.receiver_kind


# --- the world, built once for the module ------------------------------------------------------


@dataclass
class Matrix:
    records: dict[str, Record]
    users: dict[str, object]
    resident_token: str
    resident_link: str
    import_id: int
    person_request_id: int
    admin_objects: dict[str, str]
    # Each staff visitor's session, logged in with both steps once for the module.
    sessions: dict[str, str] = field(default_factory=dict)


def logged_in_session(user) -> str:
    """A session of ``user`` past both login steps, as a login through the pages leaves it
    (what ``force_login`` does in tests/conftest.py, made once per module instead of per
    request)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session_start(session)
    device = TOTPDevice.objects.create(user=user, name="matrix", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return session.session_key


def _jpeg() -> SimpleUploadedFile:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def _pdf() -> SimpleUploadedFile:
    # The document's own text carries a marker: a download streams it, and is checked like a
    # page.
    body = (
        b"%PDF-1.4\n% MARKERPDFTEKST\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile("brief.pdf", body, content_type="application/pdf")


def _agree(case) -> None:
    proposal = open_proposal(case)
    proposal_deadline_pass(proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1))
    case.refresh_from_db()


def _participants(case) -> set[str]:
    kinds = {case.source_organisation, case.lead, *case.involved.all()}
    kinds |= {link.signal.receiving_organisation for link in case.links.all()}
    return {organisation.kind for organisation in kinds if organisation is not None}


def build_matrix() -> Matrix:
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
    for visitor in STAFF:
        user = make_user(
            f"{visitor.key}@matrix.test",
            organisations[visitor.kind],
            visitor.role,
            full_name=f"Gebruiker {visitor.key}",
        )
        team = world.team_a if visitor.team == "A" else world.team_b
        function = KIND_ROLE_FUNCTION.get(
            (visitor.kind, visitor.role),
            FUNCTION.get(visitor.role, KIND_FUNCTION[visitor.kind]),
        )
        add_member(team, user, function)
        users[visitor.key] = user
    worker = world.opbouwwerker_a

    noise_created = signal_intake(
        actor=None,
        channel=Channel.PHONE,
        category=Category.objects.get(slug="overlast-geluid"),
        location=address(number=3, street="Appellaan"),
        receiving_organisation=world.gemeente,
        description="MARKERGELUID harde muziek",
        reporter=ReporterInput(name="Ruud Markerman", email="ruud.markerman@example.org"),
    )
    noise = noise_created.signal
    noise_case = case_of(noise)
    resident = Reporter.objects.get(signal=noise)

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
        document=process_document(upload=_pdf()),
        title="MARKERDOCUMENT verslag",
    )
    case_resolve(
        actor=worker,
        case=care_case,
        outcome=Outcome.SOLVED,
        message="Wij hebben contact gehad. MARKERBERICHT",
    )
    feedback = feedback_give(
        reporter=Reporter.objects.get(signal=care), satisfied=False, comment="MARKERKLACHT"
    )

    arrears = intake(
        "financieel-huurachterstand",
        location=address(number=11, street="Markerlaan"),
        receiving_organisation=world.corporatie,
        description="",
        arrears=ArrearsInput(
            tenant_name="Tineke Markerhuurder",
            amount=Decimal("4321.09"),
            months=3,
            signal_date=timezone.localdate() - timedelta(days=60),
            contact_attempted_on=timezone.localdate() - timedelta(days=50),
            debt_help_pointed_on=timezone.localdate() - timedelta(days=40),
            written_reminder_on=timezone.localdate() - timedelta(days=30),
            no_objection_on=timezone.localdate() - timedelta(days=10),
        ),
    )
    arrears_case = case_of(arrears)
    # Contact details and the amount passed on to the gemeente's debt help (art. 2 steps done).
    arrears_refer_to_debt_help(actor=world.consulent_a, signal=arrears, confirmed=None)
    job = ArrearsImport.objects.create(
        organisation=world.corporatie,
        uploaded_by=world.consulent_a,
        file_name="MARKERBESTAND.csv",
        total_rows=0,
    )

    records = {
        "noise": Record(
            "noise",
            Sensitivity.TEAM,
            K.GEMEENTE,
            _participants(noise_case),
            details_markers=("MARKERGELUID",),
            reporter_markers=("Markerman", "ruud.markerman"),
            case_reference=noise_case.reference,
            signal_reference=noise.reference,
        ),
        "care": Record(
            "care",
            Sensitivity.CASE_PARTNERS,
            K.WELZIJN,
            _participants(care_case),
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
            case_reference=care_case.reference,
            signal_reference=care.reference,
            ids={
                "action_id": action.pk,
                "feedback_id": feedback.pk,
                "document_id": document.pk,
                "attachment_id": care.attachments.get().pk,
            },
        ),
        "arrears": Record(
            "arrears",
            Sensitivity.CONFIDENTIAL,
            K.CORPORATIE,
            _participants(arrears_case),
            details_markers=("Markerhuurder", "4321.09", "4321,09", "4.321,09", "Markerlaan"),
            case_reference=arrears_case.reference,
            signal_reference=arrears.reference,
        ),
    }
    assert records["care"].participant_kinds == {K.WELZIJN}
    assert records["arrears"].participant_kinds == {K.CORPORATIE}
    admin_objects = {}
    for model in admin_site._registry:
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            admin_objects[model._meta.label_lower] = str(first.pk)
    return Matrix(
        records=records,
        users=users,
        resident_token=noise_created.tracking_token,
        resident_link=reporter_link_value(resident),
        import_id=job.pk,
        person_request_id=PersonRequest.objects.create(
            kind=RequestKind.ACCESS,
            description="Brief",
            search={"name": "Markerdochter"},
            handled_by=users["gemeente-privacy_officer-A"],
        ).pk,
        admin_objects=admin_objects,
        sessions={key: logged_in_session(user) for key, user in users.items()},
    )
