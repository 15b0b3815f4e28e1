"""Apps and their keys in Beheer: a functional admin gives an app a key, which is shown once and
kept only as a hash, and revokes it; both audited. Nobody else may."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.matrix.beheer import form_on
from tests.open311.conftest import report
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.core.keys import key_hash
from wijkteam.open311.models import Open311App
from wijkteam.open311.services import app_for_key, open311_app_create, open311_app_revoke

ADD = reverse("admin:open311_open311app_add")
KEY = re.compile(r"<code>(wt_[A-Za-z0-9]{12}_[A-Za-z0-9_-]+)</code>")


def _add(client, name: str = "BuitenApp") -> str:
    """Add an app in Beheer; returns its page's address (where its key is shown once)."""
    response = client.post(ADD, {"name": name, "contact_email": "app@example.org"})
    assert response.status_code == 302, response.content
    return response["Location"]


def test_a_functional_admin_gives_an_app_a_key_shown_once(client, world):
    client.force_login(world.admin)

    page_url = _add(client)
    first = client.get(page_url).content.decode()
    again = client.get(page_url).content.decode()

    (key,) = KEY.findall(first)
    assert "niet opnieuw" in first
    assert KEY.search(again) is None  # shown once
    app = Open311App.objects.get()
    assert page_url == reverse("admin:open311_open311app_change", args=[app.pk])
    assert (app.name, app.created_by, app.is_active) == ("BuitenApp", world.admin, True)
    assert key.startswith(f"wt_{app.key_prefix}_")
    assert app.key_hash == key_hash(key.split("_", 2)[2]) and key not in app.key_hash
    assert f"wt_{app.key_prefix}_" in again  # how it starts, to recognise it by
    assert app_for_key(key) == app
    entry = AuditEntry.objects.get(object_type="open311.open311app", action="create")
    assert entry.actor == world.admin and key not in str(entry.changes)


def test_the_key_is_shown_only_on_its_own_apps_page(client, world):
    client.force_login(world.admin)
    other = open311_app_create(actor=world.admin, name="Ander", contact_email="a@example.org")
    _add(client)
    page = client.get(reverse("admin:open311_open311app_change", args=[other.app.pk]))
    assert KEY.search(page.content.decode()) is None


def test_the_new_key_posts_a_request(client, world):
    client.force_login(world.admin)
    (key,) = KEY.findall(client.get(_add(client)).content.decode())
    client.logout()
    response = client.post("/open311/v2/requests.json", {"api_key": key, **report()})
    assert response.status_code == 201


def test_a_functional_admin_revokes_a_key_after_confirming(client, world):
    made = open311_app_create(actor=world.admin, name="Oud", contact_email="oud@example.org")
    client.force_login(world.admin)
    revoke = reverse("admin:open311_open311app_revoke", args=[made.app.pk])
    change = reverse("admin:open311_open311app_change", args=[made.app.pk])
    assert revoke in client.get(change).content.decode()

    asked = client.get(revoke)
    assert asked.status_code == 200 and "Ja, sleutel intrekken" in asked.content.decode()
    assert Open311App.objects.get().is_active  # asking changes nothing
    done = client.post(revoke)

    assert done.status_code == 302
    app = Open311App.objects.get()
    assert (app.is_active, app.revoked_by) == (False, world.admin)
    assert app.revoked_at is not None
    assert app_for_key(made.key) is None
    assert AuditEntry.objects.filter(object_type="open311.open311app", action="revoke").exists()
    assert revoke not in client.get(change).content.decode()
    assert "al ingetrokken" in client.get(revoke).content.decode()
    client.post(revoke)  # twice: told so, nothing changes
    assert AuditEntry.objects.filter(action="revoke").count() == 1


def test_an_apps_name_and_contact_are_changed_audited(client, world):
    made = open311_app_create(actor=world.admin, name="Oud", contact_email="oud@example.org")
    client.force_login(world.admin)
    change = reverse("admin:open311_open311app_change", args=[made.app.pk])
    data = {**form_on(client.get(change).content.decode()), "name": "Nieuw"}

    assert client.post(change, data).status_code == 302

    app = Open311App.objects.get()
    assert (app.name, app.key_hash) == ("Nieuw", made.app.key_hash)
    assert AuditEntry.objects.filter(object_type="open311.open311app", action="update").exists()


def test_an_app_is_never_deleted(client, world):
    made = open311_app_create(actor=world.admin, name="Blijft", contact_email="b@example.org")
    client.force_login(world.admin)
    delete = reverse("admin:open311_open311app_delete", args=[made.app.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Open311App.objects.exists()


def test_only_a_functional_admin_makes_or_revokes_keys(client, world):
    made = open311_app_create(actor=world.admin, name="App", contact_email="app@example.org")
    for actor in (world.wijkmanager_a, world.reader, None):
        with pytest.raises(DomainError) as refused:
            open311_app_create(actor=actor, name="Stiekem", contact_email="s@example.org")
        with pytest.raises(DomainError):
            open311_app_revoke(actor=actor, app=made.app)
        if actor is not None:
            assert refused.value.code == FORBIDDEN
    assert Open311App.objects.count() == 1 and Open311App.objects.get().is_active
    client.force_login(world.wijkmanager_a)
    assert client.post(ADD, {"name": "x", "contact_email": "x@example.org"}).status_code == 302
    assert Open311App.objects.count() == 1


def test_the_command_prints_a_new_key_once(world):
    out, err = io.StringIO(), io.StringIO()

    call_command("open311_app_create", "Demo-app", "demo@example.org", stdout=out, stderr=err)

    key = out.getvalue().strip()
    app = Open311App.objects.get()
    assert app_for_key(key) == app and app.created_by is None
    assert "shown once" in err.getvalue()
