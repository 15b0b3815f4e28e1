"""The GeoReport v2 endpoints: each reads its input, asks the reads or the one service, and
answers in the format its address ends in (.json or .xml). Whatever goes wrong is answered in
the specification's error format with a Dutch description: 404 for what does not exist (the
same for what is not public), 403 for a missing or wrong api_key, 429 past a limit (with
Retry-After), 405 for another method, and 400 for anything else; never a server error."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.core.replica import answers_programs
from wijkteam.open311.catalogue import offered, service_definition, service_entry, service_named
from wijkteam.open311.discovery import discovery_document
from wijkteam.open311.formats import NOT_ALLOWED, NOT_FOUND, answer, errors_answer
from wijkteam.open311.limits import (
    Limited,
    app_post_counted,
    resident_may_report,
    resident_reported,
)
from wijkteam.open311.models import Open311App
from wijkteam.open311.posted import RequestRefused, posted_request
from wijkteam.open311.public import is_public, public_request, readable_signal
from wijkteam.open311.query import requested, requests_query
from wijkteam.open311.services import app_for_key, open311_request_take
from wijkteam.signals.models import LocationStatus, Signal

MAX_CODE = 60


def georeport(*methods: str) -> Callable:
    """An endpoint of GeoReport v2 taking ``methods`` (GET by default): the method and the
    jurisdiction_id checked first, every refusal in the specification's error format, and a
    read open to pages of any origin (public data; a POST is not: it carries an app's key)."""
    taken = set(methods or ("GET",))
    allowed = taken | ({"HEAD"} if "GET" in taken else set())

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def endpoint(request: HttpRequest, *args, fmt: str, **kwargs) -> HttpResponse:
            if request.method not in allowed:
                refused = DomainError(
                    _("Deze methode kan hier niet: gebruik %(methods)s.")
                    % {"methods": " of ".join(sorted(taken))},
                    code=NOT_ALLOWED,
                )
                response = errors_answer(fmt, [refused])
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            try:
                params = request.POST if request.method == "POST" else request.GET
                _require_jurisdiction(params.get("jurisdiction_id", ""))
                response = view(request, *args, fmt=fmt, **kwargs)
            except RequestRefused as refused:
                response = errors_answer(fmt, refused.errors)
            except Limited as limited:
                response = errors_answer(fmt, [limited])
                response["Retry-After"] = str(limited.retry_after)
            except DomainError as error:
                response = errors_answer(fmt, [error])
            except (SuspiciousOperation, MultiPartParserError):
                # Too many fields, a body past the limit or a broken multipart body: Django
                # read no more of it.
                response = errors_answer(
                    fmt, [DomainError(_("Dit verzoek is te groot of heeft te veel velden."))]
                )
            if request.method in ("GET", "HEAD"):
                response["Access-Control-Allow-Origin"] = "*"
            return response

        # Its callers are apps with their own api_key, not browsers: a write's answer gets no
        # 'wrote' cookie.
        return answers_programs(endpoint)

    return decorate


def _require_jurisdiction(given: str) -> None:
    """Wijkteam serves one jurisdiction: jurisdiction_id may be left out; another is a 404."""
    given = (given or "").strip().lower()
    if given and given != settings.WIJKTEAM_OPEN311_JURISDICTION:
        raise DomainError(
            _("Deze jurisdiction_id kennen we niet. Hier is het %(jurisdiction)s.")
            % {"jurisdiction": settings.WIJKTEAM_OPEN311_JURISDICTION},
            field="jurisdiction_id",
            code=NOT_FOUND,
        )


def _unknown_service() -> DomainError:
    return DomainError(
        _("Deze service_code bestaat niet. Kies een dienst uit services.json."),
        field="service_code",
        code=NOT_FOUND,
    )


@georeport()
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    return answer(fmt, "discovery", discovery_document())


@georeport()
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    """The categories residents may report, as services."""
    return answer(fmt, "services", [service_entry(category) for category in offered()])


@georeport()
def service(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    """One service's questions (its attributes)."""
    category = service_named(service_code) if len(service_code) <= MAX_CODE else None
    if category is None:
        raise _unknown_service()
    return answer(fmt, "service_definition", service_definition(category))


@csrf_exempt  # an app's key authenticates a POST here, never a cookie
@never_cache
@georeport("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET: the public status of the requests a query asks for; POST: a new request."""
    if request.method == "POST":
        return _post(request, fmt)
    query = requests_query(request.GET)
    signals = requested(query, app=_reading_app(request))
    return answer(fmt, "service_requests", [public_request(signal) for signal in signals])


def _wrong_key() -> DomainError:
    return DomainError(
        _(
            "api_key ontbreekt of klopt niet: zonder geldige sleutel kan deze app geen "
            "melding doen. Vraag een sleutel aan bij de gemeente (zie discovery.json)."
        ),
        field="api_key",
        code=FORBIDDEN,
    )


def _reading_app(request: HttpRequest) -> Open311App | None:
    """The app that reads with its key (it also reads the requests it posted); None without
    a key. A key that is no app's is refused, rather than read as none."""
    given = request.GET.get("api_key", "")
    if not given:
        return None
    app = app_for_key(given)
    if app is None:
        raise _wrong_key()
    return app


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    app = app_for_key(request.POST.get("api_key", ""))
    if app is None:
        raise _wrong_key()
    app_post_counted(app)
    posted = posted_request(request.POST)
    resident_may_report(app, posted.resident)
    created = open311_request_take(app=app, posted=posted)
    resident_reported(app, posted.resident)
    taken = {
        "service_request_id": created.signal.reference,
        "service_notice": _notice(created.signal, emailed=created.receipt_emailed),
        "account_id": None,
    }
    return answer(fmt, "service_requests", [taken], status=201)


def _notice(signal: Signal, *, emailed: bool) -> str:
    """What the app tells the resident now: what happens next, and how to follow it."""
    parts = []
    if signal.category.is_acute:
        parts.append(_("Is er nu gevaar? Bel direct 112."))
    parts.append(_("Uw melding is ontvangen. Het wijkteam bekijkt wie hem oppakt."))
    if signal.location_status == LocationStatus.NEEDS_REVIEW:
        parts.append(_("We konden uw adres niet controleren; een medewerker kijkt ernaar."))
    if emailed:
        parts.append(_("U krijgt een e-mail met een link om uw melding te volgen."))
    if not is_public(signal):
        parts.append(
            _(
                "De voortgang van deze melding is niet openbaar: u ziet hem op uw eigen "
                "volgpagina, en deze app met haar eigen sleutel."
            )
        )
    return " ".join(parts)


@never_cache
@georeport()
def request_detail(request: HttpRequest, service_request_id: str, fmt: str) -> HttpResponse:
    """One request's public status (open311/public.py): the 404 of a number never given out
    for a signal that is not the asker's to read."""
    signal = readable_signal(service_request_id, _reading_app(request))
    if signal is None:
        raise DomainError(
            _("Deze melding bestaat niet, of is niet openbaar te volgen."),
            field="service_request_id",
            code=NOT_FOUND,
        )
    return answer(fmt, "service_requests", [public_request(signal)])


@georeport()
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    """A service_request_id from a token. Wijkteam takes every request in at once (services of
    type realtime): the answer to a POST holds its service_request_id and never a token, so no
    token is ever known here."""
    raise DomainError(
        _(
            "Dit token kennen we niet. Wijkteam geeft geen tokens: het antwoord op een melding "
            "bevat meteen het service_request_id."
        ),
        field="token",
        code=NOT_FOUND,
    )
