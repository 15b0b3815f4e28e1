"""The two formats of GeoReport v2: JSON, and XML by the Spark convention (a list is an element
holding one element per item, named for one item: ``<services><service>``), both UTF-8; and
the specification's error format, a list of ``{code, description}``.

XML is written with the standard library's ElementTree: Wijkteam only writes XML, it never
reads any."""

import json
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from xml.etree import ElementTree

from django.http import HttpResponse
from django.utils import timezone

from wijkteam.core.errors import FORBIDDEN, DomainError

JSON, XML = "json", "xml"
CONTENT_TYPES = {
    JSON: "application/json; charset=utf-8",
    XML: "text/xml; charset=utf-8",
}
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
# What a list is called in XML, and what each of its items is called (the specification's
# names).
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
# Characters XML 1.0 cannot hold at all, not even escaped: left out of what is written.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# The codes of a DomainError that name the HTTP status of the answer (the specification: 404
# for what does not exist, 403 for a missing or wrong api_key, 400 for anything else).
NOT_FOUND = "not_found"
NOT_ALLOWED = "method_not_allowed"
TOO_MANY = "too_many"
STATUSES = {NOT_FOUND: 404, FORBIDDEN: 403, NOT_ALLOWED: 405, TOO_MANY: 429}


def moment(value: datetime | None) -> str | None:
    """A moment as the specification writes it (w3 date-time, with the offset): Dutch time."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_IN_XML.sub("", str(value))


def _fill(element: ElementTree.Element, value) -> None:
    if isinstance(value, Mapping):
        for name, inner in value.items():
            _fill(ElementTree.SubElement(element, name), inner)
    elif isinstance(value, list | tuple):
        item_name = ITEM_NAMES[element.tag]
        for item in value:
            _fill(ElementTree.SubElement(element, item_name), item)
    else:
        element.text = _text(value)


def as_xml(root: str, value) -> bytes:
    element = ElementTree.Element(root)
    _fill(element, value)
    return XML_DECLARATION + ElementTree.tostring(element, encoding="utf-8", xml_declaration=False)


def as_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def answer(fmt: str, root: str, value, *, status: int = 200) -> HttpResponse:
    """``value`` (a list, or a dict) in the asked format; ``root`` names the XML's root element
    (``services``, ``service_requests``, ``service_definition``, ``discovery``)."""
    body = as_xml(root, value) if fmt == XML else as_json(value)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors_answer(fmt: str, errors: Iterable[DomainError]) -> HttpResponse:
    """The specification's error answer: every error with its code and description, and the
    HTTP status of the first (a missing key is said before anything else)."""
    errors = list(errors)
    status = STATUSES.get(errors[0].code, 400)
    listed = [
        {"code": STATUSES.get(error.code, 400), "description": str(error.message)}
        for error in errors
    ]
    return answer(fmt, "errors", listed, status=status)
