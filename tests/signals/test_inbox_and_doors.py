"""The team inbox, a signal's page and photos, and the staff and field doors — through HTTP,
with the need-to-know rule of DESIGN §6 checked for each kind of partner."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.factories import add_member, make_organisation, make_user
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import OrganisationKind, Role, TeamFunction
from wijkteam.signals.locations import LocationInput, location_resolve
from wijkteam.signals.models import Category, Channel, LocationStatus, Signal
from wijkteam.signals.pdok import default_client
from wijkteam.signals.registration import signal_create
from wijkteam.signals.services import ReporterInput


def jpeg_upload(name="foto.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 10)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def create(world, slug="overlast-geluid", *, point=(52.005, 5.505), receiver=None, **extra):
    location = location_resolve(
        given=LocationInput(latitude=point[0], longitude=point[1]), client=default_client()
    )
    return signal_create(
        actor=extra.pop("actor", SYSTEM),
        channel=extra.pop("channel", Channel.PHONE),
        category=Category.objects.get(slug=slug),
        description=extra.pop("description", "Burenruzie over de schutting"),
        location=location,
        reporter=extra.pop(
            "reporter", ReporterInput(name="Rita Reporter", email="rita@example.test")
        ),
        receiving_organisation=receiver or world.corporatie,
        **extra,
    )


def inbox(client, user, district="WK099901", **params):
    client.force_login(user)
    return client.get(reverse("signals:team", args=[district]), params)


# --- the inbox -------------------------------------------------------------------------------


def test_team_inbox_lists_newest_first_with_details_for_team_signals(client, world):
    older = create(world, description="Eerste melding").signal
    Signal.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=2))
    newer = create(world, description="Tweede melding").signal

    page = inbox(client, world.agent_a).content.decode()

    assert page.index(newer.reference) < page.index(older.reference)
    assert "Tweede melding" in page  # team-level: every team member sees the summary
    assert "Appelhof" in page
    # Reporter identity never appears in lists.
    assert "Rita Reporter" not in page


def test_inbox_is_only_for_the_teams_members_and_coordinators(client, world):
    create(world)
    assert inbox(client, world.wijkmanager_b).status_code == 404
    coordinator = make_user("coord@gemeente.test", world.gemeente, Role.COORDINATOR)
    assert inbox(client, coordinator).status_code == 200
    client.logout()
    assert client.get(reverse("signals:team", args=["WK099901"])).status_code == 302


def test_case_partner_signals_show_existence_only_to_other_partners(client, world):
    create(
        world, "onveiligheid-drugs", description="Hennepgeur uit nummer 12", receiver=world.politie
    )

    corporation_view = inbox(client, world.consulent_a).content.decode()
    police_view = inbox(client, world.agent_a).content.decode()

    assert "Drugs of hennep" in corporation_view
    assert "Hennepgeur" not in corporation_view
    assert "Alleen voor betrokken partners" in corporation_view
    assert "Hennepgeur" in police_view


def test_police_never_sees_an_arrears_signal(client, world):
    signal = create(
        world, "financieel-huurachterstand", channel=Channel.ARREARS_FORM, receiver=world.corporatie
    ).signal

    police_view = inbox(client, world.agent_a).content.decode()
    corporation_view = inbox(client, world.consulent_a).content.decode()

    assert signal.reference not in police_view
    assert "Nog geen meldingen" in police_view
    assert signal.reference in corporation_view
    client.force_login(world.agent_a)
    assert client.get(reverse("signals:detail", args=[signal.reference])).status_code == 404


@pytest.mark.parametrize(
    ("params", "expected", "absent"),
    [
        ({"categorie": "vervuiling"}, ["Afval bij de flat"], ["Muziek"]),
        ({"categorie": "overlast-geluid"}, ["Muziek"], ["Afval bij de flat"]),
        ({"buurt": "BU09990101"}, ["Afval bij de flat"], ["Muziek"]),
        ({"kanaal": "field"}, ["Afval bij de flat"], ["Muziek"]),
        ({"kanaal": "phone"}, ["Muziek"], ["Afval bij de flat"]),
    ],
)
def test_inbox_filters(client, world, params, expected, absent):
    create(world, description="Muziek")
    create(
        world,
        "vervuiling-zwerfafval",
        point=(52.005, 5.515),
        channel=Channel.FIELD,
        description="Afval bij de flat",
    )

    page = inbox(client, world.wijkmanager_a, **params).content.decode()

    for text in expected:
        assert text in page
    for text in absent:
        assert text not in page


def test_inbox_date_filter_and_bad_filter_input(client, world):
    old = create(world, description="Oud").signal
    Signal.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    create(world, description="Nieuw")
    since = (timezone.localdate() - timedelta(days=7)).isoformat()

    page = inbox(client, world.wijkmanager_a, van=since).content.decode()
    assert "Nieuw" in page and ">Oud<" not in page

    for bad in (
        {"van": "gisteren"},
        {"categorie": "bestaat-niet"},
        {"pagina": "-3"},
        {"pagina": "99999"},
        {"van": "2026-05-01", "tot": "2026-01-01"},
    ):
        response = inbox(client, world.wijkmanager_a, **bad)
        assert response.status_code == 200, bad


def test_inbox_pages_of_fifty(client, world):
    for number in range(52):
        create(world, description=f"Melding nummer {number}")

    first = inbox(client, world.wijkmanager_a).content.decode()
    second = inbox(client, world.wijkmanager_a, pagina=2).content.decode()

    assert first.count('href="/meldingen/M-') == 50
    assert 'rel="next"' in first
    assert second.count('href="/meldingen/M-') == 2
    assert 'rel="prev"' in second and 'rel="next"' not in second
    # The links to the other pages keep the filters.
    filtered = inbox(client, world.wijkmanager_a, kanaal="phone").content.decode()
    assert 'href="?kanaal=phone&amp;pagina=2" rel="next"' in filtered


def test_inbox_query_count_does_not_grow_with_the_page(
    client, world, django_assert_max_num_queries
):
    for _ in range(30):
        create(world)
    client.force_login(world.wijkmanager_a)
    url = reverse("signals:team", args=["WK099901"])
    client.get(url)

    # incl. the navigation counts and the prefetch of who a signal is shared with
    with django_assert_max_num_queries(17):
        client.get(url, {"categorie": "overlast", "buurt": "BU09990100"})


def test_organisation_inbox_shows_what_my_organisation_received_in_my_wijkteams(client, world):
    create(world, description="In wijk A")
    create(world, point=(52.005, 5.605), description="In wijk B")
    create(world, receiver=world.politie, description="Voor de politie")
    colleague_b = make_user("consulent.b@corporatie.test", world.corporatie)
    add_member(world.team_b, colleague_b, TeamFunction.WIJKCONSULENT)

    client.force_login(world.consulent_a)
    page_a = client.get(reverse("signals:organisation")).content.decode()
    client.force_login(colleague_b)
    page_b = client.get(reverse("signals:organisation")).content.decode()

    # DESIGN §6: an organisation sees through its members in the signal's wijkteam; a
    # colleague in another wijk sees what any other partner there would.
    assert "In wijk A" in page_a and "In wijk B" not in page_a
    assert "In wijk B" in page_b and "In wijk A" not in page_b
    assert "Voor de politie" not in page_a + page_b


# --- a signal's page -------------------------------------------------------------------------


def test_signal_page_shows_details_and_the_reporter_to_the_receiving_organisation(client, world):
    signal = create(world, photos=[], actor=world.consulent_a).signal
    client.force_login(world.consulent_a)

    page = client.get(reverse("signals:detail", args=[signal.reference])).content.decode()

    assert "Burenruzie over de schutting" in page
    assert "Rita Reporter" in page and "rita@example.test" in page
    assert "Appelhof" in page
    assert "Melding ontvangen (Telefoon)." in page


def test_other_team_partners_see_details_but_never_the_reporter(client, world):
    signal = create(world).signal
    client.force_login(world.agent_a)

    page = client.get(reverse("signals:detail", args=[signal.reference])).content.decode()

    assert "Burenruzie over de schutting" in page
    assert "Rita Reporter" not in page and "rita@example.test" not in page
    assert "alleen zichtbaar voor Woonstichting Test" in page


def test_signal_page_of_another_wijk_is_404(client, world):
    signal = create(world).signal
    client.force_login(world.wijkmanager_b)

    assert client.get(reverse("signals:detail", args=[signal.reference])).status_code == 404
    assert client.get(reverse("signals:detail", args=["M-2026-99999"])).status_code == 404


def test_photos_are_served_only_to_who_may_see_details(client, world):
    from wijkteam.signals.photos import process_photo

    photo = process_photo(upload=jpeg_upload())
    drugs = create(world, "onveiligheid-drugs", receiver=world.politie, photos=[photo]).signal
    attachment = drugs.attachments.get()
    url = reverse("signals:photo", args=[drugs.reference, attachment.pk])

    client.force_login(world.agent_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    from wijkteam.access.models import AccessLogEntry

    assert AccessLogEntry.objects.filter(
        record_type="signals.attachment", record_id=str(attachment.pk), user=world.agent_a
    ).exists()

    client.force_login(world.consulent_a)
    assert client.get(url).status_code == 404
    client.force_login(world.wijkmanager_b)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    # Media are not reachable through a public URL at all.
    assert client.get("/media/" + attachment.file.name).status_code == 404


# --- the staff door --------------------------------------------------------------------------


def staff_data(**changes):
    data = {
        "channel": "phone",
        "receiving_organisation": "",
        "category": Category.objects.get(slug="vervuiling-portiek").pk,
        "description": "Portiek 3 vol met vuilniszakken, gemeld door bewoner aan de telefoon.",
        "postcode": "3999AB",
        "house_number": "7",
        "reporter_name": "Piet Beller",
        "reporter_phone": "06 1111 2222",
        "is_tenant": "yes",
    }
    data.update(changes)
    return data


def test_staff_register_a_phone_signal_and_get_the_tracking_link_once(client, world, pdok):
    client.force_login(world.consulent_a)

    response = client.post(
        reverse("intake:new"),
        staff_data(receiving_organisation=world.corporatie.pk),
        follow=True,
    )

    signal = Signal.objects.get()
    assert (signal.channel, signal.receiving_organisation, signal.created_by) == (
        Channel.PHONE,
        world.corporatie,
        world.consulent_a,
    )
    assert (signal.street, signal.house_number, signal.neighbourhood) == (
        "Perenweg",
        7,
        world.buurt_a2,
    )
    page = response.content.decode()
    assert f"Melding {signal.reference} is vastgelegd." in page
    assert "/melden/volgen/" in page
    again = client.get(reverse("signals:detail", args=[signal.reference])).content.decode()
    assert "/melden/volgen/" not in again


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"channel": "resident_web"}, "Selecteer een geldige keuze"),
        ({"description": ""}, "Dit veld is verplicht"),
        ({"postcode": "", "house_number": ""}, "Vul een postcode en huisnummer in"),
        ({"receiving_organisation": "99999"}, "Selecteer een geldige keuze"),
        ({"reporter_email": "nee"}, "Voer een geldig e-mailadres in"),
    ],
)
def test_staff_form_errors(client, world, pdok, changes, message):
    client.force_login(world.consulent_a)

    response = client.post(
        reverse("intake:new"),
        staff_data(**{"receiving_organisation": world.corporatie.pk, **changes}),
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Signal.objects.exists()


def test_read_only_users_cannot_register(client, world):
    client.force_login(world.reader)

    assert client.get(reverse("intake:new")).status_code == 403
    assert client.post(reverse("intake:field"), {}).status_code == 403


# --- the wijkbeheerder's door ----------------------------------------------------------------


def test_wijkbeheerder_logs_vandalism_with_photo_and_gps(client, world):
    beheerder = make_user("beheerder@corporatie.test", world.corporatie, Role.WIJKBEHEERDER)
    add_member(world.team_a, beheerder, TeamFunction.WIJKBEHEERDER)
    client.force_login(beheerder)

    response = client.post(
        reverse("intake:field"),
        {
            "category": Category.objects.get(slug="vernieling-complex").pk,
            "latitude": "52.0052",
            "longitude": "5.5151",
            "photos": [jpeg_upload()],
            "description": "Ruit voordeur kapot",
        },
        follow=True,
    )

    signal = Signal.objects.get()
    assert (signal.channel, signal.team, signal.neighbourhood) == (
        Channel.FIELD,
        world.team_a,
        world.buurt_a2,
    )
    assert signal.receiving_organisation == world.corporatie
    assert signal.location_status == LocationStatus.RESOLVED
    assert signal.attachments.count() == 1
    assert "in Perenlaan" in response.content.decode()


def test_field_form_needs_a_photo_and_a_place(client, world):
    client.force_login(world.consulent_a)

    response = client.post(
        reverse("intake:field"),
        {"category": Category.objects.get(slug="vernieling-complex").pk},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Maak of kies een foto." in page
    assert "wijs de plek aan" in page
    assert not Signal.objects.exists()


def test_a_point_outside_every_wijk_is_refused(client, world):
    client.force_login(world.consulent_a)

    response = client.post(
        reverse("intake:field"),
        {
            "category": Category.objects.get(slug="vernieling-complex").pk,
            "latitude": "51.0",
            "longitude": "4.0",
            "photos": [jpeg_upload()],
        },
    )

    assert "buiten de wijken" in response.content.decode()
    assert not Signal.objects.exists()


def test_urgent_signal_from_a_partner_is_marked(client, world, pdok):
    mediation = make_organisation("Buurtbemiddeling Test", OrganisationKind.BUURTBEMIDDELING)
    client.force_login(world.agent_a)

    client.post(
        reverse("intake:new"),
        staff_data(
            channel="partner",
            receiving_organisation=world.politie.pk,
            category=Category.objects.get(slug="acuut-dreiging").pk,
            is_urgent="on",
        ),
    )

    signal = Signal.objects.get()
    assert signal.is_urgent and signal.receiving_organisation == world.politie
    assert mediation.received_signals.count() == 0


def test_signal_page_shows_the_response_target_in_working_days(client, world, monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    friday = datetime(2026, 4, 24, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    monkeypatch.setattr("wijkteam.signals.registration.timezone.now", lambda: friday)
    signal = create(world).signal  # noise: 5 working days; King's Day falls in between
    client.force_login(world.consulent_a)

    page = client.get(reverse("signals:detail", args=[signal.reference])).content.decode()

    assert "maandag 4 mei 2026" in page
    assert "5 werkdagen" in page


# --- correcting a location -------------------------------------------------------------------


def unchecked_signal(client, world, pdok):
    """A resident's report sent while PDOK was down: kept, flagged, without a team."""
    pdok.down = True
    location = location_resolve(
        given=LocationInput(postcode="3999AB", house_number=7), client=default_client()
    )
    pdok.down = False
    return signal_create(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=Category.objects.get(slug="overlast-geluid"),
        description="Herrie",
        location=location,
        reporter=ReporterInput(email="r@example.test"),
        receiving_organisation=world.corporatie,
    ).signal


def test_unchecked_addresses_can_be_found_and_corrected_by_the_receiver(client, world, pdok):
    signal = unchecked_signal(client, world, pdok)
    assert (signal.location_status, signal.team) == (LocationStatus.NEEDS_REVIEW, None)
    assert not hasattr(signal, "case_link")  # no wijk yet, so no case yet
    client.force_login(world.consulent_a)

    listed = client.get(reverse("signals:organisation"), {"locatie": "needs_review"})
    assert signal.reference in listed.content.decode()
    form = client.get(reverse("intake:location", args=[signal.reference]))
    assert 'value="3999AB"' in form.content.decode()

    response = client.post(
        reverse("intake:location", args=[signal.reference]),
        {"postcode": "3999AB", "house_number": "7"},
        follow=True,
    )

    signal.refresh_from_db()
    assert (signal.location_status, signal.team, signal.neighbourhood) == (
        LocationStatus.RESOLVED,
        world.team_a,
        world.buurt_a2,
    )
    assert signal.bag_id == "0999200000000007"
    page = response.content.decode()
    assert "De locatie is bijgewerkt: Perenlaan, Wijk 01 Testoord." in page
    assert "Locatie aangepast" in page
    # Now the wijk's team sees it in its inbox, and it has its place in a case with a proposal.
    assert signal.reference in inbox(client, world.agent_a).content.decode()
    case = signal.case_link.case
    assert (case.team, case.status) == (world.team_a, "consultation")
    assert case.proposals.exists()


def test_only_the_receiving_organisation_corrects_a_location(client, world, pdok):
    signal = create(world).signal
    url = reverse("intake:location", args=[signal.reference])

    client.force_login(world.agent_a)  # sees the signal, is not the receiver
    assert client.get(url).status_code == 403
    client.force_login(world.wijkmanager_b)  # another wijk
    assert client.get(url).status_code == 404
    reader = make_user("lezer@corporatie.test", world.corporatie, Role.LEZER)
    add_member(world.team_a, reader, TeamFunction.OVERIG)
    client.force_login(reader)
    assert client.post(url, {"postcode": "3999AA", "house_number": "1"}).status_code == 403
    colleague_b = make_user("consulent.b@corporatie.test", world.corporatie)
    add_member(world.team_b, colleague_b, TeamFunction.WIJKCONSULENT)
    client.force_login(colleague_b)  # the receiver's colleague in another wijk
    assert client.get(url).status_code == 404


def test_correcting_to_an_unknown_address_or_outside_changes_nothing(client, world, pdok):
    signal = create(world).signal
    client.force_login(world.consulent_a)
    url = reverse("intake:location", args=[signal.reference])

    unknown = client.post(url, {"postcode": "9999ZZ", "house_number": "1"})
    outside = client.post(url, {"latitude": "51.0", "longitude": "4.0"})

    assert "Dit adres kunnen we niet vinden" in unknown.content.decode()
    assert "buiten de wijken" in outside.content.decode()
    signal.refresh_from_db()
    assert signal.neighbourhood == world.buurt_a1
