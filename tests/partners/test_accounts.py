import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, make_user
from wijkteam.notifications.models import EmailStatus, OutgoingEmail


def test_login_with_email_and_password_leads_to_the_second_step(client, world):
    response = client.post(
        reverse("login"), {"username": "WM.A@gemeente.test", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("two_factor_setup") + "?next=%2F"


def test_wrong_password_gives_a_clear_dutch_message_and_keeps_the_email(client, world):
    response = client.post(
        reverse("login"), {"username": "wm.a@gemeente.test", "password": "fout-wachtwoord"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit e-mailadres en wachtwoord horen niet bij elkaar" in page
    assert 'value="wm.a@gemeente.test"' in page


def test_inactive_user_cannot_log_in(client, world):
    world.agent_a.is_active = False
    world.agent_a.save()

    response = client.post(
        reverse("login"), {"username": "agent.a@politie.test", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_demo_accounts_only_work_in_demo_mode(client, db, settings):
    make_user("demo@example.test", None, is_demo=True)
    settings.DEMO_MODE = False

    client.post(reverse("login"), {"username": "demo@example.test", "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    settings.DEMO_MODE = True
    client.post(reverse("login"), {"username": "demo@example.test", "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_logout_is_a_post(client, world):
    client.force_login(world.wijkmanager_a)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_password_reset_email_goes_through_the_worker_and_the_link_works(
    client, world, run_worker, django_capture_on_commit_callbacks
):
    response = client.post(reverse("password_reset"), {"email": "wm.a@gemeente.test"})
    assert response.url == reverse("password_reset_done")
    # The worker writes the email (so the answer takes as long for an unknown address), with
    # its delivery queued in the same transaction, and then sends it.
    assert not OutgoingEmail.objects.exists()
    run_worker()

    queued = OutgoingEmail.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wm.a@gemeente.test"]
    assert message.subject == "Nieuw wachtwoord voor Wijkteam"
    assert "Beste Wendy Wijkmanager" in message.body
    queued.refresh_from_db()
    assert queued.status == EmailStatus.SENT
    assert queued.body_text == ""  # the reset link is not kept once delivered

    link = re.search(r"http://testserver(/account/wachtwoord-herstellen/\S+/)", message.body).group(
        1
    )
    form_url = client.get(link).url
    new_password = "nieuw-en-lang-genoeg-2026"
    too_short = client.post(form_url, {"new_password1": "kort", "new_password2": "kort"})
    assert "te kort" in too_short.content.decode()
    done = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.url == reverse("password_reset_complete")

    client.post(reverse("login"), {"username": "wm.a@gemeente.test", "password": new_password})
    assert "_auth_user_id" in client.session
    # Running the worker again sends nothing twice.
    run_worker()
    assert len(mail.outbox) == 1


def test_password_reset_for_unknown_email_looks_the_same_and_sends_nothing(
    client, world, run_worker, django_capture_on_commit_callbacks
):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.test"})
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()

    assert response.url == reverse("password_reset_done")
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_password_reset_with_invalid_email_shows_field_error(client, world):
    response = client.post(reverse("password_reset"), {"email": "geen-adres"})

    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in" in response.content.decode()


@pytest.mark.django_db
def test_used_or_bad_reset_link_says_so(client):
    response = client.get("/account/wachtwoord-herstellen/MQ/bad-token/", follow=True)

    assert "Deze link werkt niet meer" in response.content.decode()


def test_the_admin_login_page_is_ours(client, world):
    response = client.get("/beheer/login/?next=/beheer/")

    assert response.status_code == 302
    assert response.url == "/account/inloggen/?next=/beheer/"


def test_a_logged_in_user_without_admin_rights_gets_403_not_a_login_loop(client, world):
    client.force_login(world.wijkmanager_a)

    response = client.get("/beheer/", follow=True)

    assert response.status_code == 403
