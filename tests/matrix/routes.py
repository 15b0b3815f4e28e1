"""Every route of Wijkteam with who may use it, what an allowed GET shows and what an allowed
POST with a valid form does (Beheer's routes are in beheer.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from io import BytesIO

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult
from PIL import Image

from tests.factories import PASSWORD
from tests.matrix.visitors import (
    RESIDENT,
    K,
    Visitor,
    chairs_team_a,
    creates_arrears,
    in_team_a,
    member_of_team_a,
    refers_arrears,
    works,
)
from tests.matrix.world import Matrix, Record, leads, pdf
from wijkteam.cases.models import (
    Case,
    CaseAction,
    CaseDocument,
    CaseEvent,
    CaseNote,
    CaseStatus,
    Feedback,
    NoteVisibility,
    ProposalResponse,
)
from wijkteam.core.tokens import hash_token
from wijkteam.meetings.models import (
    AgendaItem,
    Attendance,
    CalendarToken,
    CaseFlag,
    ItemKind,
    Meeting,
    MeetingSchedule,
    MeetingStatus,
    MinutesAddendum,
)
from wijkteam.notifications.models import Notification, NotificationMode
from wijkteam.partners.models import Organisation
from wijkteam.partners.twofactor import DEVICE_NAME
from wijkteam.privacy.models import PersonRequest, RequestKind
from wijkteam.signals.models import (
    ArrearsDetails,
    ArrearsImport,
    Category,
    DebtHelpReferral,
    Reporter,
    Signal,
)

# --- who may use a route -----------------------------------------------------------------------

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
ADMIN_DOOR = "admin_door"  # Beheer's own login page
SECOND_STEP = "second_step"  # the two-factor step after the password: for who is halfway in


@dataclass
class Ask:
    """One visitor asking one route about one record (or one of the route's own variants)."""

    matrix: Matrix
    visitor: Visitor
    record: Record | None
    variant: str | None
    response: HttpResponse | None = None

    @property
    def user(self):
        return self.matrix.users.get(self.visitor.key)

    def case(self) -> Case:
        return Case.objects.get(reference=self.record.case_reference)

    def signal(self) -> Signal:
        return Signal.objects.get(reference=self.record.signal_reference)

    @property
    def own_organisation(self):
        """The visitor's organisation (None for who has no account)."""
        return self.user.organisation if self.user else None

    def organisation(self, kind: str):
        return self.matrix.organisations[kind]

    def tag(self, word: str) -> str:
        """Text that only this visitor's POST writes, to find its effect by."""
        return f"MATRIX{word} {self.visitor.key}"


@dataclass(frozen=True)
class Route:
    access: str
    get: bool = True  # GET shows a page; False: the route only takes POST (GET gives 405)
    post: bool = False
    records: tuple[str, ...] = ()  # the records (or the route's own variants) it is asked about
    readers_post: bool = False  # read-only users may POST here (their own settings)
    # A further rule for who may use the route (asked with the visitor and the record, or the
    # route's own variant), beyond need-to-know; who may not gets `refused`.
    may: Callable[[Visitor, Record | str | None], bool] | None = None
    may_post: Callable[[Visitor, Record | str | None], bool] | None = None  # when POST differs
    # Its status, or per record or variant (a link that expired, one never sent).
    refused: int | Callable[[Record | str | None], int] = 403
    # Open to who is halfway in, before the second step (the middleware lets these through).
    halfway: bool = False
    details: bool = False  # acting here needs the record's details, not only knowing it exists
    query: str | Callable[[str | None], str] = ""  # added to the URL (or: per variant)
    # An allowed GET: its status, what its heading (or a file or answer without a heading)
    # says, and for a redirect where it leads (FOLLOW: any page the visitor may open).
    shows: int = 200
    proof: Callable[[Ask], str] | None = None
    lands: Callable[[Ask], str] | None = None
    # An allowed POST: the valid form, and whether it had its effect (checked before the POST
    # is undone; a refused POST must not have it). `send` replaces the plain POST where a form
    # needs a step before it.
    form: Callable[[Ask], dict] | None = None
    done: Callable[[Ask], bool] | None = None
    done_status: int = 302
    send: Callable | None = None
    # The records on which the action can be done (None: all), or per visitor and record who
    # can do it; on the others an allowed visitor is told why not (`stuck`), and nothing
    # changes.
    possible: tuple[str, ...] | Callable[[Visitor, Record | str | None], bool] | None = None
    stuck: int = 400
    # Variants whose answer does not depend on who asks (a public page about a link never sent):
    # asked by a sample of visitors (one of each kind of login) only, and not sent bad input.
    sampled: tuple[str, ...] = ()
    # The route answers everyone alike once past the second step (a public page that shows
    # nobody anything of their own): asked by the sample of visitors only.
    same_for_all: bool = False
    # Visitors asked besides the sample (where the route or variant is asked by the sample),
    # by key: those whose answer differs where the others' does not (a category's owner).
    also_asked: tuple[str, ...] = ()

    def can(self, visitor: Visitor, subject) -> bool:
        """Whether the action can be done on ``subject`` (by ``visitor``, where a service
        refuses who passed the door for who they are and says so on the page)."""
        if self.possible is None:
            return True
        if callable(self.possible):
            return self.possible(visitor, subject)
        return getattr(subject, "name", subject) in self.possible

    def refusal(self, subject) -> int:
        return self.refused(subject) if callable(self.refused) else self.refused

    def query_for(self, variant) -> str:
        return self.query(variant) if callable(self.query) else self.query


FOLLOW = "follow"


def heading(text: str) -> Callable[[Ask], str]:
    return lambda ask: text


# --- small builders for the forms --------------------------------------------------------------


def jpeg(name: str = "foto.jpg") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def code_now(ask: Ask, **device) -> str:
    """What the visitor's authenticator app shows now (a wrong code for who has none)."""
    found = TOTPDevice.objects.filter(user=ask.user, **device).first() if ask.user else None
    if found is None:
        return "000000"
    value = totp(found.bin_key, step=found.step, t0=found.t0, digits=found.digits)
    return str(value).zfill(found.digits)


def _in_a_a2() -> dict:
    """A point in buurt Perenlaan of wijk A, away from the records."""
    return {"latitude": "52.0052", "longitude": "5.5151"}


def _category(slug: str) -> int:
    return Category.objects.get(slug=slug).pk


def _events(ask: Ask, word: str) -> bool:
    return (
        CaseEvent.objects.filter(case__reference=ask.record.case_reference)
        .filter(text__contains=ask.tag(word))
        .exists()
    )


def _became(ask: Ask, status: str) -> bool:
    """The case has the status now, and did not have it before."""
    return ask.record.status != status and ask.case().status == status


def _signal_case(reference: str) -> str:
    return Case.objects.get(links__signal__reference=reference).reference


def _session(ask: Ask):
    return ask.response.wsgi_request.session


# --- who may, per record -----------------------------------------------------------------------


def team_worker(visitor: Visitor, record: Record | None = None) -> bool:
    """Works cases in wijk A's team (or oversees all teams)."""
    return works(visitor) and in_team_a(visitor)


def regrouper(visitor: Visitor, record: Record) -> bool:
    """Moves, merges and splits: the lead in wijk A's team, or the chair (where a signal goes
    decides who sees it)."""
    return leads(visitor, record)


def source_worker(visitor: Visitor, record: Record) -> bool:
    """The organisation that brought the case in writes the summary for the partners."""
    return works(visitor) and visitor.kind == record.source_kind


def receiver_worker(visitor: Visitor, record: Record) -> bool:
    """The organisation that received a signal looks after its own data (DESIGN §6)."""
    return works(visitor) and visitor.kind == record.receiver_kind


def responds(visitor: Visitor, record: Record) -> bool:
    """Every partner of the team is asked about a proposal; their members in the team answer."""
    return works(visitor) and visitor.team == "A" and record.status == CaseStatus.CONSULTATION


def handles(visitor: Visitor, record: Record) -> bool:
    """The lead works a case that is assigned to it."""
    return record.status == CaseStatus.HANDLING and leads(visitor, record)


def closes(visitor: Visitor, record: Record) -> bool:
    return record.status == CaseStatus.RESOLVED and leads(visitor, record)


def completes_action(visitor: Visitor, record: Record) -> bool:
    """The organisation the action is for (welfare, in the care case), or the chair."""
    return works(visitor) and (visitor.kind == K.WELZIJN or chairs_team_a(visitor))


def removes_document(visitor: Visitor, record: Record) -> bool:
    """The organisation that added the document (welfare), or the chair, in the team."""
    return team_worker(visitor) and (visitor.kind == K.WELZIJN or chairs_team_a(visitor))


def registers(visitor: Visitor, record: Record | None = None) -> bool:
    return works(visitor)


def arrears_worker(visitor: Visitor, record: Record | None = None) -> bool:
    return creates_arrears(visitor)


def is_resident(visitor: Visitor, record: Record | None = None) -> bool:
    return visitor is RESIDENT


def own_photo(visitor: Visitor, record: Record | None) -> bool:
    """The tracking link opens the reporter's own photos, nobody else's."""
    return record is not None and record.name == "litter"


def valid_link(visitor: Visitor, variant) -> bool:
    return variant == "link"


def _meeting_day(weeks: int = 5) -> str:
    return (timezone.localdate() + timedelta(weeks=weeks)).isoformat()


def _team_a_partner() -> int:
    return Organisation.objects.filter(team_partners__team__district__code="WK099901")[0].pk


def _meeting_form(ask: Ask) -> dict:
    return {
        "day": _meeting_day(),
        "start_time": "10:00",
        "end_time": "11:00",
        "place": ask.tag("OVERLEG"),
        "invited": [_team_a_partner()],
    }


def _schedule_form(ask: Ask) -> dict:
    return {
        "weekday": "2",
        "interval_weeks": "2",
        "starts_on": _meeting_day(0),
        "start_time": "10:00",
        "end_time": "11:00",
        "place": ask.tag("ROOSTER"),
        "is_active": "on",
    }


def _attendance_form(ask: Ask) -> dict:
    police = ask.organisation(K.POLITIE).pk
    return {
        "organisation": police,
        f"att{police}-presence": "excused",
        f"att{police}-names": ask.tag("AANWEZIG"),
    }


def _new_calendar_link(ask: Ask) -> bool:
    return (
        CalendarToken.objects.filter(user=ask.user)
        .exclude(token_hash=hash_token(ask.matrix.calendar_token))
        .exists()
    )


def arranges(visitor: Visitor, record=None) -> bool:
    """The wijkmanager of wijk A's team (or a coordinator) plans its meetings."""
    return chairs_team_a(visitor)


# --- the effects -------------------------------------------------------------------------------


def _password_reset(client, url: str, ask: Ask):
    """Open the link from the email (the token moves into the session), then choose a new
    password on the page it leads to."""
    opened = client.get(url)
    if opened.status_code != 302 or not opened["Location"].endswith("/set-password/"):
        return opened
    return client.post(
        opened["Location"],
        {"new_password1": "Een-nieuw-wachtwoord-42", "new_password2": "Een-nieuw-wachtwoord-42"},
    )


def _reset_email_queued(ask: Ask) -> bool:
    """The worker writes the email with the link (partners/password_reset.py): the request
    queues that for the account."""
    return any(
        task.args_kwargs["args"][0] == [ask.matrix.reset_user.pk]
        for task in DBTaskResult.objects.filter(
            task_path="wijkteam.partners.password_reset.send_password_reset"
        )
    )


def _password_changed(ask: Ask) -> bool:
    user = type(ask.matrix.reset_user).objects.get(pk=ask.matrix.reset_user.pk)
    return user.check_password("Een-nieuw-wachtwoord-42")


def _resident_report(ask: Ask) -> dict:
    return {
        "upload_key": "matrix",
        "category": _category("overlast-dieren"),
        "description": ask.tag("MELDING"),
        **_in_a_a2(),
        "contact": "anonymous",
        "is_tenant": "no",
        "website": "",
    }


def _staff_report(ask: Ask) -> dict:
    return {
        "channel": "phone",
        "receiving_organisation": (ask.own_organisation or ask.organisation(K.GEMEENTE)).pk,
        "category": _category("vervuiling-portiek"),
        "description": ask.tag("NIEUW"),
        **_in_a_a2(),
    }


def _arrears_form(ask: Ask) -> dict:
    return {
        "external_reference": f"HA-{ask.visitor.key}"[:40],
        "tenant_name": ask.tag("HUURDER"),
        "street": "Markerlaan",
        "house_number": "60",
        "postcode": "3999 AA",
        "city": "Testoord",
        "amount": "512,00",
        "months": "2",
        "signal_date": (timezone.localdate() - timedelta(days=5)).isoformat(),
    }


def _arrears_csv(ask: Ask) -> dict:
    content = (
        "referentie;naam;straat;huisnummer;postcode;bedrag;maanden;datum\n"
        f"CSV-1;Carla Csv;Markerlaan;60;3999AA;100,00;1;{timezone.localdate():%d-%m-%Y}\n"
    ).encode()
    name = f"matrix-{ask.visitor.key}.csv"
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv")}


def _move_target(ask: Ask) -> str:
    other = "arrears_unshared" if ask.record.name == "arrears" else "graffiti"
    return ask.matrix.records[other].case_reference


def _moved_signal(ask: Ask) -> str:
    return ask.record.other_signal_reference or ask.record.signal_reference


def _location_moved(ask: Ask) -> bool:
    signal = ask.signal()
    return (signal.latitude, signal.longitude) == (52.0052, 5.5151)


def _debt_help_referral(ask: Ask) -> bool:
    return (
        ask.user is not None
        and DebtHelpReferral.objects.filter(
            signal__reference=ask.record.signal_reference, referred_by=ask.user
        ).exists()
    )


CASES = ("noise", "care", "arrears")
ROUTES: dict[str, Route] = {
    # The residents' start page for anyone not logged in; staff land where their work is.
    "home": Route(
        PUBLIC,
        may=lambda visitor, record: not visitor.staff,
        refused=302,
        proof=heading("Het wijkteam van Veenendaal"),
    ),
    "voordeur:search": Route(
        PUBLIC, query="q=herrie", proof=heading("Waarmee kunnen wij u helpen?")
    ),
    "voordeur:results": Route(PUBLIC, query="q=herrie", proof=heading("Geluidsoverlast")),
    "voordeur:choose": Route(
        PUBLIC,
        query="q=herrie&naar=overlast-geluid",
        shows=302,
        lands=lambda ask: "/melden/?categorie=overlast-geluid",
    ),
    "voordeur:door": Route(PUBLIC, proof=heading("Veilig Thuis")),
    "voordeur:follow": Route(
        PUBLIC,
        post=True,
        proof=heading("Volg uw melding"),
        form=lambda ask: {"email": "bewoner@matrix.test", "website": ""},
        done=lambda ask: DBTaskResult.objects.filter(
            task_path="wijkteam.voordeur.follow.send_tracking_links"
        ).exists(),
    ),
    "voordeur:follow_sent": Route(PUBLIC, proof=heading("Kijk in uw e-mail")),
    "health": Route(PUBLIC, halfway=True, proof=heading('"status": "ok"')),
    # The icon browsers ask for by themselves, for anyone (also before the second step).
    "favicon": Route(PUBLIC, halfway=True, shows=301, lands=lambda ask: static("core/favicon.svg")),
    # Prometheus' metrics, for a bearer token (tests/operations/test_metrics.py); the matrix's
    # world sets none, so they are not there for anyone.
    "metrics": Route(PUBLIC, same_for_all=True, shows=404, proof=heading("bestaat niet")),
    "set_language": Route(
        PUBLIC,
        halfway=True,
        post=True,
        shows=302,
        lands=lambda ask: "/",
        form=lambda ask: {"language": "en", "next": "/melden/"},
        done=lambda ask: ask.response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en",
    ),
    "login": Route(
        GUEST,
        post=True,
        proof=heading("Inloggen"),
        form=lambda ask: {"username": ask.matrix.reset_user.email, "password": PASSWORD},
        done=lambda ask: _session(ask).get(SESSION_KEY) == str(ask.matrix.reset_user.pk),
    ),
    # Logging in through the organisation's own provider (the matrix's world has none; the
    # provider's round is in tests/partners/test_sso_*.py): a name of no provider, and a
    # return with no login under way.
    "sso_start": Route(GUEST, same_for_all=True, shows=404, proof=heading("bestaat niet")),
    "sso_callback": Route(
        GUEST,
        same_for_all=True,
        shows=400,
        proof=heading("Inloggen via uw organisatie is niet gelukt"),
    ),
    "logout": Route(
        PUBLIC,
        halfway=True,
        get=False,
        post=True,
        form=lambda ask: {},
        done=lambda ask: not ask.response.wsgi_request.user.is_authenticated,
    ),
    "two_factor_verify": Route(
        SECOND_STEP,
        post=True,
        proof=heading("Code uit uw app"),
        may=lambda visitor, record: visitor.halfway == "code",
        refused=302,  # to setting up the app
        form=lambda ask: {"code": code_now(ask, confirmed=True)},
        # An accepted code is noted on the device (it cannot be used twice).
        done=lambda ask: TOTPDevice.objects.filter(user=ask.user, last_t__gt=-1).exists(),
    ),
    "two_factor_setup": Route(
        SECOND_STEP,
        post=True,
        proof=heading("Tweestapsverificatie instellen"),
        may=lambda visitor, record: visitor.halfway == "app",
        refused=302,  # to giving the code of the app they have
        form=lambda ask: {"code": code_now(ask, confirmed=False)},
        done=lambda ask: TOTPDevice.objects.filter(
            user=ask.user, name=DEVICE_NAME, confirmed=True
        ).exists(),
    ),
    "password_reset": Route(
        PUBLIC,
        post=True,
        proof=heading("Wachtwoord vergeten"),
        form=lambda ask: {"email": ask.matrix.reset_user.email},
        done=_reset_email_queued,
    ),
    "password_reset_done": Route(PUBLIC, proof=heading("Kijk in uw e-mail")),
    # The link from the email, and one whose token is wrong: only the first sets a password.
    "password_reset_confirm": Route(
        PUBLIC,
        post=True,
        records=("link", "wrong_link"),
        may=valid_link,
        refused=200,
        shows=302,
        lands=lambda ask: FOLLOW,
        send=_password_reset,
        done=_password_changed,
    ),
    "password_reset_complete": Route(PUBLIC, proof=heading("Wachtwoord gewijzigd")),
    "teams:list": Route(STAFF_PAGE, proof=heading("Wijkteams")),
    # The wijkteamoverleg: wijk A's meetings for its members; planning for its wijkmanager.
    "meetings:team": Route(TEAM_PAGE, proof=heading("Wijkteamoverleg Wijk 01 Testoord")),
    "meetings:detail": Route(TEAM_PAGE, proof=heading("Wijkteamoverleg Wijk 01 Testoord")),
    "meetings:ics": Route(TEAM_PAGE, proof=heading("BEGIN:VCALENDAR")),
    "meetings:create": Route(
        TEAM_PAGE,
        post=True,
        may=arranges,
        proof=heading("Overleg plannen"),
        form=_meeting_form,
        done=lambda ask: Meeting.objects.filter(place=ask.tag("OVERLEG")).exists(),
    ),
    "meetings:schedule": Route(
        TEAM_PAGE,
        post=True,
        may=arranges,
        proof=heading("Overlegrooster Wijk 01 Testoord"),
        form=_schedule_form,
        done=lambda ask: MeetingSchedule.objects.filter(place=ask.tag("ROOSTER")).exists(),
    ),
    "meetings:move": Route(
        TEAM_PAGE,
        post=True,
        may=arranges,
        proof=heading("Overleg verplaatsen"),
        form=lambda ask: {
            "day": _meeting_day(6),
            "start_time": "13:00",
            "end_time": "14:00",
            "place": "Matrixzaal",
            "reason": ask.tag("VERPLAATST"),
        },
        done=lambda ask: Meeting.objects.filter(move_reason=ask.tag("VERPLAATST")).exists(),
    ),
    "meetings:cancel": Route(
        TEAM_PAGE,
        post=True,
        may=arranges,
        proof=heading("Overleg afgelasten"),
        form=lambda ask: {"reason": ask.tag("AFGELAST")},
        done=lambda ask: Meeting.objects.filter(cancel_reason=ask.tag("AFGELAST")).exists(),
    ),
    # Part C, the minutes: read by the team's members as each may read the items (the closed
    # meeting's items carry every record's details marker); closed and added to by the chair.
    "meetings:minutes": Route(TEAM_PAGE, proof=heading("Notulen wijkteamoverleg Wijk 01 Testoord")),
    "meetings:minutes_pdf": Route(TEAM_PAGE, proof=heading("Notulen wijkteamoverleg")),
    "meetings:minutes_close": Route(
        TEAM_PAGE,
        post=True,
        may=arranges,
        proof=heading("Notulen vaststellen"),
        form=lambda ask: {},
        done=lambda ask: Meeting.objects.filter(
            pk=ask.matrix.held_meeting_id, status=MeetingStatus.CLOSED
        ).exists(),
    ),
    "meetings:minutes_addendum": Route(
        TEAM_PAGE,
        post=True,
        may=arranges,
        proof=heading("Aanvulling op de notulen"),
        form=lambda ask: {"item": "", "text": ask.tag("AANVULLING")},
        done=lambda ask: MinutesAddendum.objects.filter(text=ask.tag("AANVULLING")).exists(),
    ),
    # Part A, the agenda: the chair prepares it (collects, orders, moves, publishes); every
    # member who works adds items of their own; who works a case and sees its details puts
    # it forward for the overleg.
    "meetings:agenda": Route(TEAM_PAGE, may=arranges, proof=heading("Agenda voorbereiden")),
    "meetings:agenda_collect": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {},
        # The care case's reporter said "nee" and waits.
        done=lambda ask: AgendaItem.objects.filter(
            meeting_id=ask.matrix.meeting_id, kind=ItemKind.DISSATISFIED
        ).exists(),
    ),
    "meetings:agenda_add": Route(
        TEAM_PAGE,
        post=True,
        may=team_worker,
        proof=heading("Punt toevoegen"),
        form=lambda ask: {"title": ask.tag("PUNT"), "reason": "", "case": ""},
        done=lambda ask: AgendaItem.objects.filter(title=ask.tag("PUNT")).exists(),
    ),
    "meetings:agenda_publish": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {},
        done=lambda ask: (
            Meeting.objects.get(pk=ask.matrix.meeting_id).status == MeetingStatus.PUBLISHED
        ),
    ),
    "meetings:agenda_shift": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {"direction": "up"},
        done=lambda ask: AgendaItem.objects.get(pk=ask.matrix.agenda_item_id).position == 1,
    ),
    "meetings:agenda_move": Route(
        TEAM_PAGE,
        post=True,
        may=arranges,
        proof=heading("Punt naar een later overleg"),
        form=lambda ask: {"to_meeting": ask.matrix.later_meeting_id},
        done=lambda ask: AgendaItem.objects.filter(
            carried_from_id=ask.matrix.agenda_item_id
        ).exists(),
    ),
    "meetings:agenda_remove": Route(
        TEAM_PAGE,
        post=True,
        may=arranges,  # the item has no author among the visitors: the chair's
        proof=heading("Punt van de agenda halen"),
        form=lambda ask: {},
        done=lambda ask: not AgendaItem.objects.filter(pk=ask.matrix.agenda_item_id).exists(),
    ),
    "meetings:flag": Route(
        RECORD,
        post=True,
        records=CASES,
        may=lambda visitor, record: works(visitor) and member_of_team_a(visitor),
        details=True,
        proof=heading("Aanmelden voor het wijkteamoverleg"),
        form=lambda ask: {"reason": ask.tag("AANMELDING")},
        done=lambda ask: CaseFlag.objects.filter(reason=ask.tag("AANMELDING")).exists(),
        possible=("noise", "arrears"),  # the care case is handled: no longer open
    ),
    # Every staff member's own calendar link (read-only users too: it is their own).
    "meetings:calendar": Route(
        STAFF_PAGE,
        post=True,
        readers_post=True,
        proof=heading("Mijn agenda"),
        form=lambda ask: {},
        done=_new_calendar_link,
        done_status=200,
    ),
    # The feed, for calendar apps without a session: whoever holds the secret link.
    "meetings:feed": Route(
        PUBLIC,
        records=("link", "wrong_link"),
        may=valid_link,
        refused=404,
        proof=heading("BEGIN:VCALENDAR"),
    ),
    # Holding the meeting (part B): wijk A's meeting of today, in progress. Its chair (or the
    # wijkmanager, a coordinator) holds it; every member of the team follows it.
    "meetings:hold": Route(TEAM_PAGE, may=arranges, proof=heading("Overleg houden")),
    "meetings:hold_start": Route(
        TEAM_PAGE, get=False, post=True, may=arranges, possible=(), stuck=400
    ),
    "meetings:hold_attendance": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=_attendance_form,
        done=lambda ask: Attendance.objects.filter(names=ask.tag("AANWEZIG")).exists(),
    ),
    "meetings:hold_minutes": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {f"m{ask.matrix.holding_item_id}-minutes": ask.tag("NOTULEN")},
        done=lambda ask: AgendaItem.objects.filter(minutes=ask.tag("NOTULEN")).exists(),
    ),
    "meetings:hold_autosave": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {"minutes": ask.tag("AUTOSAVE")},
        done=lambda ask: AgendaItem.objects.filter(minutes=ask.tag("AUTOSAVE")).exists(),
        done_status=200,
    ),
    "meetings:hold_decide": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {
            f"d{ask.matrix.holding_item_id}-lead": ask.organisation(K.WELZIJN).pk,
            f"d{ask.matrix.holding_item_id}-reasoning": ask.tag("BESLUIT"),
        },
        done=lambda ask: CaseEvent.objects.filter(text__contains=ask.tag("BESLUIT")).exists(),
    ),
    "meetings:hold_action": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {
            f"a{ask.matrix.holding_item_id}-description": ask.tag("AFSPRAAK"),
            f"a{ask.matrix.holding_item_id}-owner_organisation": ask.organisation(K.GEMEENTE).pk,
            f"a{ask.matrix.holding_item_id}-due_date": _meeting_day(1),
        },
        done=lambda ask: CaseAction.objects.filter(description=ask.tag("AFSPRAAK")).exists(),
    ),
    "meetings:hold_outcome": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        may=arranges,
        form=lambda ask: {"outcome": "back"},
        done=lambda ask: AgendaItem.objects.filter(outcome="back").exists(),
    ),
    "meetings:follow": Route(TEAM_PAGE, proof=heading("Overleg volgen")),
    "meetings:follow_state": Route(TEAM_PAGE, proof=heading("Aanwezigheid")),
    "teams:switch": Route(
        STAFF_PAGE,
        shows=302,
        query="wijk=WK099901",
        lands=lambda ask: reverse("teams:detail", args=["WK099901"]),
    ),
    "teams:detail": Route(STAFF_PAGE, proof=heading("Wijkteam Wijk 01 Testoord")),
    "portal:report": Route(
        PUBLIC,
        post=True,
        proof=heading("Melding doen"),
        form=_resident_report,
        done=lambda ask: Signal.objects.filter(description=ask.tag("MELDING")).exists(),
    ),
    # The receipt is shown once, to who just sent the report; anyone else is sent to the form.
    "portal:received": Route(
        PUBLIC,
        may=is_resident,
        refused=302,
        proof=heading("Bedankt, uw melding is ontvangen"),
    ),
    "portal:track": Route(
        PUBLIC,
        post=True,
        proof=lambda ask: f"Melding {ask.matrix.records['litter'].signal_reference}",
        form=lambda ask: {"satisfied": "yes", "comment": ask.tag("TEVREDEN")},
        done=lambda ask: Feedback.objects.filter(comment=ask.tag("TEVREDEN")).exists(),
    ),
    "portal:track_link": Route(
        PUBLIC,
        post=True,
        proof=lambda ask: f"Melding {ask.matrix.records['litter'].signal_reference}",
        form=lambda ask: {"satisfied": "no", "comment": ask.tag("ONTEVREDEN")},
        done=lambda ask: Feedback.objects.filter(comment=ask.tag("ONTEVREDEN")).exists(),
    ),
    # The resident's own photo; another signal's photo with the same link is never served.
    "portal:track_photo": Route(
        PUBLIC, records=("litter", "care"), may=own_photo, refused=404, proof=heading("JFIF")
    ),
    "portal:track_link_photo": Route(
        PUBLIC, records=("litter", "care"), may=own_photo, refused=404, proof=heading("JFIF")
    ),
    "cases:triage": Route(STAFF_PAGE, proof=heading("Wacht op de reactie van")),
    "cases:my_work": Route(STAFF_PAGE, proof=heading("Mijn werk")),
    "cases:team": Route(TEAM_PAGE, proof=heading("Casussen in Wijk 01 Testoord")),
    "cases:team_triage": Route(TEAM_PAGE, proof=heading("Triage Wijk 01 Testoord")),
    "cases:detail": Route(
        RECORD, records=CASES, proof=lambda ask: f"Casus {ask.record.case_reference}"
    ),
    "cases:respond": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=responds,
        form=lambda ask: {"kind": "agree", "reason": ""},
        done=lambda ask: (
            ask.user is not None
            and ProposalResponse.objects.filter(
                proposal__case__reference=ask.record.case_reference, responded_by=ask.user
            ).exists()
        ),
    ),
    "cases:decide": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=lambda visitor, record: chairs_team_a(visitor),
        form=lambda ask: {
            "lead": ask.organisation(K.WELZIJN).pk,
            "involved": [ask.organisation(K.ZORG).pk],
            "reasoning": ask.tag("BESLUIT"),
        },
        done=lambda ask: (
            ask.case().lead == ask.organisation(K.WELZIJN)
            and ask.case().status == CaseStatus.HANDLING
        ),
        possible=("noise",),
    ),
    "cases:remark": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=team_worker,
        form=lambda ask: {"text": ask.tag("OPMERKING")},
        done=lambda ask: _events(ask, "OPMERKING"),
        possible=("noise", "arrears"),  # the care case is closed: nothing is added to it
    ),
    "cases:summary": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=source_worker,
        form=lambda ask: {"summary": ask.tag("SAMENVATTING")},
        done=lambda ask: ask.case().summary == ask.tag("SAMENVATTING"),
    ),
    "cases:urgent": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=team_worker,
        form=lambda ask: {},
        done=lambda ask: ask.case().is_urgent,
        # The care case is closed; the arrears would go to the police, who lead an urgent case
        # (DESIGN §6: never). Both are told so on the case's page.
        possible=("noise",),
        stuck=302,
    ),
    "cases:move": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=regrouper,
        details=True,
        form=lambda ask: {
            "move-signal": _moved_signal(ask),
            "move-target": _move_target(ask),
            "move-reason": ask.tag("VERPLAATST"),
        },
        done=lambda ask: _signal_case(_moved_signal(ask)) == _move_target(ask),
        possible=("noise",),  # the care case is closed; the arrears case has one signal
    ),
    "cases:merge": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=regrouper,
        details=True,
        form=lambda ask: {"merge-target": _move_target(ask), "merge-reason": ask.tag("SAMEN")},
        done=lambda ask: _became(ask, CaseStatus.MERGED),
        possible=("noise", "arrears"),
    ),
    "cases:split": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=regrouper,
        details=True,
        form=lambda ask: {"split-signals": [_moved_signal(ask)], "split-reason": ask.tag("SPLIT")},
        done=lambda ask: _signal_case(_moved_signal(ask)) != ask.record.case_reference,
        possible=("noise",),
    ),
    "cases:status": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=handles,
        details=True,
        form=lambda ask: {"status-status": CaseStatus.IN_PROGRESS, "status-reason": ""},
        done=lambda ask: _became(ask, CaseStatus.IN_PROGRESS),
    ),
    "cases:action_add": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=team_worker,
        details=True,
        form=lambda ask: {
            "action-description": ask.tag("AFSPRAAK"),
            "action-owner_organisation": ask.organisation(K.GEMEENTE).pk,
            "action-due_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
        done=lambda ask: CaseAction.objects.filter(description=ask.tag("AFSPRAAK")).exists(),
        possible=("noise", "arrears"),  # the care case is closed
    ),
    "cases:action_done": Route(
        DETAILS,
        get=False,
        post=True,
        records=("care",),
        may=completes_action,
        form=lambda ask: {f"done{ask.record.ids['action_id']}-result": ask.tag("GEDAAN")},
        done=lambda ask: CaseAction.objects.filter(result=ask.tag("GEDAAN")).exists(),
    ),
    "cases:note": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=team_worker,
        details=True,
        form=lambda ask: {"note-text": ask.tag("NOTITIE"), "note-visibility": "partners"},
        possible=("noise", "arrears"),  # the care case is closed: nothing is added to it
        done=lambda ask: CaseNote.objects.filter(
            text=ask.tag("NOTITIE"), visibility=NoteVisibility.PARTNERS
        ).exists(),
    ),
    "cases:resolve": Route(
        RECORD,
        post=True,
        records=CASES,
        may=handles,
        details=True,
        proof=lambda ask: f"Casus {ask.record.case_reference} afhandelen",
        form=lambda ask: {"outcome": "solved", "message": ask.tag("OPGELOST"), "send": "1"},
        done=lambda ask: _became(ask, CaseStatus.RESOLVED),
    ),
    "cases:close": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=closes,
        form=lambda ask: {},
        done=lambda ask: _became(ask, CaseStatus.CLOSED),
    ),
    "cases:reopen": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=closes,
        details=True,
        form=lambda ask: {"reopen-reason": ask.tag("HEROPEND")},
        done=lambda ask: _events(ask, "HEROPEND"),
    ),
    "cases:feedback_answer": Route(
        DETAILS,
        get=False,
        post=True,
        records=("care",),
        may=lambda visitor, record: closes(visitor, record) and in_team_a(visitor),
        form=lambda ask: {
            f"answer{ask.record.ids['feedback_id']}-message": ask.tag("ANTWOORD"),
        },
        done=lambda ask: Feedback.objects.get(pk=ask.record.ids["feedback_id"]).follow_up != "",
    ),
    "cases:document_add": Route(
        RECORD,
        get=False,
        post=True,
        records=CASES,
        may=team_worker,
        details=True,
        form=lambda ask: {"doc-file": pdf("matrix.pdf"), "doc-title": ask.tag("DOCUMENT")},
        done=lambda ask: CaseDocument.objects.filter(title=ask.tag("DOCUMENT")).exists(),
    ),
    "cases:document": Route(DETAILS, records=("care",), proof=heading("MARKERPDFTEKST")),
    "cases:document_remove": Route(
        DETAILS,
        get=False,
        post=True,
        records=("care",),
        may=removes_document,
        form=lambda ask: {},
        done=lambda ask: not CaseDocument.objects.filter(pk=ask.record.ids["document_id"]).exists(),
    ),
    "notifications:list": Route(STAFF_PAGE, proof=heading("Berichten")),
    "notifications:read_all": Route(
        STAFF_PAGE,
        get=False,
        post=True,
        readers_post=True,
        form=lambda ask: {},
        done=lambda ask: (
            ask.user is not None
            and not Notification.objects.filter(user=ask.user, read_at__isnull=True).exists()
        ),
    ),
    "notifications:preferences": Route(
        STAFF_PAGE,
        post=True,
        readers_post=True,
        proof=heading("Mijn instellingen"),
        form=lambda ask: {"notification_mode": NotificationMode.DIGEST},
        done=lambda ask: (
            ask.user is not None
            and type(ask.user).objects.get(pk=ask.user.pk).notification_mode
            == NotificationMode.DIGEST
        ),
    ),
    "intake:new": Route(
        STAFF_PAGE,
        post=True,
        may=registers,
        proof=heading("Melding invoeren"),
        form=_staff_report,
        done=lambda ask: Signal.objects.filter(description=ask.tag("NIEUW")).exists(),
    ),
    "intake:field": Route(
        STAFF_PAGE,
        post=True,
        may=registers,
        proof=heading("Snel vastleggen"),
        form=lambda ask: {
            "category": _category("vernieling-complex"),
            **_in_a_a2(),
            "photos": [jpeg()],
            "description": ask.tag("VELD"),
        },
        done=lambda ask: Signal.objects.filter(description=ask.tag("VELD")).exists(),
    ),
    "intake:arrears_new": Route(
        STAFF_PAGE,
        post=True,
        may=arrears_worker,
        proof=heading("Huurachterstand vastleggen"),
        form=_arrears_form,
        done=lambda ask: ArrearsDetails.objects.filter(tenant_name=ask.tag("HUURDER")).exists(),
    ),
    "intake:arrears_import": Route(
        STAFF_PAGE,
        post=True,
        may=arrears_worker,
        proof=heading("Huurachterstanden importeren"),
        form=_arrears_csv,
        done=lambda ask: ArrearsImport.objects.filter(
            file_name=f"matrix-{ask.visitor.key}.csv"
        ).exists(),
    ),
    "intake:arrears_import_status": Route(IMPORT, proof=heading("MARKERBESTAND.csv")),
    "intake:location": Route(
        RECORD,
        post=True,
        records=CASES,
        may=receiver_worker,
        details=True,
        proof=lambda ask: f"Locatie van {ask.record.signal_reference}",
        form=lambda ask: _in_a_a2(),
        done=_location_moved,
    ),
    "signals:organisation": Route(STAFF_PAGE, proof=heading("Meldingen voor")),
    "search:search": Route(STAFF_PAGE, query="q=herrie", proof=heading("Zoeken")),
    "signals:team": Route(TEAM_PAGE, proof=heading("Meldingen in Wijk 01 Testoord")),
    "signals:detail": Route(
        RECORD, records=CASES, proof=lambda ask: f"Melding {ask.record.signal_reference}"
    ),
    "signals:photo": Route(DETAILS, records=("care",), proof=heading("JFIF")),
    "privacy:overview": Route(PRIVACY_LOG, proof=heading("Privacy")),
    "privacy:access_log": Route(PRIVACY_LOG, proof=heading("Wie heeft wat bekeken")),
    "privacy:persons": Route(
        PRIVACY_OFFICER,
        post=True,
        proof=heading("Verzoeken van betrokkenen"),
        form=lambda ask: {
            "kind": RequestKind.ACCESS,
            "description": ask.tag("VERZOEK"),
            "name": "Markerman",
        },
        done=lambda ask: PersonRequest.objects.filter(description=ask.tag("VERZOEK")).exists(),
    ),
    "privacy:person_request": Route(PRIVACY_OFFICER, proof=heading(str(RequestKind.ACCESS.label))),
    "privacy:person_request_export": Route(PRIVACY_OFFICER, proof=heading("Markerdochter")),
    "privacy:person_request_erase": Route(
        PRIVACY_OFFICER,
        get=False,
        post=True,
        form=lambda ask: {},
        done=lambda ask: not Reporter.objects.filter(name__contains="Markerdochter").exists(),
        # The world's request is a request to see one's data: erasing is refused for it.
        possible=(),
        stuck=302,  # back to the request, with the reason
    ),
    "privacy:retention": Route(PRIVACY_OFFICER, proof=heading("Bewaartermijnen")),
    "privacy:legal_holds": Route(
        PRIVACY_OFFICER,
        post=True,
        proof=heading("Bewaarplicht"),
        form=lambda ask: {
            "reference": ask.matrix.records["noise"].case_reference,
            "reason": ask.tag("BEWAREN"),
            "confirm": "1",
        },
        done=lambda ask: (
            Case.objects.get(reference=ask.matrix.records["noise"].case_reference).legal_hold
        ),
    ),
    "privacy:legal_hold_lift": Route(
        PRIVACY_OFFICER,
        post=True,
        records=("litter",),
        proof=lambda ask: f"Bewaarplicht op {ask.record.case_reference} opheffen",
        form=lambda ask: {},
        done=lambda ask: not ask.case().legal_hold,
    ),
    "signals:debt_help": Route(
        DEBT_HELP, proof=heading("Schuldhulp: doorgegeven huurachterstanden")
    ),
    "signals:debt_help_detail": Route(
        DEBT_HELP,
        records=("arrears",),
        proof=lambda ask: f"Schuldhulp {ask.record.signal_reference}",
    ),
    "signals:debt_help_pick_up": Route(
        DEBT_HELP,
        get=False,
        post=True,
        records=("arrears",),
        form=lambda ask: {},
        done=lambda ask: DebtHelpReferral.objects.filter(
            reference=ask.record.signal_reference, picked_up_at__isnull=False
        ).exists(),
    ),
    # Passed on once: the arrears already passed on are refused a second time.
    "signals:debt_help_refer": Route(
        RECORD,
        post=True,
        records=("arrears", "arrears_unshared"),
        may=lambda visitor, record: refers_arrears(visitor),
        details=True,
        proof=lambda ask: f"{ask.record.signal_reference} doorgeven aan schuldhulp",
        form=lambda ask: {"gegevens": ask.matrix.debt_help_fingerprint},
        done=_debt_help_referral,
        possible=("arrears_unshared",),
    ),
    # Beheer's login is Wijkteam's own (one lockout, one second step), in front of Django's.
    "beheer/login/": Route(ADMIN_DOOR, post=True),
}

# Routes the matrix does not ask, each with the reason.
OUT_OF_SCOPE: dict[str, str] = {
    "admin:login": (
        "Django's own login page of Beheer is never reached: Wijkteam's login at the same path "
        "(beheer/login/, in the matrix) answers instead."
    ),
}


@cache
def every_route() -> dict[str, Route]:
    """Every route the matrix asks: these, the residents' initiatives', the wijk's picture's,
    Open311's, the API's and Beheer's (these first, where Beheer's login is one of them)."""
    from tests.matrix.api_routes import API_ROUTES
    from tests.matrix.beheer import ADMIN_ROUTES
    from tests.matrix.initiative_routes import INITIATIVE_ROUTES
    from tests.matrix.open311_routes import OPEN311_ROUTES
    from tests.matrix.wijkbeeld_routes import PICTURE_ROUTES

    return {
        **ADMIN_ROUTES,
        **INITIATIVE_ROUTES,
        **PICTURE_ROUTES,
        **OPEN311_ROUTES,
        **API_ROUTES,
        **ROUTES,
    }


def route_of(key: str) -> Route | None:
    return every_route().get(key)
