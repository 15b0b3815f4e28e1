"""Functional admins configure logging in through an organisation's provider on the
organisation's page in Beheer: the client secret is typed once and never shown again, nor
written to the audit trail; what cannot work is refused with a message at the field."""

import pytest
from django.urls import reverse

from tests.matrix.beheer import form_on
from wijkteam.access.models import AuditEntry
from wijkteam.partners.models import OidcProvider

PREFIX = "oidc_provider-0-"
SECRET = "een-geheim-van-de-gemeente-1234"


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def change_url(world) -> str:
    return reverse("admin:partners_organisation_change", args=[world.gemeente.pk])


def send(client, world, **fields):
    """The organisation's page as it stands, with these inline fields changed."""
    page = client.get(change_url(world))
    assert page.status_code == 200
    data = form_on(page.content.decode())
    data |= {PREFIX + name: value for name, value in fields.items()}
    return client.post(change_url(world), data)


VALID = {
    "is_enabled": "on",
    "slug": "gemeente",
    "issuer": "https://login.gemeente.example/realms/wijk",
    "client_id": "wijkteam",
    "client_secret": SECRET,
    "email_claim": "email",
    "scopes": "openid email profile",
}


def test_a_functional_admin_switches_on_logging_in_through_the_organisations_provider(
    admin_client, world
):
    page = admin_client.get(change_url(world)).content.decode()
    assert "http://testserver/account/sso/callback/" in page  # to give to the organisation

    response = send(admin_client, world, **VALID)

    assert response.status_code == 302, form_errors(response)
    provider = OidcProvider.objects.get(organisation=world.gemeente)
    assert provider.is_enabled and provider.client_secret == SECRET
    assert not provider.trust_second_factor
    entry = AuditEntry.objects.filter(object_type="partners.oidcprovider").latest("pk")
    assert entry.action == "create" and entry.actor_id == world.admin.pk
    assert entry.changes["client_secret"] == "gewijzigd"
    assert SECRET not in str(entry.changes)
    assert SECRET not in admin_client.get(change_url(world)).content.decode()


def test_the_secret_left_empty_is_kept_and_a_new_one_replaces_it(admin_client, world):
    send(admin_client, world, **VALID)
    audited = AuditEntry.objects.count()

    kept = send(admin_client, world, trust_second_factor="on")  # the secret field is empty

    assert kept.status_code == 302, form_errors(kept)
    provider = OidcProvider.objects.get(organisation=world.gemeente)
    assert provider.client_secret == SECRET and provider.trust_second_factor
    change = AuditEntry.objects.filter(object_type="partners.oidcprovider").latest("pk")
    assert AuditEntry.objects.count() > audited
    assert "client_secret" not in change.changes
    assert change.changes["trust_second_factor"] == [False, True]

    replaced = send(admin_client, world, client_secret="een-nieuw-geheim-5678")

    assert replaced.status_code == 302
    provider.refresh_from_db()
    assert provider.client_secret == "een-nieuw-geheim-5678"
    last = AuditEntry.objects.filter(object_type="partners.oidcprovider").latest("pk")
    assert last.changes == {"client_secret": "gewijzigd"}


def test_an_organisation_without_a_provider_is_saved_as_before(admin_client, world):
    response = send(admin_client, world)

    assert response.status_code == 302, form_errors(response)
    assert not OidcProvider.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("slug", "callback", "gereserveerd"),
        ("issuer", "http://login.gemeente.example/realms/wijk", "https-adres"),
        ("issuer", "https://login.gemeente.example/realms/wijk?tenant=1", "zonder ? of #"),
        ("scopes", "email profile", "Zet &#x27;openid&#x27; bij de scopes"),
        ("client_secret", "", "Vul het clientgeheim in"),
    ],
)
def test_what_cannot_work_is_refused_at_its_field_and_nothing_is_saved(
    admin_client, world, field, value, said
):
    response = send(admin_client, world, **(VALID | {field: value}))

    assert response.status_code == 200
    assert said in form_errors(response)
    assert not OidcProvider.objects.exists()


def form_errors(response) -> str:
    page = response.content.decode()
    start = page.find('class="errorlist')
    return page[start : start + 400] if start >= 0 else ""
