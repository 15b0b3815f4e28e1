"""Every place a password is set applies the password rules (settings.AUTH_PASSWORD_VALIDATORS):
the reset link is the only page that sets one; Beheer sets none."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from wijkteam.partners.models import User


def reset_form_url(client, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    response = client.get(reverse("password_reset_confirm", args=[uid, token]))
    assert response.status_code == 302  # Django moves the token out of the address
    return response.url


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort-2026", "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten."),
        ("1qaz2wsx3edc", "Dit wachtwoord is te algemeen."),
        ("839274615203948", "Dit wachtwoord bevat alleen cijfers."),
        ("wendy wijkmanager", "Het wachtwoord lijkt te veel op de naam."),
        ("wm.a@gemeente.test", "Het wachtwoord lijkt te veel op de e-mailadres."),
    ],
)
def test_a_reset_password_must_follow_the_rules(client, world, password, message):
    url = reset_form_url(client, world.wijkmanager_a)
    before = User.objects.get(pk=world.wijkmanager_a.pk).password

    response = client.post(url, {"new_password1": password, "new_password2": password})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get(pk=world.wijkmanager_a.pk).password == before


def test_a_good_reset_password_is_accepted(client, world):
    url = reset_form_url(client, world.wijkmanager_a)
    password = "fietsen langs de Grift 2026"

    response = client.post(url, {"new_password1": password, "new_password2": password})

    assert response.url == reverse("password_reset_complete")
    assert User.objects.get(pk=world.wijkmanager_a.pk).check_password(password)


def test_beheer_has_no_form_that_sets_a_password(client, world):
    client.force_login(world.admin)

    for url in (
        reverse("admin:partners_user_add"),
        reverse("admin:partners_user_change", args=[world.consulent_a.pk]),
    ):
        html = client.get(url).content.decode()
        assert 'type="password"' not in html
        assert 'name="password' not in html
    with pytest.raises(NoReverseMatch):
        reverse("admin:auth_user_password_change", args=[world.consulent_a.pk])
    with pytest.raises(NoReverseMatch):
        reverse("admin:partners_user_password_change", args=[world.consulent_a.pk])


def test_a_user_made_in_beheer_has_no_password_until_they_set_one_by_the_rules(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:partners_user_add"),
        {
            "full_name": "Nina Nieuw",
            "email": "nina@gemeente.test",
            "phone": "",
            "organisation": world.gemeente.pk,
            "role": "medewerker",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    nina = User.objects.get(email="nina@gemeente.test")
    assert not nina.check_password("")
    client.post(reverse("logout"))

    url = reset_form_url(client, nina)
    refused = client.post(url, {"new_password1": "kort", "new_password2": "kort"})

    assert "te kort" in refused.content.decode()
    assert not User.objects.get(pk=nina.pk).password
