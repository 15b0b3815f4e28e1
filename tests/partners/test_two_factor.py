"""Two-factor authentication through the pages, with real TOTP codes at a frozen time."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, make_user
from wijkteam.access.models import AuditEntry
from wijkteam.partners.twofactor import two_factor_required

NOW = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or ``steps_ahead`` periods of 30 s later)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step)
    return f"{value:06d}"


def password_login(client: Client, email: str, next_url: str = ""):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": email, "password": PASSWORD, "next": next_url})


def confirmed_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)


def test_new_staff_member_links_an_app_with_the_qr_code_and_one_code(client, world, frozen):
    team_page = reverse("teams:detail", args=[world.district_a.code])

    response = password_login(client, "wm.a@gemeente.test", team_page)

    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Fwijken%2F{world.district_a.code}%2F"
    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'class="qr-code"' in html
    assert "Cache-Control" in page and "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=world.wijkmanager_a)
    assert not device.confirmed
    secret = re.search(r'<code class="secret" id="totp-secret">([A-Z2-7 ]+)</code>', html)[1]
    assert len(secret.replace(" ", "")) == 32  # 20 random bytes, in base32 for typing by hand
    # Reloading keeps the secret the user may have scanned already.
    assert secret in client.get(response.url).content.decode()
    # Before the code, no page of the application opens.
    assert client.get(team_page).url.startswith(SETUP)

    done = client.post(SETUP, {"code": code_for(device), "next": team_page})

    assert done.status_code == 302
    assert done.url == team_page
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(team_page).status_code == 200
    assert AuditEntry.objects.filter(
        action="two_factor_confirm", object_id=str(world.wijkmanager_a.pk)
    ).exists()


def test_the_setup_page_accepts_the_code_of_an_app_running_one_period_ahead(client, world, frozen):
    password_login(client, "wm.a@gemeente.test")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.wijkmanager_a)

    response = client.post(SETUP, {"code": code_for(device, steps_ahead=1)})

    assert response.status_code == 302


def test_a_wrong_code_on_the_setup_page_keeps_the_page_with_a_dutch_error(client, world, frozen):
    password_login(client, "wm.a@gemeente.test")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.wijkmanager_a)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"code": wrong})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Deze code klopt niet" in html
    assert 'class="qr-code"' in html
    device.refresh_from_db()
    assert not device.confirmed


def test_returning_user_gives_the_code_of_their_app(client, world, frozen):
    device = confirmed_app(world.consulent_a)
    cases = reverse("cases:my_work")

    response = password_login(client, "consulent.a@corporatie.test", cases)

    assert response.url == f"{VERIFY}?next=%2Fcasussen%2Fmijn-werk%2F"
    page = client.get(response.url).content.decode()
    assert "Code uit uw app" in page
    # Nothing of the user's work before the code: no menu, no notifications.
    assert "Hoofdmenu" not in page
    assert reverse("notifications:list") not in page
    done = client.post(VERIFY, {"code": code_for(device), "next": cases})
    assert done.url == cases
    assert client.get(cases).status_code == 200


def test_a_wrong_or_malformed_code_gives_a_clear_dutch_error(client, world, frozen):
    device = confirmed_app(world.consulent_a)
    password_login(client, "consulent.a@corporatie.test")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    wrong_response = client.post(VERIFY, {"code": wrong})
    malformed = client.post(VERIFY, {"code": "12ab"})

    assert wrong_response.status_code == 400
    assert "Deze code klopt niet" in wrong_response.content.decode()
    assert malformed.status_code == 400
    assert "Vul de zes cijfers in" in malformed.content.decode()
    assert client.get(reverse("cases:my_work")).url.startswith(VERIFY)


def test_wrong_codes_are_throttled_with_a_growing_wait(client, world, frozen):
    device = confirmed_app(world.consulent_a)
    password_login(client, "consulent.a@corporatie.test")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    for _ in range(3):
        client.post(VERIFY, {"code": wrong})
        frozen.shift(timedelta(seconds=2))
    # Three wrong codes: the next try must wait 2**2 = 4 seconds after the last one.

    refused = client.post(VERIFY, {"code": code_for(device)})

    html = refused.content.decode()
    assert refused.status_code == 400
    assert "U heeft te vaak een verkeerde code ingevuld" in html
    assert "over 2 seconden" in html
    assert client.get(reverse("cases:my_work")).url.startswith(VERIFY)
    frozen.shift(timedelta(seconds=3))
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_code_works_only_once(world, frozen):
    device = confirmed_app(world.consulent_a)
    first, second = Client(), Client()
    password_login(first, "consulent.a@corporatie.test")
    password_login(second, "consulent.a@corporatie.test")
    code = code_for(device)

    assert first.post(VERIFY, {"code": code}).status_code == 302
    replay = second.post(VERIFY, {"code": code})

    assert replay.status_code == 400


def test_next_is_followed_only_within_wijkteam(client, world, frozen):
    device = confirmed_app(world.consulent_a)
    password_login(client, "consulent.a@corporatie.test")

    response = client.post(VERIFY, {"code": code_for(device), "next": "https://elders.example/"})

    assert response.url == reverse("home")


def test_verifying_gives_the_session_a_new_key(client, world, frozen):
    device = confirmed_app(world.consulent_a)
    password_login(client, "consulent.a@corporatie.test")
    before = client.cookies["sessionid"].value

    client.post(VERIFY, {"code": code_for(device)})

    assert client.cookies["sessionid"].value != before


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/wijken/",
        "/wijken/WK099901/",
        "/meldingen/",
        "/meldingen/nieuw/",
        "/casussen/mijn-werk/",
        "/casussen/triage/",
        "/berichten/",
        "/melden/",
        "/beheer/",
        "/beheer/partners/user/",
        "/account/inloggen/",
    ],
)
def test_before_the_code_every_page_leads_to_the_second_step(client, world, url):
    confirmed_app(world.admin)
    password_login(client, "beheer@gemeente.test")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next={url.replace('/', '%2F')}"


def test_before_the_code_a_form_post_is_refused_too(client, world):
    confirmed_app(world.wijkmanager_a)
    password_login(client, "wm.a@gemeente.test")

    response = client.post(reverse("notifications:preferences"), {"mode": "digest"})

    assert response.status_code == 302
    assert response.url == VERIFY


def test_before_the_code_logging_out_switching_language_and_health_work(client, world):
    confirmed_app(world.wijkmanager_a)
    password_login(client, "wm.a@gemeente.test")

    assert client.get(reverse("health")).status_code == 200
    language = client.post(reverse("set_language"), {"language": "en", "next": VERIFY})
    assert language.status_code == 302 and language.url == VERIFY
    assert client.post(reverse("logout")).url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_demo_accounts_skip_the_second_step_only_in_demo_mode(client, db, settings):
    demo = make_user("demo@example.test", None, is_demo=True)
    settings.DEMO_MODE = True

    response = password_login(client, "demo@example.test", "/wijken/")

    assert response.url == "/wijken/"
    assert client.get("/wijken/").status_code == 200
    assert not TOTPDevice.objects.filter(user=demo).exists()

    settings.DEMO_MODE = False
    assert two_factor_required(demo)
    # Without demo mode a demo account is not let in at all, not even its open session.
    assert client.get("/wijken/").url.startswith(reverse("login"))


def test_staff_accounts_need_the_second_step_in_demo_mode_too(client, world, settings):
    settings.DEMO_MODE = True

    assert password_login(client, "wm.a@gemeente.test").url.startswith(SETUP)


def test_the_check_costs_no_query_of_its_own(client, world, settings):
    client.force_login(world.wijkmanager_a)
    url = reverse("teams:list")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    with_check = queries()
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if not name.endswith("TwoFactorMiddleware")
    ]

    assert with_check == queries()


def reset_url(user) -> str:
    return reverse("admin:partners_user_two_factor_reset", args=[user.pk])


def test_functional_admin_resets_a_lost_phone_and_the_user_links_a_new_app(world, frozen):
    old_device = confirmed_app(world.consulent_a)
    staff, admin = Client(), Client()
    password_login(staff, "consulent.a@corporatie.test")
    staff.post(VERIFY, {"code": code_for(old_device)})
    assert staff.get(reverse("cases:my_work")).status_code == 200
    admin.force_login(world.admin)

    change_page = admin.get(reverse("admin:partners_user_change", args=[world.consulent_a.pk]))
    assert reset_url(world.consulent_a) in change_page.content.decode()
    assert "Ingesteld (app gekoppeld op" in change_page.content.decode()
    confirm = admin.get(reset_url(world.consulent_a))
    assert confirm.status_code == 200
    assert TOTPDevice.objects.filter(pk=old_device.pk).exists()  # a GET changes nothing
    done = admin.post(reset_url(world.consulent_a))

    assert done.url == reverse("admin:partners_user_change", args=[world.consulent_a.pk])
    assert not TOTPDevice.objects.filter(user=world.consulent_a).exists()
    entry = AuditEntry.objects.get(action="two_factor_reset")
    assert entry.actor == world.admin
    assert entry.object_id == str(world.consulent_a.pk)
    # The session verified with the lost phone's app is verified no longer ...
    assert staff.get(reverse("cases:my_work")).url.startswith(SETUP)
    # ... and the next login links a new app with a new secret.
    fresh = Client()
    assert password_login(fresh, "consulent.a@corporatie.test").url.startswith(SETUP)
    fresh.get(SETUP)
    new_device = TOTPDevice.objects.get(user=world.consulent_a)
    assert new_device.key != old_device.key
    assert fresh.post(SETUP, {"code": code_for(new_device)}).status_code == 302


def test_only_who_may_change_users_in_beheer_may_reset(client, world):
    confirmed_app(world.consulent_a)
    client.force_login(world.wijkmanager_a)

    response = client.post(reset_url(world.consulent_a))

    assert response.status_code in {302, 403}
    assert TOTPDevice.objects.filter(user=world.consulent_a, confirmed=True).exists()
    assert not AuditEntry.objects.filter(action="two_factor_reset").exists()


def test_the_reset_page_needs_the_second_step_itself(client, world):
    confirmed_app(world.admin)
    confirmed_app(world.consulent_a)
    password_login(client, "beheer@gemeente.test")

    response = client.post(reset_url(world.consulent_a))

    assert response.url == VERIFY
    assert TOTPDevice.objects.filter(user=world.consulent_a).exists()
