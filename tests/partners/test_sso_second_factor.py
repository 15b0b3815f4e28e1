"""The second step after logging in through the organisation's provider: the provider's second
factor counts instead of ours only when the organisation trusts it AND the ID token shows one
(an ``amr`` or ``acr`` value the organisation named); otherwise our own code is asked, as after
a password. Switching the trust off ends the sessions it verified."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.partners.oidc_provider import Person
from tests.partners.sso_support import log_in_through, logged_in_as
from wijkteam.access.models import AuditEntry

NOW = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def team_page(world) -> str:
    return reverse("teams:detail", args=[world.district_a.code])


def opens_without_our_code(client, world) -> bool:
    return client.get(team_page(world)).status_code == 200


def provider_counted(world) -> bool:
    entry = AuditEntry.objects.filter(action="login_sso").latest("pk")
    return entry.changes["second_factor_by_provider"]


def trust(sign_on, **fields):
    sign_on.trust_second_factor = True
    for name, value in fields.items():
        setattr(sign_on, name, value)
    sign_on.save()


@pytest.mark.parametrize("amr", [["pwd", "mfa"], ["pwd", "otp"], ["hwk"]])
def test_a_trusted_provider_that_shows_a_second_factor_counts_instead_of_ours(
    client, world, sign_on, oidc, amr
):
    trust(sign_on)

    response = log_in_through(client, oidc, Person(world.wijkmanager_a.email, amr=amr))

    assert response.url == reverse("home")
    assert opens_without_our_code(client, world)
    assert provider_counted(world)
    assert not TOTPDevice.objects.filter(user=world.wijkmanager_a).exists()


def test_without_trust_our_own_second_step_is_asked_even_when_the_provider_did_one(
    client, world, sign_on, oidc, frozen
):
    device = TOTPDevice.objects.create(user=world.wijkmanager_a, name="app", confirmed=True)

    response = log_in_through(
        client, oidc, Person(world.wijkmanager_a.email, amr=["pwd", "mfa"]), next_url="/wijken/"
    )

    assert response.url == f"{VERIFY}?next=%2Fwijken%2F"
    assert not provider_counted(world)
    assert client.get(team_page(world)).url.startswith(VERIFY)
    # Our own code then lets the staff member in, as after a password.
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
    done = client.post(VERIFY, {"code": code, "next": "/wijken/"})
    assert done.url == "/wijken/"
    assert opens_without_our_code(client, world)


def test_without_an_app_yet_the_staff_member_sets_one_up_after_the_provider(
    client, world, sign_on, oidc
):
    response = log_in_through(client, oidc, Person(world.wijkmanager_a.email, amr=["pwd"]))

    assert response.url == SETUP
    assert logged_in_as(client) == world.wijkmanager_a
    assert client.get(team_page(world)).url.startswith(SETUP)


def test_a_trusted_provider_whose_token_shows_no_second_factor_still_needs_ours(
    client, world, sign_on, oidc
):
    trust(sign_on)

    response = log_in_through(client, oidc, Person(world.wijkmanager_a.email, amr=["pwd"]))

    assert response.url == SETUP
    assert not provider_counted(world)
    assert not opens_without_our_code(client, world)


def test_a_token_without_amr_shows_no_second_factor(client, world, sign_on, oidc):
    trust(sign_on)

    response = log_in_through(client, oidc, Person(world.wijkmanager_a.email))

    assert response.url == SETUP


def test_an_acr_value_the_organisation_named_counts_as_a_second_factor(
    client, world, sign_on, oidc
):
    trust(sign_on, second_factor_amr="", second_factor_acr="urn:example:loa:high 2")

    low = log_in_through(client, oidc, Person(world.wijkmanager_a.email, acr="1", amr=["mfa"]))
    assert low.url == SETUP  # "mfa" is no longer named, and acr 1 is not
    client.logout()
    high = log_in_through(client, oidc, Person(world.wijkmanager_a.email, acr="2"))
    assert high.url == reverse("home")
    assert opens_without_our_code(client, world)


def test_switching_the_trust_off_ends_the_verification_of_the_sessions_it_gave(
    client, world, sign_on, oidc
):
    trust(sign_on)
    log_in_through(client, oidc, Person(world.wijkmanager_a.email, amr=["mfa"]))
    assert opens_without_our_code(client, world)

    sign_on.trust_second_factor = False
    sign_on.save()

    assert client.get(team_page(world)).url.startswith(SETUP)


def test_switching_the_provider_off_ends_the_verification_of_the_sessions_it_gave(
    client, world, sign_on, oidc
):
    trust(sign_on)
    log_in_through(client, oidc, Person(world.wijkmanager_a.email, amr=["mfa"]))

    sign_on.is_enabled = False
    sign_on.save()

    assert client.get(team_page(world)).url.startswith(SETUP)


def test_moving_to_another_organisation_ends_the_verification_by_the_old_ones_provider(
    client, world, sign_on, oidc
):
    trust(sign_on)
    log_in_through(client, oidc, Person(world.wijkmanager_a.email, amr=["mfa"]))

    world.wijkmanager_a.organisation = world.welzijn
    world.wijkmanager_a.save()

    assert client.get(team_page(world)).url.startswith(SETUP)


def test_checking_the_providers_second_factor_takes_no_query_of_its_own(
    client, world, sign_on, oidc, django_assert_max_num_queries
):
    trust(sign_on)
    log_in_through(client, oidc, Person(world.wijkmanager_a.email, amr=["mfa"]))
    client.get(reverse("teams:list"))
    with django_assert_max_num_queries(50) as counted:
        client.get(reverse("teams:list"))
    asked = [query["sql"] for query in counted.captured_queries]
    assert sum("partners_oidcprovider" in sql for sql in asked) == 1  # in the user's own query
