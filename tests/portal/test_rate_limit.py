"""The resident form's limits: accepted reports in any 60 minutes, and a higher limit for all
posts. Mistakes never block a resident; the message says whom to call."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.portal.test_report import URL, form_data
from wijkteam.cases.tasks import sweep_deadlines
from wijkteam.core.models import RateLimitHit
from wijkteam.core.ratelimit import rate_limit_allows, rate_limit_hit, rate_limit_record
from wijkteam.signals.models import Signal


@pytest.fixture
def limits(settings):
    settings.WIJKTEAM_REPORTS_PER_HOUR = 2
    settings.WIJKTEAM_REPORT_POSTS_PER_HOUR = 20
    settings.WIJKTEAM_MUNICIPALITY_PHONE = "14 0999"
    return settings


def report(client, **changes):
    return client.post(URL, form_data(client, confirmed_new="on", **changes))


def test_eight_mistakes_then_a_good_report_is_accepted(client, world, pdok, limits):
    for _ in range(8):
        assert report(client, description="").status_code == 400

    response = report(client)

    assert response.status_code == 302
    assert Signal.objects.count() == 1


def test_accepted_reports_are_limited_with_the_wijkteams_phone_number(client, world, pdok, limits):
    world.team_a.phone = "0318 555 123"
    world.team_a.save()
    for _ in range(2):
        assert report(client).status_code == 302

    response = report(client, description="Derde keer")

    assert response.status_code == 429
    page = response.content.decode()
    assert "veel meldingen gedaan" in page
    assert "bel het wijkteam: 0318 555 123" in page
    assert "Bij spoed: bel 112." in page
    assert "Derde keer" in page  # nothing typed is lost
    assert Signal.objects.count() == 2


def test_without_a_known_place_the_message_names_the_gemeentes_number(client, world, pdok, limits):
    for _ in range(2):
        assert report(client).status_code == 302

    response = report(client, postcode="", house_number="")

    assert response.status_code == 429
    assert "bel de gemeente: 14 0999" in response.content.decode()


def test_a_team_without_a_number_falls_back_to_the_gemeente(client, world, pdok, limits):
    for _ in range(2):
        assert report(client).status_code == 302

    response = report(client)

    assert "bel de gemeente: 14 0999" in response.content.decode()


def test_the_window_slides_instead_of_following_the_clock_hour(client, world, pdok, limits):
    start = timezone.now().replace(minute=50, second=0, microsecond=0)
    with time_machine.travel(start, tick=False):
        assert report(client).status_code == 302
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        assert report(client).status_code == 302
        # Past the clock hour, but two reports in the last 60 minutes: still blocked.
        assert report(client).status_code == 429
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        # The first report is now over an hour ago.
        assert report(client).status_code == 302
        assert report(client).status_code == 429
    assert Signal.objects.count() == 3


def test_all_posts_have_their_own_higher_limit(client, world, pdok, limits):
    limits.WIJKTEAM_REPORT_POSTS_PER_HOUR = 3
    for _ in range(3):
        assert report(client, description="").status_code == 400

    response = report(client)

    assert response.status_code == 429
    assert "veel meldingen gedaan" in response.content.decode()
    assert not Signal.objects.exists()


def test_other_clients_are_not_blocked(client, world, pdok, limits):
    for _ in range(2):
        assert report(client).status_code == 302

    response = client.post(URL, form_data(client, confirmed_new="on"), REMOTE_ADDR="192.0.2.77")

    assert response.status_code == 302


@pytest.mark.parametrize("behind_proxy", [True, False])
def test_a_forged_forwarded_header_does_not_dodge_the_limit(
    client, world, pdok, limits, behind_proxy
):
    limits.BEHIND_PROXY = behind_proxy
    # Behind the proxy, it appends the sender's real address to whatever the sender wrote.
    real = ", 198.51.100.20" if behind_proxy else ""
    for number in range(2):
        data = form_data(client, confirmed_new="on")
        response = client.post(URL, data, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}{real}")
        assert response.status_code == 302

    data = form_data(client, confirmed_new="on")
    response = client.post(URL, data, HTTP_X_FORWARDED_FOR=f"203.0.113.9{real}")

    assert response.status_code == 429
    assert Signal.objects.count() == 2


def test_behind_the_proxy_residents_it_forwards_are_counted_apart(client, world, pdok, limits):
    limits.BEHIND_PROXY = True
    for _ in range(2):
        data = form_data(client, confirmed_new="on")
        assert client.post(URL, data, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 302

    data = form_data(client, confirmed_new="on")
    response = client.post(URL, data, HTTP_X_FORWARDED_FOR="198.51.100.20, 198.51.100.21")

    assert response.status_code == 302


def test_old_rows_are_cleaned_up_and_no_address_is_stored(db):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        rate_limit_record(scope="test", client="198.51.100.1", window_seconds=60)
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        assert rate_limit_allows(scope="test", client="198.51.100.1", limit=1, window_seconds=60)
        assert rate_limit_hit(scope="test", client="198.51.100.2", limit=1, window_seconds=60)
        assert not rate_limit_hit(scope="test", client="198.51.100.2", limit=1, window_seconds=60)
        assert RateLimitHit.objects.count() == 3
        sweep_deadlines.call()  # the quarter-hourly sweep

    assert RateLimitHit.objects.count() == 2  # the expired row went
    assert not RateLimitHit.objects.filter(key__contains="198.51").exists()


def test_the_team_page_shows_the_number_residents_are_given(client, world):
    world.team_a.phone = "0318 555 123"
    world.team_a.save()
    client.force_login(world.wijkmanager_a)

    page = client.get(reverse("teams:detail", args=["WK099901"])).content.decode()

    assert "Telefoonnummer voor bewoners: 0318 555 123" in page
