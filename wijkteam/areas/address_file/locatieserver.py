"""Addresses from PDOK Locatieserver results (JSON): one response, several pages, or docs."""

import json
from typing import Any

from django.utils.translation import gettext as _

from wijkteam.areas.address_file.rows import (
    AddressImportError,
    ParsedAddresses,
    address_row,
    wkt_point,
)


def docs_of(document: Any) -> list[Any] | None:
    if isinstance(document, dict):
        response = document.get("response")
        docs = response.get("docs") if isinstance(response, dict) else None
        return docs if isinstance(docs, list) else None
    if isinstance(document, list):
        if all(isinstance(d, dict) and "response" in d for d in document) and document:
            pages = [docs_of(page) for page in document]
            if any(page is None for page in pages):
                return None
            return [doc for page in pages for doc in page]
        return document
    return None


def parse_json(text: str, wanted: str | None) -> tuple[ParsedAddresses, list[str]]:
    try:
        document = json.loads(text)
    except ValueError as error:
        raise AddressImportError(
            _("Het bestand is geen geldige JSON (regel %(line)s).") % {"line": error.lineno}
        ) from error
    docs = docs_of(document)
    if docs is None:
        raise AddressImportError(
            _(
                "Het JSON-bestand is geen antwoord van de Locatieserver: er is geen lijst "
                "response.docs."
            )
        )
    parsed = ParsedAddresses(format="json")
    labels = parsed.labels
    errors: list[str] = []
    for number, doc in enumerate(docs, start=1):
        if not isinstance(doc, dict):
            errors.append(_("Document %(n)s is geen object.") % {"n": number})
            continue
        if doc.get("type", "adres") != "adres":
            parsed.skipped_other_type += 1
            continue
        municipality = str(doc.get("gemeentecode") or "")
        if wanted and municipality and municipality.removeprefix("GM") != wanted:
            parsed.skipped_other_municipality += 1
            continue
        if not any(doc.get(name) for name in ("postcode", "huisnummer", "nummeraanduiding_id")):
            # /suggest answers (and /free with a short fl) name an address without its fields.
            errors.append(
                _(
                    "Document %(n)s heeft geen adresvelden, alleen een naam: gebruik resultaten "
                    "van /free of /lookup (met fl=*), niet van /suggest."
                )
                % {"n": number}
            )
            continue
        point = None
        if doc.get("centroide_ll"):
            point = wkt_point(doc.get("centroide_ll"), rd=False)
        elif doc.get("centroide_rd"):
            point = wkt_point(doc.get("centroide_rd"), rd=True)
        row, problems = address_row(
            {
                "postcode": doc.get("postcode"),
                "huisnummer": doc.get("huisnummer"),
                "huisletter": doc.get("huisletter"),
                "toevoeging": doc.get("huisnummertoevoeging"),
                "straat": doc.get("straatnaam"),
                "woonplaats": doc.get("woonplaatsnaam"),
                "bag_id": doc.get("nummeraanduiding_id"),
                "object_id": doc.get("adresseerbaarobject_id"),
                "buurtcode": doc.get("buurtcode"),
            },
            point,
        )
        if problems:
            errors.append(
                _("Document %(n)s: %(problems)s") % {"n": number, "problems": "; ".join(problems)}
            )
        else:
            parsed.rows.append(row)
            labels.append(number)
    return parsed, errors
