"""Every way a user comes into being is in the audit trail: the command line's createsuperuser,
the functional admin's Beheer pages and the services, each with its actor and without the
password."""

from django.core.management import call_command
from django.urls import reverse

from wijkteam.access.audit import SYSTEM_LABEL, audit_chain_verify
from wijkteam.access.models import AuditEntry
from wijkteam.partners.models import Role, User


def created(email: str) -> AuditEntry:
    user = User.objects.get(email=email)
    return AuditEntry.objects.get(
        object_type="partners.user", object_id=str(user.pk), action="create"
    )


def test_createsuperuser_is_audited_as_the_system_without_the_password(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "een-lang-en-geheim-wachtwoord")

    call_command(
        "createsuperuser",
        "--noinput",
        "--email",
        "Beheer@Gemeente.example",
        "--full_name",
        "Bea Beheer",
        verbosity=0,
    )

    entry = created("beheer@gemeente.example")
    assert (entry.actor, entry.actor_label) == (None, SYSTEM_LABEL)
    assert entry.changes["email"] == [None, "beheer@gemeente.example"]
    assert entry.changes["is_superuser"] == [None, True]
    assert entry.changes["role"] == [None, Role.FUNCTIONEEL_BEHEERDER]
    assert entry.changes["password"] == "gezet"
    stored = User.objects.get(email="beheer@gemeente.example").password
    assert stored not in str(entry.changes)
    assert "geheim" not in str(entry.changes)
    assert audit_chain_verify().broken is None


def test_a_user_made_in_code_is_audited_too(db):
    user = User.objects.create_user("nieuw@gemeente.example", None, full_name="Nina Nieuw")

    entry = created("nieuw@gemeente.example")
    assert entry.changes["full_name"] == [None, "Nina Nieuw"]
    assert "password" not in entry.changes  # none usable yet: set through a reset
    assert not user.has_usable_password()


def test_a_user_added_in_beheer_is_audited_with_the_functional_admin(client, world):
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:partners_user_add"),
        {
            "full_name": "Aad Aangemaakt",
            "email": "aad@gemeente.test",
            "phone": "",
            "organisation": world.gemeente.pk,
            "role": Role.MEDEWERKER,
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = created("aad@gemeente.test")
    assert entry.actor == world.admin
    assert entry.changes["full_name"] == [None, "Aad Aangemaakt"]
    assert entry.changes["organisation"] == [None, world.gemeente.pk]
    assert "password" not in entry.changes
