"""The authorization matrix: every route of Wijkteam, asked by every kind of visitor, against
records of each visibility (DESIGN §6).

Visitors: anonymous; a resident holding the tracking token of their own signal; and for each
partner kind each of its roles, once in the record's wijkteam (A) and once in another wijk's
team (B). Records in wijk A: a noise report (team), a care worry (case partners: only the
organisations taking part see its details) and rent arrears (confidential: only the
corporation). Each record carries marker words in its personal data.

For every route and visitor the test asserts the status the rule below says, never a 500, and
that no response body holds a marker of a record the visitor may not see, on *any* route (lists,
counts, exports, admin pages alike). A route that is not in ROUTES fails the test, so a new page
cannot be added without saying who may use it.

The oracle here is written from DESIGN §6, not from the application's access code:
- knows: staff who may know a record exists: for confidential records only the organisations
  taking part; otherwise members of the wijk's team, coordinators and the organisations taking
  part.
- details: team records for all who know them; otherwise only the organisations taking part.
- reporter: who reported a signal is for the receiving organisation only.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site as admin_site
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.cases.support import address, case_of, intake, open_proposal
from tests.conftest import build_world
from tests.factories import add_member, make_user
from wijkteam.cases.closure import case_resolve, feedback_give
from wijkteam.cases.documents import case_document_add, process_document
from wijkteam.cases.handling import case_action_create, case_note_add
from wijkteam.cases.models import NoteVisibility, Outcome
from wijkteam.cases.triage import proposal_deadline_pass
from wijkteam.intake.services import signal_intake
from wijkteam.partners.models import OrganisationKind, Role, TeamFunction
from wijkteam.privacy.models import PersonRequest, RequestKind
from wijkteam.signals.access import reporter_link_value
from wijkteam.signals.debt_help import arrears_refer_to_debt_help
from wijkteam.signals.models import ArrearsImport, Category, Channel, Reporter, Sensitivity
from wijkteam.signals.photos import process_photo
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
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
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
        add_member(team, user, FUNCTION.get(visitor.role, KIND_FUNCTION[visitor.kind]))
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


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """The records are made once; every test rolls back what its requests change."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_matrix()
        yield built
        transaction.set_rollback(True)


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


def receives_debt_help(visitor: Visitor) -> bool:
    """DESIGN §6: arrears go to the gemeente (schuldhulp) once the art. 2 steps are done."""
    return visitor.kind == K.GEMEENTE and visitor.team == "A"


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


def test_every_route_has_an_entry_in_the_matrix():
    names = {name for name, _pattern in all_routes()}
    missing = sorted(name for name in names if not name.startswith("admin:") and name not in ROUTES)
    assert not missing, f"Routes without an entry in the authorization matrix: {missing}"
    stale = sorted(set(ROUTES) - names)
    assert not stale, f"Entries for routes that no longer exist: {stale}"


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
            kwargs[key] = matrix.resident_token if name == "portal:track" else "set-token"
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


def expected(route: Route, visitor: Visitor, record: Record | None, method: str) -> set[int]:
    """The statuses the rule allows for this visitor."""
    if route.access == PUBLIC:
        if method == "GET":
            return {route.shows} if route.get else {405}
        return {200, 302, 400}
    if route.access == ADMIN_DOOR:
        # A logged-in user without admin rights is told so (403) rather than sent in a loop.
        return {200, 302, 403, 405} if method == "GET" else {200, 302, 400, 403}
    if route.access == SECOND_STEP:
        # Without a password first: to the login page. Already through: sent on (or shown).
        if not visitor.staff:
            return {302}
        return {200, 302} if method == "GET" else {200, 302, 400}
    if route.access == GUEST:
        if visitor.staff:
            return {302}
        return {200} if method == "GET" else {200, 400}
    if not visitor.staff:
        return {302}  # to the login page
    if route.access == PRIVACY_OFFICER and visitor.role != Role.PRIVACY_OFFICER:
        return {403}  # the role is checked first, whatever the method
    if method == "GET" and not route.get:
        return {405}  # the method is refused before anything is looked up
    if route.access == ADMIN:
        if visitor.role != Role.FUNCTIONEEL_BEHEERDER:
            return {302}  # to Beheer's login page
        return {200, 302, 403, 404, 405}
    if route.access == PRIVACY_LOG:
        officers = (Role.PRIVACY_OFFICER, Role.FUNCTIONEEL_BEHEERDER)
        return {200} if visitor.role in officers else {403}
    if route.access == PRIVACY_OFFICER:
        if route.records:  # lifting a hold that is not there: said, or not found
            return {200, 302, 400, 404}
        return {200} if method == "GET" else {200, 302, 400}
    if route.access == DEBT_HELP:
        if not route.records and visitor.kind == K.GEMEENTE:
            return {200}  # the gemeente's own list: another wijk's staff see their own (none)
        if not receives_debt_help(visitor):
            return {403, 404}
        if method == "GET":
            return {200} if route.get else {405}
        return {403} if visitor.reader else {200, 302, 400}
    if route.access == IMPORT:
        if visitor.kind != K.CORPORATIE:
            return {403, 404}
        return {403} if visitor.reader else {200}
    if route.access == TEAM_PAGE and not (visitor.team == "A" or oversees(visitor)):
        return {404}
    if route.access in (RECORD, DETAILS) and not knows(visitor, record):
        return {404}
    needs_details = route.access == DETAILS or route.details
    if needs_details and not sees_details(visitor, record):
        return {403, 404}  # knows the case exists, but not what is in it
    refused = route.may is not None and not route.may(visitor)
    if method == "POST" and visitor.reader and not route.readers_post:
        refused = True
    if refused:
        return {403}
    if method == "GET":
        if route.access == RECORD and route.may is None and not route.details:
            return {route.shows}
        if route.access in (STAFF_PAGE, TEAM_PAGE, DETAILS):
            return {route.shows}
    # Allowed through the need-to-know rule; the page may still say this partner cannot do
    # this (403), or the form may be incomplete (400) or done (302).
    return {200, 302, 400, 403}


def leaks(body: str, visitor: Visitor, matrix: Matrix, name: str) -> list[str]:
    found = []
    for record in matrix.records.values():
        # What is passed on to debt help is only the tenant's name, address and amount, which
        # are the arrears record's markers; on the debt-help pages the gemeente may see them.
        referred = (
            record.name == "arrears"
            and name.startswith("signals:debt_help")
            and name != "signals:debt_help_refer"
            and receives_debt_help(visitor)
        )
        if not sees_details(visitor, record) and not referred:
            found += [m for m in record.details_markers if m in body]
        if not sees_reporter(visitor, record):
            found += [m for m in record.reporter_markers if m in body]
    return found


ASKED = [
    (name, record)
    for name, _pattern in all_routes()
    if route_of(name) is not None  # the test above names routes without an entry
    for record in (route_of(name).records or (None,))
]


@pytest.mark.parametrize(("name", "record_name"), ASKED)
def test_route_answers_each_visitor_as_the_rule_says(matrix, db, name, record_name):
    pattern = dict(all_routes())[name]
    route = route_of(name)
    record = matrix.records[record_name] if record_name else None
    url = url_for(name, pattern, matrix, record)
    wrong = []
    for visitor in VISITORS:
        client = client_for(visitor, matrix)
        methods = ["GET"] + (["POST"] if route.post else [])
        for method in methods:
            # Each visitor's POST is undone, so the next visitor meets the same records.
            with transaction.atomic():
                response = client.get(url) if method == "GET" else client.post(url, {})
                transaction.set_rollback(True)
            allowed = expected(route, visitor, record, method)
            body = response.content.decode(errors="replace") if not response.streaming else ""
            problem = None
            if response.status_code == 500 or response.status_code not in allowed:
                problem = f"{response.status_code}, expected {sorted(allowed)}"
            elif (
                response.status_code == 302
                and allowed == {302}
                and not visitor.staff
                and route.access not in (PUBLIC, GUEST, ADMIN_DOOR)
                and "inloggen" not in response["Location"]
                and "login" not in response["Location"]
            ):
                problem = f"redirected to {response['Location']}, not to the login page"
            # The privacy officer's own pages exist to show one person everything about them.
            officer_page = route.access == PRIVACY_OFFICER and visitor.role == Role.PRIVACY_OFFICER
            leaked = [] if officer_page else leaks(body, visitor, matrix, name)
            if leaked:
                problem = f"shows {leaked}"
            if problem:
                wrong.append(f"{method} {url} as {visitor.key}: {problem}")
    assert not wrong, "\n".join(wrong)


def test_the_markers_are_on_the_pages_of_who_may_see_them(matrix, db):
    """The leak check is only worth something if the markers really are on the pages: the
    receiving organisation's member in wijk A finds every marker of its own record."""
    receivers = {
        "noise": "gemeente-medewerker-A",
        "care": "welzijn-medewerker-A",
        "arrears": "corporatie-medewerker-A",
    }
    for name, record in matrix.records.items():
        client = client_for(next(v for v in STAFF if v.key == receivers[name]), matrix)
        pages = "".join(
            client.get(url).content.decode()
            for url in (
                reverse("cases:detail", args=[record.case_reference]),
                reverse("signals:detail", args=[record.signal_reference]),
            )
        )
        markers = record.details_markers + record.reporter_markers
        missing = [marker for marker in markers if marker not in pages]
        # One spelling of the amount is enough.
        if name == "arrears":
            missing = [m for m in missing if not m.startswith(("4321", "4.321"))]
            assert any(m in pages for m in ("4321.09", "4321,09", "4.321,09"))
        assert not missing, f"{name}: {missing}"
