"""Residents support an initiative: one support per confirmed email address, asked for without
an account; the page answers the same whether or not the address supports it already."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.initiatives.conftest import link_in, mails_to, make_initiative
from wijkteam.access.models import AuditEntry
from wijkteam.initiatives.models import Initiative, Stage, Supporter
from wijkteam.initiatives.support import SupportInput, support_confirm, support_request
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.partners.actors import SYSTEM

EMAIL = "steuner@example.test"


def support_url(initiative) -> str:
    return reverse("initiatives:support", args=[initiative.reference])


def ask(client, initiative, **changes):
    data = {"email": EMAIL, "comment": "", "website": ""}
    data.update(changes)
    return client.post(support_url(initiative), data)


def confirmation_link(run_worker, address=EMAIL) -> str:
    run_worker()
    return link_in(mails_to(address)[-1], "/initiatieven/steun/bevestigen/")


def test_the_support_page_asks_for_an_email_address(client, idea):
    response = client.get(support_url(idea))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Steun dit idee" in page
    assert 'name="email"' in page
    assert "Waarom steunt u dit?" in page
    assert 'name="website"' in page


def test_asking_sends_a_link_and_support_counts_once_confirmed(client, idea, run_worker):
    response = ask(client, idea, comment="Eindelijk groen!", wants_updates="on")

    assert response.status_code == 302
    assert response.url == reverse("initiatives:supported", args=[idea.reference])
    page = client.get(response.url).content.decode()
    assert "Bijna klaar: kijk in uw e-mail" in page
    supporter = Supporter.objects.get()
    assert (supporter.email, supporter.comment, supporter.wants_updates) == (
        EMAIL,
        "Eindelijk groen!",
        True,
    )
    assert supporter.confirmed_at is None
    detail = client.get(reverse("initiatives:detail", args=[idea.reference])).content.decode()
    assert "Eindelijk groen!" not in detail  # not before it is confirmed

    link = confirmation_link(run_worker)
    [email] = mails_to(EMAIL)
    assert "Bevestig uw steun" in email.subject
    assert "Eindelijk groen!" in email.body  # what will be public, before it is

    opened = client.get(link)
    assert opened.status_code == 200
    assert "Ja, ik steun dit idee" in opened.content.decode()
    supporter.refresh_from_db()
    assert supporter.confirmed_at is None  # opening the link confirms nothing

    confirmed = client.post(link, follow=True)
    supporter.refresh_from_db()
    assert supporter.confirmed_at is not None
    page = confirmed.content.decode()
    assert "uw steun telt mee" in page
    assert '<strong class="support-count">1</strong>' in page
    assert "Eindelijk groen!" in page
    assert EMAIL not in page


def test_the_supported_page_is_shown_once_and_only_for_its_initiative(client, world, idea):
    other = make_initiative(world.buurt_a2, title="Ander idee")
    ask(client, idea)

    assert client.get(reverse("initiatives:supported", args=[other.reference])).status_code == 302
    assert client.get(reverse("initiatives:supported", args=[idea.reference])).status_code == 200
    again = client.get(reverse("initiatives:supported", args=[idea.reference]))
    assert again.url == reverse("initiatives:detail", args=[idea.reference])


def test_asking_again_for_a_confirmed_address_answers_the_same_and_changes_nothing(
    client, idea, run_worker
):
    ask(client, idea, comment="Eerste woorden")
    client.post(confirmation_link(run_worker))
    supporter = Supporter.objects.get()

    response = ask(client, idea, email=EMAIL.upper(), comment="Andere woorden")

    assert response.status_code == 302
    assert response.url == reverse("initiatives:supported", args=[idea.reference])
    assert "Bijna klaar: kijk in uw e-mail" in client.get(response.url).content.decode()
    assert Supporter.objects.count() == 1
    supporter.refresh_from_db()
    assert supporter.comment == "Eerste woorden"
    run_worker()
    already = mails_to(EMAIL)[-1]
    assert "U steunt dit initiatief al" in already.subject
    assert "U steunt dit initiatief al" in already.body
    assert "/steun/bevestigen/" not in already.body


def test_both_answers_look_the_same_to_whoever_asks(client, idea, run_worker):
    ask(client, idea, email="al@example.test")
    client.post(confirmation_link(run_worker, "al@example.test"))

    known = ask(client, idea, email="al@example.test")
    known_page = client.get(known.url).content.decode()
    unknown = ask(client, idea, email="nieuw@example.test")
    unknown_page = client.get(unknown.url).content.decode()

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    strip = lambda page: page.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(known_page) == strip(unknown_page)


def test_asking_again_before_confirming_sends_a_new_link_and_the_old_one_stops(
    client, idea, run_worker
):
    ask(client, idea, comment="Eerst")
    old = confirmation_link(run_worker)
    ask(client, idea, comment="Later")
    new = confirmation_link(run_worker)

    assert old != new
    assert Supporter.objects.count() == 1
    assert client.post(old).status_code == 404
    client.post(new)
    supporter = Supporter.objects.get()
    assert supporter.confirmed_at is not None
    assert supporter.comment == "Later"


def test_one_support_per_address_also_through_the_service(idea):
    for _ in range(2):
        support_request(actor=SYSTEM, initiative=idea, support=SupportInput(email=EMAIL))

    assert Supporter.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": ""}, "Vul uw e-mailadres in"),
        ({"email": "geen-adres"}, "Vul een geldig e-mailadres in"),
        ({"postcode": "3999AA"}, "Vul ook het huisnummer in"),
        ({"house_number": "1"}, "Vul ook de postcode in"),
        ({"postcode": "12345", "house_number": "1"}, "Een postcode is 4 cijfers en 2 letters"),
        ({"postcode": "3999AA", "house_number": "1a"}, "Een huisnummer bestaat uit cijfers"),
        ({"comment": "x" * 501}, "500"),
        ({"website": "http://spam.example"}, "kon niet worden verstuurd"),
    ],
)
def test_each_mistake_gets_a_dutch_message_and_nothing_typed_is_lost(
    client, idea, run_worker, changes, message
):
    data = {"comment": "Goed plan voor de kinderen", "wants_updates": "on", **changes}

    response = ask(client, idea, **data)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert not Supporter.objects.exists()
    if "comment" not in changes:
        assert "Goed plan voor de kinderen" in page
    if "email" not in changes:
        assert f'value="{EMAIL}"' in page
    assert 'name="wants_updates" id="id_wants_updates" checked' in page
    run_worker()
    assert not OutgoingEmail.objects.exists()


def test_an_ended_initiative_takes_no_support(client, world, run_worker):
    realised = make_initiative(world.buurt_a1, stage=Stage.REALISED)

    page = client.get(support_url(realised)).content.decode()
    response = ask(client, realised)

    assert "steunen kan niet meer" in page
    assert 'name="email"' not in page
    assert response.status_code == 409
    assert not Supporter.objects.exists()
    detail = client.get(reverse("initiatives:detail", args=[realised.reference])).content.decode()
    assert support_url(realised) not in detail


def test_a_hidden_or_unconfirmed_initiative_takes_no_support(client, world, idea):
    from tests.initiatives.conftest import propose_idea

    unconfirmed, _token = propose_idea(world.buurt_a1)
    Initiative.objects.filter(pk=idea.pk).update(hidden_at=timezone.now())

    for initiative in (idea, unconfirmed):
        assert client.get(support_url(initiative)).status_code == 404
        assert ask(client, initiative).status_code == 404
    assert not Supporter.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_support_link_gets_a_404_page_that_explains(client, idea, method):
    response = getattr(client, method)(reverse("initiatives:support_confirm", args=["nep"]))

    assert response.status_code == 404
    assert "Deze link werkt niet" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_support_link_explains_and_offers_a_new_one(client, idea, run_worker, method):
    ask(client, idea)
    link = confirmation_link(run_worker)

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = getattr(client, method)(link)

    page = response.content.decode()
    assert response.status_code == 410
    assert "Deze link is verlopen" in page
    assert support_url(idea) in page
    assert Supporter.objects.get().confirmed_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_reused_support_link_says_so_and_changes_nothing(client, idea, run_worker, method):
    ask(client, idea)
    link = confirmation_link(run_worker)
    client.post(link)
    confirmed_at = Supporter.objects.get().confirmed_at
    audited = AuditEntry.objects.count()

    response = getattr(client, method)(link)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Uw steun was al bevestigd" in page
    assert reverse("initiatives:detail", args=[idea.reference]) in page
    assert Supporter.objects.get().confirmed_at == confirmed_at
    assert AuditEntry.objects.count() == audited


def test_a_support_link_for_an_initiative_that_ended_meanwhile_is_refused(
    client, world, run_worker
):
    from tests.initiatives.conftest import wijkmanager_of
    from wijkteam.initiatives.stages import initiative_stage_set

    initiative = make_initiative(world.buurt_a1)
    ask(client, initiative)
    link = confirmation_link(run_worker)
    initiative_stage_set(
        actor=wijkmanager_of(initiative),
        initiative=initiative,
        stage=Stage.STOPPED,
        message="Geen plek",
    )

    response = client.post(link)

    assert response.status_code == 409
    assert "Steunen kan niet meer" in response.content.decode()
    assert Supporter.objects.get().confirmed_at is None


def test_a_support_link_for_an_initiative_hidden_meanwhile_is_as_if_unknown(
    client, idea, run_worker
):
    ask(client, idea)
    link = confirmation_link(run_worker)
    Initiative.objects.filter(pk=idea.pk).update(hidden_at=timezone.now())

    for method in ("get", "post"):
        response = getattr(client, method)(link)
        assert response.status_code == 404
        assert idea.title not in response.content.decode()
    assert Supporter.objects.get().confirmed_at is None


def test_confirming_is_audited_without_the_address(idea, run_worker):
    support_request(
        actor=SYSTEM, initiative=idea, support=SupportInput(email=EMAIL, comment="Mooi")
    )
    run_worker()
    token = link_in(mails_to(EMAIL)[-1], "/initiatieven/steun/bevestigen/").split("/")[-2]

    supporter, confirmed_now = support_confirm(token=token)

    assert confirmed_now
    rows = AuditEntry.objects.filter(action__in=["supporter_request", "supporter_confirm"])
    assert rows.count() == 2
    for row in rows:
        assert EMAIL not in str(row.changes)
        assert "Mooi" not in str(row.changes)


@pytest.fixture
def limits(settings):
    settings.WIJKTEAM_INITIATIVE_SUPPORTS_PER_HOUR = 2
    settings.WIJKTEAM_INITIATIVE_POSTS_PER_HOUR = 5
    return settings


def test_supports_are_limited_per_client_and_mistakes_do_not_count(client, idea, limits):
    assert ask(client, idea, email="").status_code == 400
    for number in range(2):
        assert ask(client, idea, email=f"s{number}@example.test").status_code == 302

    response = ask(client, idea, email="derde@example.test", comment="Derde keer")

    page = response.content.decode()
    assert response.status_code == 429
    assert "Probeer het later opnieuw" in page
    assert "Derde keer" in page
    assert Supporter.objects.count() == 2


def test_a_flood_of_support_posts_is_stopped(client, idea, limits):
    for _ in range(5):
        ask(client, idea, email="")

    assert ask(client, idea).status_code == 429
    assert not Supporter.objects.exists()
