"""The answers against the shapes the GeoReport v2 specification documents (its example
responses, written out here), in JSON and in XML: service discovery, the service list, a service
definition, and the error format with its HTTP status."""

import json

import pytest
from django.urls import reverse

from tests.open311.conftest import BASE, xml_of
from wijkteam.signals.models import Category

# The fields of each documented example, in the specification's order.
SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
DISCOVERY_FIELDS = ["changeset", "contact", "key_service", "endpoints"]
ENDPOINT_FIELDS = ["specification", "url", "changeset", "type", "formats"]


def _json(response) -> object:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def test_discovery_says_where_the_endpoint_is_and_what_it_speaks(client, world, settings):
    settings.SITE_URL = "https://wijkteam.example.nl"

    document = _json(client.get(f"{BASE}/discovery.json"))

    assert list(document) == DISCOVERY_FIELDS
    (endpoint,) = document["endpoints"]
    assert list(endpoint) == ENDPOINT_FIELDS
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "https://wijkteam.example.nl/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    # Demo mode is on in the tests: what is reported here is acted upon by nobody.
    assert endpoint["type"] == "test"
    assert endpoint["changeset"] == document["changeset"]
    assert "14 0318" in document["contact"] and "api_key" in document["key_service"]

    tree = xml_of(client.get(f"{BASE}/discovery.xml"))
    assert tree.tag == "discovery"
    assert [child.tag for child in tree] == DISCOVERY_FIELDS
    assert [e.text for e in tree.find("endpoints/endpoint/formats")] == [
        "text/xml",
        "application/json",
    ]
    assert tree.findtext("endpoints/endpoint/url") == "https://wijkteam.example.nl/open311/v2"


def test_discovery_says_production_outside_demo_mode(client, world, settings):
    settings.DEMO_MODE = False
    document = _json(client.get(f"{BASE}/discovery.json"))
    assert document["endpoints"][0]["type"] == "production"


def test_a_category_changed_in_beheer_moves_the_changeset_on(client, world):
    before = _json(client.get(f"{BASE}/discovery.json"))["changeset"]
    client.force_login(world.admin)
    category = Category.objects.get(slug="overlast-geluid")
    change = reverse("admin:signals_category_change", args=[category.pk])
    page = client.get(change)
    assert page.status_code == 200
    from tests.matrix.beheer import form_on

    data = {**form_on(page.content.decode()), "public_name": "Herrie van de buren"}
    assert client.post(change, data).status_code == 302

    after = _json(client.get(f"{BASE}/discovery.json"))["changeset"]
    assert after >= before
    assert len(after) == len("2026-03-01 14:30")


def test_services_are_the_categories_residents_may_report(client, world):
    services = _json(client.get(f"{BASE}/services.json"))

    codes = [service["service_code"] for service in services]
    residents = Category.objects.filter(
        parent__isnull=False, residents_may_report=True, is_active=True
    ).exclude(sensitivity="confidential")
    assert set(codes) == set(residents.values_list("slug", flat=True))
    assert "financieel-huurachterstand" not in codes
    for service in services:
        assert list(service) == SERVICE_FIELDS
        assert service["metadata"] is True and service["type"] == "realtime"
    noise = next(service for service in services if service["service_code"] == "overlast-geluid")
    assert noise["service_name"] == "Geluidsoverlast (harde muziek, feesten, lawaai)"
    assert noise["group"] == "Overlast"
    assert noise["description"].startswith("Bijvoorbeeld geluid")
    assert "Geluid" in noise["keywords"]
    acute = next(service for service in services if service["service_code"] == "acuut-geweld")
    assert acute["description"].startswith("Is er nu gevaar? Bel direct 112.")


def test_services_in_xml_have_the_documented_shape(client, world):
    tree = xml_of(client.get(f"{BASE}/services.xml"))

    assert tree.tag == "services"
    first = tree.find("service")
    assert [child.tag for child in first] == SERVICE_FIELDS
    assert first.findtext("metadata") == "true"
    assert first.findtext("type") == "realtime"
    assert len(tree.findall("service")) == len(_json(client.get(f"{BASE}/services.json")))


def test_an_inactive_category_is_no_service(client, world):
    Category.objects.filter(slug="overlast-dieren").update(is_active=False)
    codes = [s["service_code"] for s in _json(client.get(f"{BASE}/services.json"))]
    assert "overlast-dieren" not in codes
    assert client.get(f"{BASE}/services/overlast-dieren.json").status_code == 404


def test_a_service_definition_has_the_forms_two_questions(client, world, settings):
    settings.WIJKTEAM_CORPORATION_NAME = "Veenvesters"

    definition = _json(client.get(f"{BASE}/services/overlast-geluid.json"))

    assert list(definition) == ["service_code", "attributes"]
    assert definition["service_code"] == "overlast-geluid"
    tenant, moment = definition["attributes"]
    for attribute in (tenant, moment):
        assert list(attribute) == ATTRIBUTE_FIELDS
        assert attribute["datatype"] in DATATYPES
        assert attribute["variable"] is True and attribute["required"] is False
    assert (tenant["code"], tenant["datatype"], tenant["order"]) == (
        "huurder",
        "singlevaluelist",
        1,
    )
    assert tenant["values"] == [
        {"key": "ja", "name": "Ja, ik huur van Veenvesters"},
        {"key": "nee", "name": "Nee"},
        {"key": "weet_niet", "name": "Weet ik niet / zeg ik liever niet"},
    ]
    assert (moment["code"], moment["datatype"], moment["order"]) == ("tijdstip", "datetime", 2)
    assert moment["description"] == "Wanneer gebeurde het?"

    tree = xml_of(client.get(f"{BASE}/services/overlast-geluid.xml"))
    assert tree.tag == "service_definition"
    assert tree.findtext("service_code") == "overlast-geluid"
    first = tree.find("attributes/attribute")
    assert [child.tag for child in first] == ATTRIBUTE_FIELDS
    assert [v.findtext("key") for v in first.findall("values/value")] == ["ja", "nee", "weet_niet"]
    assert first.findtext("required") == "false"
    assert first.findtext("datatype_description") == ""  # empty, as JSON's null


@pytest.mark.parametrize("code", ["financieel-huurachterstand", "bestaat-niet", "x" * 500])
def test_a_service_residents_cannot_report_does_not_exist(client, world, code):
    response = client.get(f"{BASE}/services/{code}.json")

    assert response.status_code == 404
    (error,) = _json(response)
    assert list(error) == ["code", "description"]
    assert error["code"] == 404
    assert "service_code bestaat niet" in error["description"]


def test_errors_have_the_documented_shape_in_xml(client, world):
    response = client.get(f"{BASE}/services/bestaat-niet.xml")

    assert response.status_code == 404
    tree = xml_of(response)
    assert tree.tag == "errors"
    (error,) = tree.findall("error")
    assert [child.tag for child in error] == ["code", "description"]
    assert error.findtext("code") == "404"


def test_another_jurisdiction_is_the_documented_404(client, world, settings):
    settings.WIJKTEAM_OPEN311_JURISDICTION = "veenendaal.nl"
    for path in ("services", "services/overlast-geluid", "requests", "tokens/abc"):
        response = client.get(f"{BASE}/{path}.json", {"jurisdiction_id": "sfgov.org"})
        assert response.status_code == 404, path
        assert "veenendaal.nl" in _json(response)[0]["description"]
    # Left out, or named in another case: the one jurisdiction served here.
    assert client.get(f"{BASE}/services.json").status_code == 200
    ok = client.get(f"{BASE}/services.json", {"jurisdiction_id": " Veenendaal.NL "})
    assert ok.status_code == 200


def test_another_method_is_refused_in_the_error_format(client, world):
    response = client.put(f"{BASE}/services.json")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert _json(response)[0]["code"] == 405
    assert client.delete(f"{BASE}/requests.xml")["Allow"] == "GET, HEAD, POST"


def test_reads_are_open_to_pages_of_any_origin(client, world):
    assert client.get(f"{BASE}/services.json")["Access-Control-Allow-Origin"] == "*"
    assert client.get(f"{BASE}/requests.json")["Access-Control-Allow-Origin"] == "*"
    refused = client.post(f"{BASE}/requests.json", {})
    assert refused.status_code == 403
    assert "Access-Control-Allow-Origin" not in refused


def test_another_format_is_no_address_of_ours(client, world):
    assert client.get(f"{BASE}/services.html").status_code == 404
    assert client.get(f"{BASE}/services").status_code == 404


def test_no_token_is_ever_known_here(client, world):
    """Services are of type realtime: a POST answers with the service_request_id at once, so
    there is no token to look up; the endpoint exists and says so in the error format."""
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}/tokens/12345.{fmt}")
        assert response.status_code == 404
    (error,) = _json(client.get(f"{BASE}/tokens/12345.json"))
    assert "service_request_id" in error["description"]
