"""The world the authorization matrix asks about: every kind of visitor, records of each
visibility with marker words in their personal data, and every route of Wijkteam with who may
use it (tests/test_authorization_matrix.py holds the oracle and the test; tests/test_bad_input.py
sends every route malformed input)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.admin.sites import site as admin_site
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.cases.support import address, case_of, intake, open_proposal
from tests.conftest import build_world
from tests.factories import add_member, make_user
from wijkteam.cases.closure.feedback import feedback_give
from wijkteam.cases.closure.outcome import case_resolve
from wijkteam.cases.documents import case_document_add, process_document
from wijkteam.cases.handling import case_action_create, case_note_add
from wijkteam.cases.models import NoteVisibility, Outcome
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.intake.services import signal_intake
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import OrganisationKind, Role, TeamFunction
from wijkteam.privacy.models import PersonRequest, RequestKind
from wijkteam.signals.debt_help import arrears_refer_to_debt_help
from wijkteam.signals.models import ArrearsImport, Category, Channel, Reporter, Sensitivity
from wijkteam.signals.photos import process_photo
from wijkteam.signals.resident_access import reporter_link_value
from wijkteam.signals.services import ArrearsInput, ReporterInput

K = OrganisationKind

# --- who asks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    key: str
    kind: str | None = None
    role: str | None = None
    team: str | None = None

    @property
    def staff(self) -> bool:
        return self.kind is not None

    @property
    def reader(self) -> bool:
        return self.role == Role.LEZER


ANONYMOUS = Visitor("anoniem")
RESIDENT = Visitor("bewoner-met-eigen-volgcode")
KIND_ROLES = {
    K.GEMEENTE: [
        Role.MEDEWERKER,
        Role.LEZER,
        Role.WIJKMANAGER,
        Role.COORDINATOR,
        Role.FUNCTIONEEL_BEHEERDER,
        Role.PRIVACY_OFFICER,
    ],
    K.CORPORATIE: [Role.MEDEWERKER, Role.LEZER, Role.WIJKBEHEERDER],
    K.POLITIE: [Role.MEDEWERKER, Role.LEZER],
    K.WELZIJN: [Role.MEDEWERKER, Role.LEZER],
}
STAFF = [
    Visitor(f"{kind}-{role}-{team}", kind, role, team)
    for kind, roles in KIND_ROLES.items()
    for role in roles
    for team in "AB"
]
VISITORS = [ANONYMOUS, RESIDENT, *STAFF]
FUNCTION = {
    Role.WIJKMANAGER: TeamFunction.WIJKMANAGER,
    Role.WIJKBEHEERDER: TeamFunction.WIJKBEHEERDER,
}
# The gemeente's staff member in each team is its debt counsellor; its other roles are not.
KIND_ROLE_FUNCTION = {(K.GEMEENTE, Role.MEDEWERKER): TeamFunction.SCHULDHULPVERLENER}
KIND_FUNCTION = {
    K.GEMEENTE: TeamFunction.OVERIG,
    K.CORPORATIE: TeamFunction.WIJKCONSULENT,
    K.POLITIE: TeamFunction.WIJKAGENT,
    K.WELZIJN: TeamFunction.OPBOUWWERKER,
}

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


def _jpeg() -> SimpleUploadedFile:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def _pdf() -> SimpleUploadedFile:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    body = BytesIO()
    writer.write(body)
    return SimpleUploadedFile("brief.pdf", body.getvalue(), content_type="application/pdf")


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


def build_matrix() -> Matrix:
    world = build_world()
    organisations = {
        K.GEMEENTE: world.gemeente,
        K.CORPORATIE: world.corporatie,
        K.POLITIE: world.politie,
        K.WELZIJN: world.welzijn,
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
        actor=SYSTEM,
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
        actor=SYSTEM,
        reporter=Reporter.objects.get(signal=care),
        satisfied=False,
        comment="MARKERKLACHT",
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
    )


# --- the routes and who may use them -----------------------------------------------------------

PUBLIC = "public"  # anyone, no account
GUEST = "guest"  # the login pages: for visitors without a session
STAFF_PAGE = "staff"  # any staff member of a partner organisation
TEAM_PAGE = "team"  # wijk A's pages: its members and coordinators
RECORD = "record"  # one case or signal: who knows it exists (404 for anyone else)
DETAILS = "details"  # a file or form of one record: who sees its details (404 otherwise)
IMPORT = "import"  # an arrears import: its corporation only
PRIVACY_LOG = "privacy_log"  # the access log: privacy officer and functional admins
PRIVACY_OFFICER = "privacy_officer"  # a person's rights, legal holds: the privacy officer only
DEBT_HELP = "debt_help"  # arrears passed on to debt help: the gemeente's members of the team
ADMIN = "admin"  # Beheer (Django admin): functional admins
ADMIN_DOOR = "admin_door"  # Beheer's own login and logout pages
SECOND_STEP = "second_step"  # the two-factor step after the password: for who is halfway in


@dataclass(frozen=True)
class Route:
    access: str
    get: bool = True  # GET shows a page; False: the route only takes POST (GET gives 405)
    post: bool = False
    records: tuple[str, ...] = ()
    readers_post: bool = False  # read-only users may POST here (their own settings)
    may: Callable[[Visitor], bool] | None = None  # a further rule for a 200 (else 403)
    shows: int = 200  # what an allowed GET answers (the start page sends staff on: 302)
    details: bool = False  # acting here needs the record's details, not only knowing it exists


def creates_arrears(visitor: Visitor) -> bool:
    return visitor.kind == K.CORPORATIE and not visitor.reader


def counsels_debt(visitor: Visitor) -> bool:
    """The gemeente's debt counsellor (schuldhulpverlener) in the visitor's team."""
    return (visitor.kind, visitor.role) == (K.GEMEENTE, Role.MEDEWERKER)


def receives_debt_help(visitor: Visitor) -> bool:
    """DESIGN §6: arrears go to the gemeente's schuldhulp once the art. 2 steps are done: to its
    debt counsellor in the wijk's team, not to the rest of the gemeente."""
    return counsels_debt(visitor) and visitor.team == "A"


def registers(visitor: Visitor) -> bool:
    return not visitor.reader


CASES = ("noise", "care", "arrears")
ROUTES: dict[str, Route] = {
    "home": Route(STAFF_PAGE, shows=302),
    "health": Route(PUBLIC),
    "set_language": Route(PUBLIC, post=True, shows=302),
    "login": Route(GUEST, post=True),
    "logout": Route(PUBLIC, get=False, post=True),
    "two_factor_verify": Route(SECOND_STEP, post=True),
    "two_factor_setup": Route(SECOND_STEP, post=True),
    "password_reset": Route(PUBLIC, post=True),
    "password_reset_done": Route(PUBLIC),
    "password_reset_confirm": Route(PUBLIC),
    "password_reset_complete": Route(PUBLIC),
    "teams:list": Route(STAFF_PAGE),
    "teams:switch": Route(STAFF_PAGE, shows=302),
    "teams:detail": Route(STAFF_PAGE),
    "portal:report": Route(PUBLIC, post=True),
    "portal:received": Route(PUBLIC, shows=302),  # without a report just sent: to the form
    "portal:track": Route(PUBLIC, post=True),
    "portal:track_link": Route(PUBLIC),
    # The resident's own token with another signal's photo: never served, to anyone.
    "portal:track_photo": Route(PUBLIC, shows=404),
    "portal:track_link_photo": Route(PUBLIC, shows=404),
    "cases:triage": Route(STAFF_PAGE),
    "cases:my_work": Route(STAFF_PAGE),
    "cases:team": Route(TEAM_PAGE),
    "cases:team_triage": Route(TEAM_PAGE),
    "cases:detail": Route(RECORD, records=CASES),
    "cases:respond": Route(RECORD, get=False, post=True, records=CASES),
    "cases:decide": Route(RECORD, get=False, post=True, records=CASES),
    "cases:remark": Route(RECORD, get=False, post=True, records=CASES),
    "cases:summary": Route(RECORD, get=False, post=True, records=CASES),
    "cases:urgent": Route(RECORD, get=False, post=True, records=CASES),
    "cases:move": Route(RECORD, get=False, post=True, records=CASES),
    "cases:merge": Route(RECORD, get=False, post=True, records=CASES),
    "cases:split": Route(RECORD, get=False, post=True, records=CASES),
    "cases:status": Route(RECORD, get=False, post=True, records=CASES, details=True),
    "cases:action_add": Route(RECORD, get=False, post=True, records=CASES, details=True),
    "cases:action_done": Route(DETAILS, get=False, post=True, records=("care",)),
    "cases:note": Route(RECORD, get=False, post=True, records=CASES, details=True),
    "cases:resolve": Route(RECORD, post=True, records=CASES, may=registers, details=True),
    "cases:close": Route(RECORD, get=False, post=True, records=CASES),
    "cases:reopen": Route(RECORD, get=False, post=True, records=CASES, details=True),
    "cases:feedback_answer": Route(DETAILS, get=False, post=True, records=("care",)),
    "cases:document_add": Route(RECORD, get=False, post=True, records=CASES, details=True),
    "cases:document": Route(DETAILS, records=("care",)),
    "cases:document_remove": Route(DETAILS, get=False, post=True, records=("care",)),
    "notifications:list": Route(STAFF_PAGE),
    "notifications:read_all": Route(STAFF_PAGE, get=False, post=True, readers_post=True),
    "notifications:preferences": Route(STAFF_PAGE, post=True, readers_post=True),
    "intake:new": Route(STAFF_PAGE, post=True, may=registers),
    "intake:field": Route(STAFF_PAGE, post=True, may=registers),
    "intake:arrears_new": Route(STAFF_PAGE, post=True, may=creates_arrears),
    "intake:arrears_import": Route(STAFF_PAGE, post=True, may=creates_arrears),
    "intake:arrears_import_status": Route(IMPORT),
    "intake:location": Route(RECORD, post=True, records=CASES, details=True),
    "signals:organisation": Route(STAFF_PAGE),
    "signals:team": Route(TEAM_PAGE),
    "signals:detail": Route(RECORD, records=CASES),
    "signals:photo": Route(DETAILS, records=("care",)),
    "privacy:overview": Route(PRIVACY_LOG),
    "privacy:access_log": Route(PRIVACY_LOG),
    "privacy:persons": Route(PRIVACY_OFFICER, post=True),
    "privacy:person_request": Route(PRIVACY_OFFICER),
    "privacy:person_request_export": Route(PRIVACY_OFFICER),
    "privacy:person_request_erase": Route(PRIVACY_OFFICER, get=False, post=True),
    "privacy:retention": Route(PRIVACY_OFFICER),
    "privacy:legal_holds": Route(PRIVACY_OFFICER, post=True),
    "privacy:legal_hold_lift": Route(PRIVACY_OFFICER, post=True, records=("care",)),
    "signals:debt_help": Route(DEBT_HELP),
    "signals:debt_help_detail": Route(DEBT_HELP, records=("arrears",)),
    "signals:debt_help_pick_up": Route(DEBT_HELP, get=False, post=True, records=("arrears",)),
    "signals:debt_help_refer": Route(
        RECORD, post=True, records=("arrears",), may=creates_arrears, details=True
    ),
}


def all_routes() -> list[tuple[str, object]]:
    """Every named URL pattern of the project, as (namespaced name, pattern)."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if inner:
                    inner = f"{namespace}:{inner}" if namespace else inner
                walk(pattern.url_patterns, inner or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, pattern))

    walk(get_resolver().url_patterns, "")
    return found


def route_of(name: str) -> Route | None:
    if name in ("admin:login", "admin:logout"):
        return Route(ADMIN_DOOR, post=True)
    return Route(ADMIN, post=True) if name.startswith("admin:") else ROUTES.get(name)


# --- asking ------------------------------------------------------------------------------------


def url_for(name: str, pattern, matrix: Matrix, record: Record | None) -> str:
    kwargs = {}
    keys = pattern.pattern.converters or pattern.pattern.regex.groupindex
    for key in keys:
        if key == "district_code":
            kwargs[key] = "WK099901"
        elif key == "reference":
            kwargs[key] = (
                record.signal_reference
                if name.startswith(("signals:", "intake:"))
                else record.case_reference
            )
        elif key in ("action_id", "feedback_id", "document_id", "attachment_id"):
            kwargs[key] = record.ids[key]
        elif key == "import_id":
            kwargs[key] = matrix.import_id
        elif key == "request_id":
            kwargs[key] = matrix.person_request_id
        elif key == "token":
            kwargs[key] = matrix.resident_token if name.startswith("portal:track") else "set-token"
        elif key == "photo_id":
            kwargs[key] = matrix.records["care"].ids["attachment_id"]
        elif key == "value":
            kwargs[key] = matrix.resident_link
        elif key == "uidb64":
            kwargs[key] = "MQ"
        elif key == "object_id" and name == "admin:view_on_site":
            kwargs[key] = matrix.admin_objects["partners.organisation"]
        elif key == "content_type_id":
            kwargs[key] = ContentType.objects.get_for_model(
                matrix.users["politie-medewerker-A"].organisation
            ).pk
        elif key == "object_id":
            app_model = name.removeprefix("admin:").rsplit("_", 1)[0]
            app, _sep, model = app_model.partition("_")
            kwargs[key] = matrix.admin_objects.get(f"{app}.{model}", "0")
        elif key == "app_label":
            kwargs[key] = "signals"
        else:
            raise AssertionError(f"The matrix does not know how to fill <{key}> of {name}")
    return reverse(name, kwargs=kwargs)


def client_for(visitor: Visitor, matrix: Matrix) -> Client:
    client = Client()
    if visitor is RESIDENT:
        # The resident has opened their own tracking page, so their session knows it.
        client.get(reverse("portal:track", args=[matrix.resident_token]))
    elif visitor.staff:
        client.force_login(matrix.users[visitor.key])
    return client


ASKED = [
    (name, record)
    for name, _pattern in all_routes()
    if route_of(name) is not None  # the test above names routes without an entry
    for record in (route_of(name).records or (None,))
]
