"""The configuration services (organisations, users, wijkteams, two-factor resets, records
edited in Beheer) and the notification settings check, themselves, who acts and whether the
record's state allows it: refused, they raise DomainError and change nothing (no audit row
either). Beheer's pages check permissions first; these calls skip the pages."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_organisation, make_user
from tests.refusals import assert_refused
from wijkteam.access.services import config_record_delete, config_record_save
from wijkteam.notifications.models import EmailStatus, NotificationMode, OutgoingEmail
from wijkteam.notifications.services import emails_retry, user_notification_mode_set
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation, OrganisationKind, Role, TeamFunction
from wijkteam.partners.services import (
    organisation_save,
    team_member_save,
    team_partner_save,
    team_save,
    user_save,
    user_set_password_hash,
)
from wijkteam.partners.twofactor import two_factor_reset

ONLY_ADMIN = "Alleen een functioneel beheerder beheert"


@pytest.fixture
def stopped(world) -> Organisation:
    organisation = make_organisation("Opgeheven Stichting", OrganisationKind.WELZIJN)
    Organisation.objects.filter(pk=organisation.pk).update(is_active=False)
    organisation.refresh_from_db()
    return organisation


@pytest.fixture
def failed_email(db) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        to="bewoner@example.test", subject="Uw melding", body_text="x", status=EmailStatus.FAILED
    )


def _save_org(actor):
    return organisation_save(actor=actor, name="Nieuwe Partner", kind=OrganisationKind.ZORG)


def _save_user(world, actor, organisation=None):
    return user_save(
        actor=actor,
        email="nieuw@corporatie.test",
        full_name="Nina Nieuw",
        organisation=organisation or world.corporatie,
        role=Role.MEDEWERKER,
    )


def _member(world, actor, user=None):
    return team_member_save(
        actor=actor,
        team=world.team_b,
        user=user or world.consulent_a,
        function=TeamFunction.WIJKCONSULENT,
    )


def _config(world, actor):
    world.team_a.phone = "0318 000 000"
    return config_record_save(
        actor=actor, instance=world.team_a, changed_fields=["phone"], created=False
    )


def _inactive_user(world):
    user = make_user("weg@corporatie.test", world.corporatie)
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


# name → (the call, the message it is refused with)
REFUSALS = {
    "organisation: nobody said who acts": (lambda w, f: _save_org(None), "Niet bekend wie"),
    "organisation: a wijkmanager": (lambda w, f: _save_org(w.wijkmanager_a), ONLY_ADMIN),
    "organisation: a read-only user": (lambda w, f: _save_org(w.reader), ONLY_ADMIN),
    "user: a colleague of the same organisation": (
        lambda w, f: _save_user(w, w.consulent_a),
        ONLY_ADMIN,
    ),
    "user: in an organisation that stopped": (
        lambda w, f: _save_user(w, w.admin, f["stopped"]),
        "nog actief",
    ),
    "password hash: a functional admin": (
        lambda w, f: user_set_password_hash(actor=w.admin, user=w.consulent_a, password_hash="x"),
        "Wachtwoord vergeten",
    ),
    "password hash: the system, for a real account": (
        lambda w, f: user_set_password_hash(actor=SYSTEM, user=w.consulent_a, password_hash="x"),
        "Alleen demo-accounts",
    ),
    "team: the police": (
        lambda w, f: team_save(actor=w.agent_a, district=w.district_a, phone="112"),
        ONLY_ADMIN,
    ),
    "team partner: a wijkmanager": (
        lambda w, f: team_partner_save(
            actor=w.wijkmanager_a, team=w.team_a, organisation=w.welzijn, is_core=False
        ),
        ONLY_ADMIN,
    ),
    "team partner: an organisation that stopped": (
        lambda w, f: team_partner_save(
            actor=w.admin, team=w.team_a, organisation=f["stopped"], is_core=False
        ),
        "nog actief",
    ),
    "team member: a wijkmanager": (lambda w, f: _member(w, w.wijkmanager_a), ONLY_ADMIN),
    "team member: a user who left": (
        lambda w, f: _member(w, w.admin, f["left"]),
        "Alleen een actieve gebruiker",
    ),
    "two-factor reset: nobody said who acts": (
        lambda w, f: two_factor_reset(actor=None, user=f["with_app"]),
        "Niet bekend wie",
    ),
    "two-factor reset: the system": (
        lambda w, f: two_factor_reset(actor=SYSTEM, user=f["with_app"]),
        "Alleen een functioneel beheerder stelt",
    ),
    "two-factor reset: a wijkmanager": (
        lambda w, f: two_factor_reset(actor=w.wijkmanager_a, user=f["with_app"]),
        "Alleen een functioneel beheerder stelt",
    ),
    "two-factor reset: no app to reset": (
        lambda w, f: two_factor_reset(actor=w.admin, user=w.agent_a),
        "nog geen app gekoppeld",
    ),
    "notification mode: nobody said who acts": (
        lambda w, f: user_notification_mode_set(
            actor=None, user=w.consulent_a, mode=NotificationMode.DIGEST
        ),
        "Alleen de gebruiker zelf",
    ),
    "notification mode: the system": (
        lambda w, f: user_notification_mode_set(
            actor=SYSTEM, user=w.consulent_a, mode=NotificationMode.DIGEST
        ),
        "Alleen de gebruiker zelf",
    ),
    "notification mode: a colleague": (
        lambda w, f: user_notification_mode_set(
            actor=w.agent_a, user=w.consulent_a, mode=NotificationMode.DIGEST
        ),
        "Alleen de gebruiker zelf",
    ),
    "notification mode: a mode that does not exist": (
        lambda w, f: user_notification_mode_set(
            actor=w.consulent_a, user=w.consulent_a, mode="sms"
        ),
        "Kies hoe u berichten wilt ontvangen",
    ),
    "email retry: nobody said who acts": (
        lambda w, f: emails_retry(actor=None, email_ids=[f["failed_email"].pk]),
        "Alleen een functioneel beheerder verstuurt",
    ),
    "email retry: the system": (
        lambda w, f: emails_retry(actor=SYSTEM, email_ids=[f["failed_email"].pk]),
        "Alleen een functioneel beheerder verstuurt",
    ),
    "email retry: a wijkmanager": (
        lambda w, f: emails_retry(actor=w.wijkmanager_a, email_ids=[f["failed_email"].pk]),
        "Alleen een functioneel beheerder verstuurt",
    ),
    "config record: nobody said who acts": (
        lambda w, f: _config(w, None),
        "Alleen een functioneel beheerder wijzigt",
    ),
    "config record: a wijkmanager": (
        lambda w, f: _config(w, w.wijkmanager_a),
        "Alleen een functioneel beheerder wijzigt",
    ),
    "config record: the privacy officer": (
        lambda w, f: _config(w, f["officer"]),
        "Alleen een functioneel beheerder wijzigt",
    ),
    "config record delete: a read-only user": (
        lambda w, f: config_record_delete(actor=w.reader, instance=w.team_b),
        "Alleen een functioneel beheerder wijzigt",
    ),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_the_service_refuses_and_changes_nothing(world, stopped, failed_email, name):
    with_app = make_user("app@corporatie.test", world.corporatie)
    TOTPDevice.objects.create(user=with_app, name="app", confirmed=True)
    call, message = REFUSALS[name]
    fixtures = {
        "stopped": stopped,
        "failed_email": failed_email,
        "with_app": with_app,
        "left": _inactive_user(world),
        "officer": make_user("privacy@gemeente.test", world.gemeente, Role.PRIVACY_OFFICER),
    }

    assert_refused(lambda: call(world, fixtures), match=message)


def test_the_functional_admin_and_the_system_may(world, failed_email):
    assert _save_org(world.admin).name == "Nieuwe Partner"
    assert _save_org(SYSTEM).kind == OrganisationKind.ZORG
    assert _save_user(world, world.admin).organisation == world.corporatie
    assert _member(world, world.admin).team == world.team_b
    assert _config(world, world.admin).phone == "0318 000 000"
    assert emails_retry(actor=world.admin, email_ids=[failed_email.pk]) == 1
    user_notification_mode_set(
        actor=world.admin, user=world.consulent_a, mode=NotificationMode.DIGEST
    )
    user_notification_mode_set(
        actor=world.agent_a, user=world.agent_a, mode=NotificationMode.DIGEST
    )
    world.consulent_a.refresh_from_db()
    assert world.consulent_a.notification_mode == NotificationMode.DIGEST
    TOTPDevice.objects.create(user=world.agent_a, name="app", confirmed=True)
    assert two_factor_reset(actor=world.admin, user=world.agent_a) == 1
