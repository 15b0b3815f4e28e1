"""Passing rent arrears on to the gemeente's debt help (schuldhulp): only after the four steps of
art. 2 Besluit gemeentelijke schuldhulpverlening, only the contact details and the amount, and
only to the gemeente's debt counsellors (schuldhulpverleners) in the signal's wijkteam
(DESIGN §6)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cases.support import address, intake
from tests.factories import add_member, make_organisation, make_user
from wijkteam.access.models import AccessLogEntry, AuditEntry
from wijkteam.core.errors import DomainError
from wijkteam.notifications.models import Notification
from wijkteam.partners.models import OrganisationKind, Role, TeamFunction, TeamPartner
from wijkteam.signals.debt_help import arrears_refer_to_debt_help, debt_help_referral_pick_up
from wijkteam.signals.models import (
    ArrearsDetails,
    Channel,
    DebtHelpReferral,
    EventKind,
    SignalEvent,
)
from wijkteam.signals.services import ArrearsInput, ReporterInput

# Distinctive values, so that a test can tell they are absent from a page.
DESCRIPTION = "Huurder verloor zijn baan in de zomer"
STEPS = {
    "contact_attempted_on": date(2025, 3, 14),
    "debt_help_pointed_on": date(2025, 3, 21),
    "written_reminder_on": date(2025, 4, 2),
    "no_objection_on": date(2025, 4, 16),
}
STEP_NAMES = {
    "contact_attempted_on": "persoonlijk contact geprobeerd",
    "debt_help_pointed_on": "gewezen op schuldhulp",
    "written_reminder_on": "schriftelijke aanmaning",
    "no_objection_on": "gegevens aangeboden, geen bezwaar",
}
_numbers = iter(range(1, 10_000))


@pytest.fixture(autouse=True)
def schuldhulp_a(world):
    """The gemeente's debt counsellor in wijk A's team: the one the arrears go to."""
    user = make_user(
        "schuldhulp.a@gemeente.test", world.gemeente, Role.MEDEWERKER, full_name="Sara Schuld"
    )
    add_member(world.team_a, user, TeamFunction.SCHULDHULPVERLENER)
    return user


@pytest.fixture
def rent_admin(world):
    return world.rent_admin


@pytest.fixture
def make_arrears(world, rent_admin):
    """An arrears signal of the corporation at Appellaan 1 in wijk A, with the given steps."""

    def make(steps=STEPS, *, tenant_name="Tessa Huurder", number=1, **extra):
        return intake(
            "financieel-huurachterstand",
            location=address(number=number, street="Appellaan", city="Testoord", addition="B"),
            channel=Channel.ARREARS_FORM,
            actor=rent_admin,
            receiving_organisation=world.corporatie,
            is_tenant=True,
            description=DESCRIPTION,
            reporter=ReporterInput(name="Rita Rapporteur"),
            external_reference=f"HA-{next(_numbers)}",
            arrears=ArrearsInput(
                tenant_name=tenant_name,
                amount=Decimal("1234.56"),
                months=11,
                signal_date=date(2025, 3, 1),
                **steps,
            ),
            **extra,
        )

    return make


@pytest.fixture
def signal(make_arrears):
    return make_arrears()


@pytest.fixture
def referral(world, signal):
    return arrears_refer_to_debt_help(actor=world.consulent_a, signal=signal)


def refer_url(signal) -> str:
    return reverse("signals:debt_help_refer", args=[signal.reference])


def detail_url(reference: str) -> str:
    return reverse("signals:debt_help_detail", args=[reference])


def pick_up_url(reference: str) -> str:
    return reverse("signals:debt_help_pick_up", args=[reference])


# --- the rule: four steps first --------------------------------------------------------------


@pytest.mark.parametrize("missing", list(STEPS))
def test_refused_while_a_step_is_missing_names_it_and_writes_nothing(world, make_arrears, missing):
    signal = make_arrears({name: day for name, day in STEPS.items() if name != missing})
    audit_rows, events = AuditEntry.objects.count(), SignalEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        arrears_refer_to_debt_help(actor=world.consulent_a, signal=signal)

    message = str(refused.value)
    assert STEP_NAMES[missing] in message
    assert all(STEP_NAMES[name] not in message for name in STEPS if name != missing)
    assert not DebtHelpReferral.objects.exists()
    assert (AuditEntry.objects.count(), SignalEvent.objects.count()) == (audit_rows, events)
    assert not Notification.objects.exists()


def test_refused_without_any_step_names_all_four(world, make_arrears):
    with pytest.raises(DomainError) as refused:
        arrears_refer_to_debt_help(actor=world.consulent_a, signal=make_arrears({}))

    assert all(name in str(refused.value) for name in STEP_NAMES.values())


def test_refused_when_a_step_date_lies_in_the_future(world, signal):
    ArrearsDetails.objects.filter(signal=signal).update(
        no_objection_on=timezone.localdate() + timedelta(days=3)
    )

    with pytest.raises(DomainError, match="in de toekomst bij gegevens aangeboden, geen bezwaar"):
        arrears_refer_to_debt_help(actor=world.consulent_a, signal=signal)
    assert not DebtHelpReferral.objects.exists()


def test_with_all_four_steps_only_contact_details_and_amount_are_passed_on(
    world, signal, rent_admin
):
    referral = arrears_refer_to_debt_help(actor=world.consulent_a, signal=signal)

    assert (referral.gemeente, referral.team, referral.corporation) == (
        world.gemeente,
        world.team_a,
        world.corporatie,
    )
    assert (referral.tenant_name, referral.amount, referral.reference) == (
        "Tessa Huurder",
        Decimal("1234.56"),
        signal.reference,
    )
    assert referral.address_line == "Appellaan 1B, 3999AA Testoord"
    assert referral.referred_by == world.consulent_a
    # Nothing more: the record has no place for the description, months, steps or reporter.
    fields = {field.name for field in DebtHelpReferral._meta.get_fields()}
    assert not fields & {"description", "months", "signal_date", "reporter", *STEPS}
    event = signal.events.get(kind=EventKind.DEBT_HELP)
    assert "Gemeente Testoord" in event.text
    audit = AuditEntry.objects.get(action="debt_help_refer")
    assert audit.actor == world.consulent_a
    assert "Tessa" not in str(audit.changes) and "1234" not in str(audit.changes)


def test_the_debt_counsellor_of_that_team_is_told_without_the_tenants_data(
    world, referral, schuldhulp_a
):
    notified = set(Notification.objects.values_list("user__email", flat=True))

    # Not the gemeente's other members of the team, not wijk B's gemeente, not the police.
    assert notified == {schuldhulp_a.email}
    notification = Notification.objects.get()
    assert referral.reference in notification.subject
    assert notification.link == detail_url(referral.reference)
    text = notification.subject + notification.body
    assert "Tessa" not in text and "1234" not in text and "Appellaan" not in text


def test_a_second_referral_is_refused(world, referral, signal):
    with pytest.raises(DomainError, match="al op .* doorgegeven"):
        arrears_refer_to_debt_help(actor=world.consulent_a, signal=signal)
    assert DebtHelpReferral.objects.count() == 1


def test_only_the_registering_corporation_may_pass_it_on(world, signal):
    other = make_organisation("Andere Woningbouw", OrganisationKind.CORPORATIE)
    for actor in (
        world.wijkmanager_a,
        world.agent_a,
        make_user("lezer@corporatie.test", world.corporatie, Role.LEZER),
        make_user("collega@andere.test", other),
    ):
        with pytest.raises(DomainError, match="Alleen de corporatie"):
            arrears_refer_to_debt_help(actor=actor, signal=signal)
    assert not DebtHelpReferral.objects.exists()


def test_refused_with_a_clear_message_when_the_team_has_no_debt_counsellor(
    world, signal, schuldhulp_a
):
    # The gemeente's other members of the team (the wijkmanager) are not its debt help.
    schuldhulp_a.team_memberships.all().delete()

    with pytest.raises(DomainError, match="nog geen schuldhulpverlener"):
        arrears_refer_to_debt_help(actor=world.consulent_a, signal=signal)
    assert not DebtHelpReferral.objects.exists()


def test_refused_with_a_clear_message_when_the_team_has_no_gemeente(world, signal):
    TeamPartner.objects.filter(team=world.team_a, organisation=world.gemeente).delete()

    with pytest.raises(DomainError, match="geen gemeente als partner"):
        arrears_refer_to_debt_help(actor=world.consulent_a, signal=signal)
    assert not DebtHelpReferral.objects.exists()


def test_a_non_arrears_signal_cannot_be_passed_on(world):
    noise = intake("overlast-geluid", receiving_organisation=world.corporatie)

    with pytest.raises(DomainError, match="huurachterstand"):
        arrears_refer_to_debt_help(actor=world.consulent_a, signal=noise)
    assert not DebtHelpReferral.objects.exists()


# --- the corporation's signal page and confirmation -------------------------------------------


def test_signal_page_names_the_missing_steps_and_offers_no_button(client, world, make_arrears):
    signal = make_arrears({"contact_attempted_on": STEPS["contact_attempted_on"]})
    client.force_login(world.consulent_a)

    body = client.get(reverse("signals:detail", args=[signal.reference])).content.decode()

    assert "Nog niet door te geven aan schuldhulp" in body
    assert "gewezen op schuldhulp; schriftelijke aanmaning" in body
    assert refer_url(signal) not in body
    assert "Doorgeven aan schuldhulp gemeente" not in body


def test_only_the_rent_administration_is_offered_to_complete_the_steps(client, world, make_arrears):
    """The steps are filled in on the arrears form, which only the rent administration may
    open: the corporation's consulent reads who does it, not a link that is refused."""
    signal = make_arrears({"contact_attempted_on": STEPS["contact_attempted_on"]})
    form = f"{reverse('intake:arrears_new')}?melding={signal.reference}"
    client.force_login(world.consulent_a)

    body = client.get(reverse("signals:detail", args=[signal.reference])).content.decode()

    assert form not in body
    assert "De huuradministratie van uw corporatie vult de stappen aan." in body
    assert client.get(form).status_code == 403
    client.force_login(world.rent_admin)
    body = client.get(reverse("signals:detail", args=[signal.reference])).content.decode()
    assert form in body
    assert client.get(form).status_code == 200


def test_recording_the_last_steps_through_the_arrears_form_makes_the_button_available(
    client, world, make_arrears
):
    signal = make_arrears({"contact_attempted_on": STEPS["contact_attempted_on"]})
    client.force_login(world.rent_admin)
    prefilled = client.get(reverse("intake:arrears_new"), {"melding": signal.reference})
    assert prefilled.status_code == 200
    assert 'value="Tessa Huurder"' in prefilled.content.decode()
    data = {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in prefilled.context["form"].initial.items()
        if value is not None
    }
    data |= {name: day.isoformat() for name, day in STEPS.items()}

    saved = client.post(reverse("intake:arrears_new"), data, follow=True)

    body = saved.content.decode()
    assert "is bijgewerkt" in body
    assert refer_url(signal) in body
    assert "Doorgeven aan schuldhulp gemeente" in body


def test_the_confirmation_shows_what_goes_and_changes_nothing_until_confirmed(
    client, world, signal
):
    client.force_login(world.consulent_a)
    events = SignalEvent.objects.count()

    page = client.get(refer_url(signal))

    assert page.status_code == 200
    body = page.content.decode()
    assert "Tessa Huurder" in body and "Appellaan 1B, 3999AA Testoord" in body
    assert "1234,56" in body and "Gemeente Testoord" in body
    assert not DebtHelpReferral.objects.exists()
    assert SignalEvent.objects.count() == events
    assert not Notification.objects.exists()

    fingerprint = page.context["plan"].fingerprint
    done = client.post(refer_url(signal), {"gegevens": fingerprint}, follow=True)

    assert done.status_code == 200
    referral = DebtHelpReferral.objects.get()
    assert referral.referred_by == world.consulent_a
    body = done.content.decode()
    assert "zijn doorgegeven aan schuldhulp" in body
    assert "Doorgegeven aan schuldhulp van Gemeente Testoord" in body
    assert "Nog niet opgepakt door schuldhulp" in body
    assert refer_url(signal) not in body


def test_data_changed_after_the_confirmation_page_is_shown_again_not_sent(client, world, signal):
    client.force_login(world.consulent_a)
    fingerprint = client.get(refer_url(signal)).context["plan"].fingerprint
    ArrearsDetails.objects.filter(signal=signal).update(amount=Decimal("1500.00"))

    response = client.post(refer_url(signal), {"gegevens": fingerprint})

    assert response.status_code == 400
    body = response.content.decode()
    assert "gewijzigd" in body and "1500,00" in body
    assert not DebtHelpReferral.objects.exists()


def test_posting_twice_passes_it_on_once(client, world, signal):
    client.force_login(world.consulent_a)
    fingerprint = client.get(refer_url(signal)).context["plan"].fingerprint
    client.post(refer_url(signal), {"gegevens": fingerprint})

    again = client.post(refer_url(signal), {"gegevens": fingerprint})

    assert again.status_code == 400
    assert "al op" in again.content.decode()
    assert DebtHelpReferral.objects.count() == 1
    assert Notification.objects.count() == 1


def test_who_may_not_pass_it_on_gets_404_or_403(client, world, signal):
    client.force_login(world.agent_a)
    assert client.get(refer_url(signal)).status_code == 404
    assert client.post(refer_url(signal), {"gegevens": "x"}).status_code == 404
    client.force_login(world.wijkmanager_a)
    assert client.get(refer_url(signal)).status_code == 404
    corporation_reader = make_user("lezer@corporatie.test", world.corporatie, Role.LEZER)
    add_member(world.team_a, corporation_reader, TeamFunction.OVERIG)
    client.force_login(corporation_reader)
    assert client.get(refer_url(signal)).status_code == 403
    assert client.post(refer_url(signal), {"gegevens": "x"}).status_code == 403
    assert not DebtHelpReferral.objects.exists()


# --- the gemeente's pages ----------------------------------------------------------------------


def test_the_gemeente_sees_exactly_the_shared_fields(
    client, world, referral, rent_admin, schuldhulp_a
):
    client.force_login(schuldhulp_a)

    pages = [client.get(reverse("signals:debt_help")), client.get(detail_url(referral.reference))]

    for page in pages:
        assert page.status_code == 200
        body = page.content.decode()
        assert "Tessa Huurder" in body
        assert "Appellaan 1B, 3999AA Testoord" in body
        assert "1234,56" in body
        assert referral.reference in body
        for absent in (
            DESCRIPTION,
            "11 maanden",
            "maanden",
            "Rita Rapporteur",  # the reporter
            rent_admin.full_name,  # who registered the signal
            "14 maart 2025",
            "21 maart 2025",
            "2 april 2025",
            "16 april 2025",
            "2025-03",
            "2025-04",
            "Z-",  # the case
        ):
            assert absent not in body, absent
        assert reverse("signals:detail", args=[referral.reference]) not in body
    assert world.consulent_a.full_name in pages[1].content.decode()  # who passed it on


def test_gemeente_views_of_referrals_are_in_the_access_log(client, world, referral, schuldhulp_a):
    client.force_login(schuldhulp_a)

    client.get(reverse("signals:debt_help"))
    client.get(detail_url(referral.reference))

    rows = AccessLogEntry.objects.filter(user=schuldhulp_a).order_by("id")
    assert [(row.record_type, row.reference, row.sensitivity) for row in rows] == [
        ("signals.debthelpreferral", referral.reference, "confidential")
    ] * 2
    assert [row.route for row in rows] == ["signals:debt_help", "signals:debt_help_detail"]


# The wijkmanager is the gemeente, in the same team, but not its debt help.
@pytest.mark.parametrize("who", ["agent_a", "opbouwwerker_a", "consulent_a", "wijkmanager_a"])
def test_others_never_see_a_referral(client, world, referral, who):
    client.force_login(getattr(world, who))

    for response in (
        client.get(reverse("signals:debt_help")),
        client.get(detail_url(referral.reference)),
        client.post(pick_up_url(referral.reference)),
    ):
        assert response.status_code == 404
        assert "Tessa" not in response.content.decode()
    assert not AccessLogEntry.objects.filter(record_type="signals.debthelpreferral").exists()
    home = client.get(reverse("signals:organisation")).content.decode()
    assert reverse("signals:debt_help") not in home
    DebtHelpReferral.objects.get(picked_up_at=None)


def test_the_police_never_hear_of_arrears(client, world, referral):
    client.force_login(world.agent_a)

    assert client.get(reverse("signals:detail", args=[referral.reference])).status_code == 404
    assert not Notification.objects.filter(user=world.agent_a).exists()
    assert "Tessa" not in client.get(reverse("notifications:list")).content.decode()


def test_the_gemeente_of_another_wijk_does_not_see_it(client, world, referral):
    # The same gemeente, but a member of wijk B's team only.
    schuldhulp_b = make_user("schuldhulp.b@gemeente.test", world.gemeente, full_name="Sam Schuld")
    add_member(world.team_b, schuldhulp_b, TeamFunction.SCHULDHULPVERLENER)

    for user in (world.wijkmanager_b, schuldhulp_b):
        client.force_login(user)
        listing = client.get(reverse("signals:debt_help"))
        # Wijk B's debt counsellor has a list (without wijk A's arrears); the wijkmanager none.
        assert listing.status_code == (200 if user == schuldhulp_b else 404)
        assert "Tessa" not in listing.content.decode()
        assert referral.reference not in listing.content.decode()
        assert client.get(detail_url(referral.reference)).status_code == 404
        assert client.post(pick_up_url(referral.reference)).status_code == 404
    assert not AccessLogEntry.objects.filter(record_type="signals.debthelpreferral").exists()
    assert not Notification.objects.filter(user__in=[world.wijkmanager_b, schuldhulp_b]).exists()


def test_gemeente_staff_outside_any_wijkteam_have_no_list(client, world, referral):
    client.force_login(world.admin)  # gemeente, functional admin, in no team

    assert client.get(reverse("signals:debt_help")).status_code == 404
    assert client.get(detail_url(referral.reference)).status_code == 404


def test_the_gemeente_picks_it_up_and_the_corporation_sees_that(
    client, world, referral, schuldhulp_a
):
    client.force_login(schuldhulp_a)
    menu = client.get(reverse("signals:debt_help")).content.decode()
    assert 'Schuldhulp <span class="nav-count">1</span>' in menu

    response = client.post(pick_up_url(referral.reference), follow=True)

    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.picked_up_by == schuldhulp_a
    assert referral.picked_up_at is not None
    assert "Markeren als opgepakt" not in response.content.decode()
    assert AuditEntry.objects.filter(action="debt_help_pick_up", actor=schuldhulp_a).exists()
    menu = client.get(reverse("signals:debt_help")).content.decode()
    assert 'class="nav-count"' not in menu.split("Schuldhulp", 1)[1].split("</a>", 1)[0]

    again = client.post(pick_up_url(referral.reference), follow=True)
    assert "al opgepakt" in again.content.decode()
    assert AuditEntry.objects.filter(action="debt_help_pick_up").count() == 1

    client.force_login(world.consulent_a)
    page = client.get(reverse("signals:detail", args=[referral.reference])).content.decode()
    assert "Opgepakt door schuldhulp op" in page
    assert "Opgepakt door schuldhulp van Gemeente Testoord" in page  # the history


def test_a_read_only_debt_counsellor_sees_but_may_not_pick_up(client, world, referral):
    reader = make_user("lezer.a@gemeente.test", world.gemeente, Role.LEZER)
    add_member(world.team_a, reader, TeamFunction.SCHULDHULPVERLENER)
    client.force_login(reader)

    assert client.get(detail_url(referral.reference)).status_code == 200
    assert (
        "Markeren als opgepakt" not in client.get(detail_url(referral.reference)).content.decode()
    )
    assert client.post(pick_up_url(referral.reference)).status_code == 403
    with pytest.raises(DomainError):
        debt_help_referral_pick_up(actor=reader, referral=referral)
    referral.refresh_from_db()
    assert referral.picked_up_at is None


def test_the_gemeente_list_pages_newest_first_in_constant_queries(
    client, world, make_arrears, schuldhulp_a, django_assert_max_num_queries
):
    first = arrears_refer_to_debt_help(actor=world.consulent_a, signal=make_arrears(number=1))
    client.force_login(schuldhulp_a)
    with django_assert_max_num_queries(12) as one:
        assert client.get(reverse("signals:debt_help")).status_code == 200

    for number in range(2, 53):
        arrears_refer_to_debt_help(
            actor=world.consulent_a,
            signal=make_arrears(number=number, tenant_name=f"Huurder {number}"),
        )

    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("signals:debt_help"))
    body = page.content.decode()
    assert len(page.context["page"].rows) == 50
    assert body.index("Huurder 52") < body.index("Huurder 51")
    assert first.reference not in body and "pagina=2" in body
    second = client.get(reverse("signals:debt_help"), {"pagina": "2"}).content.decode()
    assert first.reference in second and "Huurder 2<" in second
    assert "Huurder 3<" not in second


@pytest.mark.parametrize(
    ("method", "name", "arguments"),
    [
        ("get", "signals:debt_help_detail", ["M-2026-99999"]),
        ("get", "signals:debt_help_detail", ["<script>"]),
        ("post", "signals:debt_help_pick_up", ["M-2026-99999"]),
        ("get", "signals:debt_help_refer", ["M-2026-99999"]),
        ("post", "signals:debt_help_refer", ["niets"]),
    ],
)
def test_unknown_references_are_404(client, world, referral, schuldhulp_a, method, name, arguments):
    client.force_login(schuldhulp_a)
    assert getattr(client, method)(reverse(name, args=arguments)).status_code == 404
    client.force_login(world.consulent_a)
    assert getattr(client, method)(reverse(name, args=arguments)).status_code == 404


def test_bad_input_never_gives_a_server_error(client, world, referral, signal, schuldhulp_a):
    client.force_login(schuldhulp_a)
    assert client.get(pick_up_url(referral.reference)).status_code == 405
    for value in ("x", "-3", "0", "99999999999999999999", ""):
        assert client.get(reverse("signals:debt_help"), {"pagina": value}).status_code == 200
    client.force_login(world.consulent_a)
    assert client.put(refer_url(signal)).status_code == 405
    assert client.post(refer_url(signal), {"gegevens": "x" * 5000}).status_code == 400
    noise = intake("overlast-geluid", receiving_organisation=world.corporatie)
    assert client.get(refer_url(noise)).status_code == 404
    client.force_login(world.rent_admin)
    assert client.get(reverse("intake:arrears_new"), {"melding": noise.reference}).status_code == (
        404
    )
    assert client.get(reverse("intake:arrears_new"), {"melding": "x" * 300}).status_code == 404
    assert DebtHelpReferral.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login_page(client, referral, signal):
    for url in (reverse("signals:debt_help"), detail_url(referral.reference), refer_url(signal)):
        assert client.get(url).status_code == 302
    assert client.post(pick_up_url(referral.reference)).status_code == 302
