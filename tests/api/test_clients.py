"""API clients in Beheer: made by functional admins with the key shown once and kept as a hash,
revoked with a confirmation, audited; their accounts never log in, are never told anything
and are in no list of people."""

import json
from datetime import time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.api.support import bearer, make_client
from tests.factories import PASSWORD, make_organisation, make_user
from wijkteam.access.models import AuditEntry
from wijkteam.api.models import ApiClient
from wijkteam.api.services import api_client_create, api_client_revoke
from wijkteam.cases.access import chairs_to_notify, members_to_notify
from wijkteam.core.errors import DomainError
from wijkteam.meetings.access import default_chair, invited_members
from wijkteam.meetings.forms import MeetingForm
from wijkteam.meetings.services import When, meeting_create
from wijkteam.notifications.models import Notification, OutgoingEmail
from wijkteam.notifications.services import notify_users
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import OrganisationKind, Role, TeamFunction, TeamMember
from wijkteam.partners.password_reset import password_reset_send

User = get_user_model()


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def _add_form(world, **changes) -> dict:
    return {
        "name": "Woonsysteem",
        "organisation": str(world.corporatie.pk),
        "role": Role.MEDEWERKER,
        "teams": [str(world.team_a.pk)],
        "scopes": ["signals:read", "signals:write"],
        "rate_limit_per_minute": "60",
        **changes,
    }


def test_a_functional_admin_makes_a_client_and_sees_its_key_once(admin_client, world):
    response = admin_client.post(reverse("admin:api_apiclient_add"), _add_form(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    made = ApiClient.objects.get(name="Woonsysteem")
    assert response["Location"] == reverse("admin:api_apiclient_change", args=[made.pk])
    page = admin_client.get(response["Location"]).content.decode()
    key = page.split('id="api-new-key" type="text" readonly size="70" value="')[1].split('"')[0]
    assert key.startswith(f"wt_{made.key_prefix}_")
    # It works, and is shown once: the page does not show it again.
    assert admin_client.get(reverse("api:signals"), **bearer(key)).status_code == 200
    again = admin_client.get(response["Location"]).content.decode()
    assert key not in again and "api-new-key" not in again
    # Only a hash is kept, and the audit trail names the prefix, never the secret.
    secret = key.split("_", 2)[2]
    assert made.key_hash != secret and secret not in made.key_hash
    audited = json.dumps(list(AuditEntry.objects.values_list("changes", flat=True)))
    assert secret not in audited and made.key_prefix in audited
    assert made.scopes == ["signals:read", "signals:write"]
    assert made.created_by == world.admin


def test_the_new_clients_account_acts_for_its_organisation_in_its_teams(world):
    made, _key = make_client(world.corporatie, teams=(world.team_a,), role=Role.LEZER)
    account = made.account
    assert account.is_api_account and account.organisation == world.corporatie
    assert account.role == Role.LEZER and not account.has_usable_password()
    assert account.email.endswith("@api.invalid")
    member = TeamMember.objects.get(user=account)
    assert (member.team, member.function) == (world.team_a, TeamFunction.KOPPELING)


def test_a_client_only_in_teams_where_its_organisation_is_a_partner(admin_client, world):
    response = admin_client.post(
        reverse("admin:api_apiclient_add"), _add_form(world, teams=[str(world.team_b.pk)])
    )
    assert response.status_code == 200
    assert "is geen partner in" in response.content.decode()
    assert not ApiClient.objects.exists()


def test_the_rent_administration_role_is_for_a_corporation(world):
    with pytest.raises(DomainError) as refused:
        make_client(world.politie, role=Role.HUURADMINISTRATIE)
    assert refused.value.field == "role"


def test_only_a_functional_admin_makes_or_revokes_a_client(world):
    for actor in (world.wijkmanager_a, world.reader, None):
        with pytest.raises(DomainError):
            api_client_create(
                actor=actor,
                name="Stiekem",
                organisation=world.gemeente,
                scopes=[],
                rate_limit_per_minute=10,
            )
    made, _key = make_client(world.gemeente)
    with pytest.raises(DomainError):
        api_client_revoke(actor=world.wijkmanager_a, client=made)


def test_revoking_asks_to_confirm_then_stops_the_key_and_is_audited(admin_client, client, world):
    made, key = make_client(world.gemeente, teams=(world.team_a,))
    url = reverse("admin:api_apiclient_changelist")
    chosen = {"action": "revoke", "_selected_action": [str(made.pk)]}
    confirm = admin_client.post(url, chosen)
    assert confirm.status_code == 200
    assert "Ja, intrekken" in confirm.content.decode()
    made.refresh_from_db()
    assert made.revoked_at is None
    done = admin_client.post(url, {**chosen, "post": "yes"})
    assert done.status_code == 302
    made.refresh_from_db()
    assert made.revoked_at is not None and made.revoked_by == world.admin
    assert not made.account.is_active
    assert AuditEntry.objects.filter(action="revoke", object_id=str(made.pk)).exists()
    assert client.get(reverse("api:signals"), **bearer(key)).status_code == 401


def test_a_client_is_never_deleted(admin_client, world):
    made, _key = make_client(world.gemeente)
    url = reverse("admin:api_apiclient_delete", args=[made.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert ApiClient.objects.filter(pk=made.pk).exists()


def test_an_admin_changes_the_name_scopes_and_rate_limit_audited(admin_client, world):
    made, _key = make_client(world.gemeente, scopes=["signals:read"])
    url = reverse("admin:api_apiclient_change", args=[made.pk])
    response = admin_client.post(
        url,
        {"name": "Nieuwe naam", "scopes": ["cases:read"], "rate_limit_per_minute": "30"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    made.refresh_from_db()
    assert (made.name, made.scopes, made.rate_limit_per_minute) == (
        "Nieuwe naam",
        ["cases:read"],
        30,
    )
    assert AuditEntry.objects.filter(action="update", object_id=str(made.pk)).exists()


# --- the account is no person ---------------------------------------------------------------


def test_the_account_never_logs_in(client, world):
    made, _key = make_client(world.gemeente, teams=(world.team_a,))
    account = made.account
    account.set_password(PASSWORD)  # even if someone gave it one
    account.save()
    response = client.post(
        reverse("login"), {"username": account.email, "password": PASSWORD}, follow=False
    )
    assert SESSION_USER not in client.session
    assert response.status_code == 200
    # A session made for it by other means is not honoured either.
    client.force_login(account)
    assert client.get(reverse("teams:list")).status_code == 302


SESSION_USER = "_auth_user_id"


def test_the_account_gets_no_password_reset(world):
    made, _key = make_client(world.gemeente)
    made.account.set_password(PASSWORD)
    made.account.save()
    assert (
        password_reset_send(
            user_ids=[made.account.pk], domain="testserver", use_https=False, language="nl"
        )
        == 0
    )
    assert not OutgoingEmail.objects.exists()


def test_the_account_is_never_notified_nor_emailed(world):
    made, _key = make_client(world.gemeente, teams=(world.team_a,))
    told = notify_users(users=[made.account, world.wijkmanager_a], subject="Iets", body="x")
    assert told == 1
    assert not Notification.objects.filter(user=made.account).exists()
    assert not OutgoingEmail.objects.filter(to=made.account.email).exists()
    assert mail.outbox == []


def test_the_account_is_in_no_list_of_people(client, world):
    made, _key = make_client(world.gemeente, teams=(world.team_a,), name="Zaaksysteem")
    account = made.account
    # Wijkmanager by function would make it a chair; it is never one.
    TeamMember.objects.filter(user=account).update(function=TeamFunction.WIJKMANAGER)
    assert account not in members_to_notify(world.team_a.pk, {world.gemeente.pk})
    assert account not in chairs_to_notify(world.team_a.pk)
    assert default_chair(world.team_a) != account
    form = MeetingForm(team=world.team_a)
    assert account not in form.fields["chair"].queryset
    client.force_login(world.wijkmanager_a)
    page = client.get(reverse("teams:detail", args=[world.team_a.district.code]))
    assert page.status_code == 200
    assert "Zaaksysteem" not in page.content.decode()


def test_the_account_is_no_invitee_of_a_meeting(world):
    made, _key = make_client(world.gemeente, teams=(world.team_a,))
    meeting = meeting_create(
        actor=SYSTEM,
        team=world.team_a,
        when=When(day=timezone.localdate() + timedelta(days=7), start=time(10), end=time(11)),
        place="Zaal",
    )
    members = [member.user for member in invited_members(meeting)]
    assert world.wijkmanager_a in members and made.account not in members


def test_admins_see_api_accounts_marked_in_the_users_list(admin_client, world):
    made, _key = make_client(make_organisation("Zorg BV", OrganisationKind.ZORG))
    listing = admin_client.get(
        reverse("admin:partners_user_changelist") + "?is_api_account__exact=1"
    )
    assert made.account.full_name in listing.content.decode()
    assert make_user("mens@zorg.test", made.organisation).full_name not in listing.content.decode()
