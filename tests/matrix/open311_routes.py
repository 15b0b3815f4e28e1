"""Open311 GeoReport v2's routes (issue 20) with who may use them, what an allowed GET shows and
what an allowed POST with a valid form does; and the revoking of an app's key in Beheer.

- ``open311:*``: public, without an account or cookie: anyone gets the same answer (who is
  halfway in goes to the second step first, as everywhere), so a sample of visitors asks them
  (``same_for_all``). A POST needs an app's key: the valid form carries one made for it.
- What must not leak: a request's answer is its public status only. The matrix's leak check
  searches every answer for every record's markers (the graffiti's and litter's descriptions,
  the litter's lead message to its reporter, the noise's words and reporter, the care worry's
  street and words, the arrears' tenant and amount): none may be there, for anyone. Only the
  litter and the graffiti (public space without people) are public; the noise (about
  neighbours), the care worry and the arrears do not exist here at all: the same 404 as a
  number never given out.
- ``admin:open311_open311app_revoke``: functional admins, after confirming; anyone else is
  sent to Beheer's login. Beheer's own pages of the apps are in beheer.py.
"""

from tests.matrix.routes import ADMIN, PUBLIC, Ask, Route, heading
from tests.matrix.visitors import Visitor
from wijkteam.open311.models import Open311App
from wijkteam.open311.services import open311_app_create
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.models import Channel, Signal

APP_MODEL = "open311.open311app"
# A request's variants: the records of the matrix's world (or one of them in XML), and a
# number never given out.
PUBLIC_RECORDS = ("litter", "graffiti", "litter.xml")
REQUEST_VARIANTS = (*PUBLIC_RECORDS, "noise", "care", "arrears", "arrears.xml", "missing")
SERVICE_CODES = {
    "json": "overlast-geluid",
    "xml": "overlast-geluid",
    "unknown": "bestaat-niet",
    "arrears_code": "financieel-huurachterstand",
}


def _name(subject) -> str:
    return getattr(subject, "name", subject)


def _is(*variants: str):
    """Who may: anyone, about these variants only."""
    return lambda visitor, subject: _name(subject) in variants


def _anyone(visitor: Visitor, subject) -> bool:
    return True


def _format(variant) -> str:
    return "xml" if str(_name(variant)).endswith("xml") else "json"


def _reference(ask_or_matrix, variant) -> str:
    matrix = getattr(ask_or_matrix, "matrix", ask_or_matrix)
    name = str(_name(variant)).removesuffix(".xml")
    record = matrix.records.get(name)
    return record.signal_reference if record is not None else "M-1999-99999"


def value(key: str, parameter: str, matrix, record, variant) -> str:
    """What the matrix puts in a parameter of one of Open311's routes."""
    subject = record if record is not None else variant
    if parameter == "fmt":
        return _format(subject)
    if parameter == "service_code":
        return SERVICE_CODES[variant]
    if parameter == "service_request_id":
        return _reference(matrix, subject)
    if parameter == "token":
        return "12345"
    raise AssertionError(f"The matrix does not know how to fill <{parameter}> of {key}")


def _shows(json_text: str, xml_text: str):
    return lambda ask: xml_text if _format(ask.record or ask.variant) == "xml" else json_text


def _request_proof(ask: Ask) -> str:
    reference = _reference(ask, ask.record or ask.variant)
    if _format(ask.record or ask.variant) == "xml":
        return f"<service_request_id>{reference}</service_request_id>"
    return f'"service_request_id": "{reference}"'


def _posted(ask: Ask) -> dict:
    """A valid request with an app's own key (made for this request, undone with it): litter
    in Perenlaan of wijk A, its description this visitor's."""
    app = open311_app_create(actor=SYSTEM, name="Matrix-app", contact_email="app@matrix.test")
    return {
        "api_key": app.key,
        "service_code": "vervuiling-zwerfafval",
        "lat": "52.0052",
        "long": "5.5151",
        "description": ask.tag("OPEN311"),
        "email": "app.melder@example.org",
    }


def _taken(ask: Ask) -> bool:
    return Signal.objects.filter(
        description=ask.tag("OPEN311"), channel=Channel.RESIDENT_APP
    ).exists()


def _spare_app(ask: Ask) -> Open311App:
    return Open311App.objects.get(pk=ask.matrix.admin_objects[APP_MODEL])


OPEN311_ROUTES: dict[str, Route] = {
    "open311:discovery": Route(
        PUBLIC,
        same_for_all=True,
        records=("json", "xml"),
        proof=heading("http://wiki.open311.org/GeoReport_v2"),
    ),
    "open311:services": Route(
        PUBLIC,
        same_for_all=True,
        records=("json", "xml"),
        proof=_shows('"service_code": "overlast-geluid"', "<service_code>overlast-geluid<"),
    ),
    "open311:service": Route(
        PUBLIC,
        same_for_all=True,
        records=tuple(SERVICE_CODES),
        may=_is("json", "xml"),
        refused=404,
        proof=_shows('"code": "huurder"', "<code>huurder</code>"),
    ),
    # GET lists the public requests; POST takes one in, with an app's key.
    "open311:requests": Route(
        PUBLIC,
        post=True,
        same_for_all=True,
        records=("json", "xml"),
        proof=_shows(
            '"service_code": "vervuiling-zwerfafval"', "<service_code>vervuiling-zwerfafval<"
        ),
        form=_posted,
        done=_taken,
        done_status=201,
    ),
    "open311:request": Route(
        PUBLIC,
        same_for_all=True,
        records=REQUEST_VARIANTS,
        may=_is(*PUBLIC_RECORDS),
        refused=404,
        proof=_request_proof,
    ),
    # Wijkteam hands out no tokens (its services are realtime): every token is unknown.
    "open311:token": Route(
        PUBLIC, same_for_all=True, records=("json", "xml"), may=lambda v, s: False, refused=404
    ),
    "admin:open311_open311app_revoke": Route(
        ADMIN,
        post=True,
        proof=heading("Sleutel intrekken"),
        form=lambda ask: {},
        done=lambda ask: not _spare_app(ask).is_active,
    ),
}


def open311_fillings(key: str):
    """For the leak walk (tests/leakwalk/crawl.py): each filling of an Open311 page that shows
    records, with what it shows (a request's page is asked again when its signal changed; the
    list after every step). In JSON: the XML is written from the same answer."""
    if key == "open311:requests":
        yield {"fmt": "json"}, None, None, ""
    elif key == "open311:request":
        for pk, reference in Signal.objects.values_list("pk", "reference"):
            yield {"service_request_id": reference, "fmt": "json"}, ("signal", pk), None, ""
    else:
        raise AssertionError(f"The walk does not crawl {key}")
