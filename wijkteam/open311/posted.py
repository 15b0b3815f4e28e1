"""Reading a POSTed service request (GeoReport v2, form-encoded) into what the intake takes, the
way the report form reads its fields: every mistake gets a Dutch description, all of them at
once, and nothing is looked up before the request is known to be well formed."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from wijkteam.areas.models import RegisteredAddress
from wijkteam.core.dates import validate_date_in_range
from wijkteam.core.errors import DomainError
from wijkteam.open311.catalogue import ATTRIBUTES, MOMENT, TENANT, TENANT_ANSWERS, service_named
from wijkteam.open311.formats import NOT_FOUND
from wijkteam.signals.locations import POSTCODE, LocationInput
from wijkteam.signals.models import Category
from wijkteam.signals.services import ReporterInput

# The specification's limit on a description; the lengths of what a signal keeps.
MAX_DESCRIPTION = 4000
MAX_ADDRESS = 150
MAX_NAME = 150
MAX_EMAIL = 254
MAX_IDENTIFIER = 200  # device_id, account_id: only counted, never kept
DEGREES = re.compile(r"[+-]?\d{1,3}(?:\.\d{1,20})?")
PHONE = re.compile(r"[0-9 +()\-]{6,30}")
BAG_ID = re.compile(r"\d{16}")
ATTRIBUTE = re.compile(r"attribute\[(.*)\]", re.DOTALL)
# "3901 HC 17", "3901HC 17A", "3901 HC, 17-2": a postcode with its house number.
POSTCODE_AND_NUMBER = re.compile(
    r"\s*(\d{4}\s*[A-Za-z]{2})\s*,?\s*(\d{1,5})\s*([A-Za-z0-9-]{0,10})\s*"
)


class RequestRefused(Exception):
    """What is wrong with a request, every mistake as a DomainError (the view answers them in
    the specification's error format)."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class PostedRequest:
    category: Category
    description: str
    location: LocationInput
    reporter: ReporterInput | None
    is_tenant: bool | None
    occurred_at: datetime | None
    # Who reports in the app (its device, account or email address), for the resident's own
    # limit; empty when the app said nothing about them.
    resident: str


def _value(data: QueryDict, name: str) -> str:
    return (data.get(name) or "").strip()


def posted_request(data: QueryDict) -> PostedRequest:
    """The request in ``data`` (the POST's fields), or RequestRefused with every mistake; a
    service_code that does not exist is a 404 on its own, as the specification says."""
    errors: list[DomainError] = []
    if any("\x00" in value for values in data.lists() for value in values[1]):
        raise RequestRefused([DomainError(_("Een van de velden bevat een ongeldig teken."))])
    code = _value(data, "service_code")
    category = service_named(code) if code else None
    if code and category is None:
        raise RequestRefused(
            [
                DomainError(
                    _("Deze service_code bestaat niet. Kies een dienst uit services.json."),
                    field="service_code",
                    code=NOT_FOUND,
                )
            ]
        )
    if not code:
        errors.append(
            DomainError(
                _("service_code ontbreekt. Kies een dienst uit services.json."),
                field="service_code",
            )
        )
    description = _value(data, "description")
    if not description:
        errors.append(DomainError(_("Beschrijf kort wat er aan de hand is."), field="description"))
    elif len(description) > MAX_DESCRIPTION:
        errors.append(
            DomainError(
                _("De omschrijving is te lang: hoogstens %(count)s tekens.")
                % {"count": MAX_DESCRIPTION},
                field="description",
            )
        )
    location = _location(data, errors)
    reporter = _reporter(data, errors)
    is_tenant, occurred_at = _attributes(data, errors)
    resident = _resident(data, errors)
    if errors:
        raise RequestRefused(errors)
    return PostedRequest(
        category=category,
        description=description,
        location=location,
        reporter=reporter,
        is_tenant=is_tenant,
        occurred_at=occurred_at,
        resident=resident,
    )


def _degrees(text: str, limit: int) -> float | None:
    if not DEGREES.fullmatch(text):
        return None
    value = float(text)
    return value if -limit <= value <= limit else None


def _location(data: QueryDict, errors: list[DomainError]) -> LocationInput | None:
    """lat and long, address_string or address_id (any of them together): the point given
    (with address_string as a note on the spot), the address typed (a postcode with its number,
    or a street address), a BAG address."""
    lat, long = _value(data, "lat"), _value(data, "long")
    text, address_id = _value(data, "address_string"), _value(data, "address_id")
    fields: dict = {}
    if lat or long:
        latitude, longitude = _degrees(lat, 90), _degrees(long, 180)
        if not (lat and long):
            errors.append(
                DomainError(_("lat en long horen bij elkaar: stuur ze allebei."), field="lat")
            )
        elif latitude is None or longitude is None:
            errors.append(
                DomainError(
                    _(
                        "lat en long zijn graden in WGS84, zoals lat=52.0271 en long=5.5583 "
                        "(lat tussen -90 en 90, long tussen -180 en 180)."
                    ),
                    field="lat",
                )
            )
        else:
            fields.update(latitude=latitude, longitude=longitude)
    if text:
        if len(text) > MAX_ADDRESS:
            errors.append(
                DomainError(
                    _("address_string is te lang: hoogstens %(count)s tekens.")
                    % {"count": MAX_ADDRESS},
                    field="address_string",
                )
            )
        elif "latitude" in fields or (lat and long):
            # With a point, the point says where; the text says more about the spot ("bij de
            # speeltuin"), as the form's "Waar precies?".
            fields["note"] = text
        else:
            fields.update(_typed_address(text))
    if address_id:
        found = (
            RegisteredAddress.objects.filter(bag_id=address_id).first()
            if BAG_ID.fullmatch(address_id)
            else None
        )
        if found is None:
            errors.append(
                DomainError(
                    _(
                        "Dit address_id (een BAG-nummeraanduiding van 16 cijfers) kennen we "
                        "niet. Stuur lat en long of address_string."
                    ),
                    field="address_id",
                )
            )
        else:
            fields.update(
                postcode=found.postcode,
                house_number=found.house_number,
                house_number_addition=found.house_letter + found.house_number_addition,
                street="",
            )
    if not (lat or long or text or address_id):
        errors.append(
            DomainError(_("Geef de plek: lat en long, address_string of address_id."), field="lat")
        )
    return LocationInput(**fields) if fields else None


def _typed_address(text: str) -> dict:
    """A postcode with its house number is looked up as one (as the form's postcode fields);
    anything else as the form's street field: a street and number, or a place."""
    match = POSTCODE_AND_NUMBER.fullmatch(text)
    if match and POSTCODE.match(match.group(1)):
        return {
            "postcode": match.group(1),
            "house_number": int(match.group(2)),
            "house_number_addition": match.group(3),
        }
    return {"street": text}


def _reporter(data: QueryDict, errors: list[DomainError]) -> ReporterInput | None:
    """Who reported, when the app said so: their name, email address (for the receipt with the
    tracking link) and phone number. Nothing: an anonymous report, as from the form."""
    name = " ".join(
        part for part in (_value(data, "first_name"), _value(data, "last_name")) if part
    )
    email, phone = _value(data, "email"), _value(data, "phone")
    if len(name) > MAX_NAME:
        errors.append(
            DomainError(
                _("De naam is te lang: hoogstens %(count)s tekens.") % {"count": MAX_NAME},
                field="first_name",
            )
        )
    if email:
        try:
            if len(email) > MAX_EMAIL:
                raise ValidationError("too long")
            EmailValidator()(email)
        except ValidationError:
            errors.append(DomainError(_("Dit e-mailadres klopt niet."), field="email"))
    if phone and not PHONE.fullmatch(phone):
        errors.append(DomainError(_("Dit telefoonnummer klopt niet."), field="phone"))
    if not (name or email or phone):
        return None
    return ReporterInput(
        name=name, email=email, phone=phone, language=translation.get_language() or ""
    )


def _attributes(data: QueryDict, errors: list[DomainError]) -> tuple[bool | None, datetime | None]:
    """The answers to the service's questions (``attribute[huurder]``, ``attribute[tijdstip]``);
    any other attribute is a mistake, said as such rather than ignored."""
    is_tenant, occurred_at = None, None
    for name in data:
        match = ATTRIBUTE.fullmatch(name)
        if match is None:
            continue
        code, value = match.group(1), _value(data, name)
        if code not in ATTRIBUTES:
            errors.append(
                DomainError(
                    _(
                        "Deze dienst kent alleen de vragen attribute[huurder] en "
                        "attribute[tijdstip] (zie de service definition)."
                    ),
                    field="attribute",
                )
            )
        elif code == TENANT and value:
            if value not in TENANT_ANSWERS:
                errors.append(
                    DomainError(_("attribute[huurder] is ja, nee of weet_niet."), field="attribute")
                )
            else:
                is_tenant = TENANT_ANSWERS[value][1]
        elif code == MOMENT and value:
            occurred_at = _moment(value, errors)
    return is_tenant, occurred_at


def _moment(value: str, errors: list[DomainError]) -> datetime | None:
    try:
        moment = parse_datetime(value)
        if moment is not None:
            validate_date_in_range(moment)
    except (ValueError, ValidationError):
        moment = None
    if moment is None or timezone.is_naive(moment):
        errors.append(
            DomainError(
                _(
                    "attribute[tijdstip] is een datum en tijd met de tijdzone, zoals "
                    "2026-03-01T14:30:00+01:00."
                ),
                field="attribute",
            )
        )
        return None
    if moment > timezone.now() + timezone.timedelta(minutes=5):
        errors.append(DomainError(_("Dit tijdstip ligt in de toekomst."), field="attribute"))
        return None
    return moment


def _resident(data: QueryDict, errors: list[DomainError]) -> str:
    """Who reports in the app, for their own limit: the device, else the account, else the
    email address. Only counted (as a hash), never kept."""
    for name in ("device_id", "account_id"):
        if len(_value(data, name)) > MAX_IDENTIFIER:
            errors.append(
                DomainError(
                    _("%(name)s is te lang: hoogstens %(count)s tekens.")
                    % {"name": name, "count": MAX_IDENTIFIER},
                    field=name,
                )
            )
    for name in ("device_id", "account_id", "email"):
        if value := _value(data, name):
            return f"{name}:{value.lower()}"
    return ""
