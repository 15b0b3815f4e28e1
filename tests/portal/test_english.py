"""A resident who reads Wijkteam in English: the categories on the form, and the status and
messages on the tracking page, are English; a Dutch reader still reads Dutch."""

from django.urls import reverse
from django.utils import translation

from tests.cases.support import case_of
from tests.cases.test_closure import MESSAGE, lead_agreed, reported
from wijkteam.cases.closure.outcome import case_reopen, case_resolve
from wijkteam.cases.models import Outcome
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.signals.models import Category, Reporter

URL = "/melden/"


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_resident_chooses_from_english_categories_on_an_english_page(client, world):
    page = english(client).get(URL).content.decode()

    assert "Noise nuisance (loud music, parties, din)" in page
    assert "Nuisance from neighbours or others" in page  # the group's title
    assert "Something has been broken" in page
    # The main category's help text, kept in Beheer, in English too.
    assert "Rubbish in the street, a dirty entrance or graffiti." in page
    assert "Geluidsoverlast" not in page
    assert "Overlast van buren of anderen" not in page


def test_the_dutch_page_keeps_the_dutch_categories(client, world):
    page = client.get(URL).content.decode()

    assert "Geluidsoverlast (harde muziek, feesten, lawaai)" in page
    assert "Overlast van buren of anderen" in page
    assert "Afval op straat, een vieze portiek of graffiti." in page
    assert "Noise nuisance" not in page


def test_a_category_without_an_english_name_shows_the_dutch_one(client, world):
    Category.objects.filter(slug="overlast-dieren").update(public_name_en="")

    page = english(client).get(URL).content.decode()

    assert "Overlast van dieren (blaffen, uitwerpselen)" in page


def test_a_wrong_category_is_refused_in_english_too_and_nothing_is_stored(client, world, pdok):
    from tests.portal.test_report import form_data

    english(client)
    response = client.post(URL, form_data(client, category="999999"))

    assert response.status_code == 400
    assert Category.objects.get(slug="overlast-geluid").signals.count() == 0


def test_the_tracking_page_follows_the_readers_language(client, world):
    signal, token = reported(email="rik@example.test")
    url = reverse("portal:track", args=[token])

    dutch = client.get(url).content.decode()
    assert "Ontvangen" in dutch
    assert "Uw melding is ontvangen. Het wijkteam bekijkt wie hem oppakt." in dutch
    assert "Geluidsoverlast (harde muziek, feesten, lawaai)" in dutch

    page = english(client).get(url).content.decode()
    assert "Received" in page and "Ontvangen" not in page
    assert "Your report has been received." in page
    assert "Uw melding is ontvangen" not in page
    assert "Noise nuisance (loud music, parties, din)" in page


def test_status_messages_on_the_tracking_page_are_english_and_a_leads_own_words_stay(client, world):
    signal, token = reported(email="rik@example.test")
    case = lead_agreed(case_of(signal))
    url = reverse("portal:track", args=[token])

    page = english(client).get(url).content.decode()
    assert "In progress" in page
    assert "Your report is being handled by Woonstichting Test." in page

    case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message=MESSAGE)
    page = client.get(url).content.decode()
    assert "Completed" in page
    # The lead's message is what they wrote, in their words.
    assert f"Melding {signal.reference} is opgelost." in page

    client.post(url, {"satisfied": "yes", "comment": ""})
    page = client.get(url).content.decode()
    assert "You told us you are satisfied with how it was dealt with." in page

    case_reopen(actor=world.consulent_a, case=case, reason="Nieuwe klachten")
    page = client.get(url).content.decode()
    assert "Your report is being looked at again." in page
    assert "Uw melding wordt opnieuw bekeken." not in page


def test_a_line_written_while_staff_read_english_reads_dutch_to_a_dutch_resident(client, world):
    signal, token = reported(email="rik@example.test")
    # The lead is agreed while the acting staff member's language is English.
    with translation.override("en"):
        lead_agreed(case_of(signal))

    page = client.get(reverse("portal:track", args=[token])).content.decode()

    assert "Uw melding is in behandeling bij Woonstichting Test." in page
    assert "being handled" not in page


def test_a_resident_who_reported_in_english_gets_english_emails_and_a_dutch_one_dutch(
    client, world, pdok, django_capture_on_commit_callbacks, run_worker
):
    from tests.portal.test_report import form_data

    english(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data(client, email="en@example.test"), follow=True)
    client.cookies.pop("django_language")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            URL,
            form_data(client, email="nl@example.test", confirmed_new="on"),
            follow=True,
        )
    english_reporter = Reporter.objects.get(email="en@example.test")
    dutch_reporter = Reporter.objects.get(email="nl@example.test")
    assert (english_reporter.language, dutch_reporter.language) == ("en", "nl")
    run_worker()  # the receipts are written after commit
    receipt = OutgoingEmail.objects.get(to="en@example.test")
    assert receipt.subject.startswith("Your report")

    case = lead_agreed(case_of(english_reporter.signal))
    assert case_of(dutch_reporter.signal) == case
    case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message=MESSAGE)

    to_english = OutgoingEmail.objects.get(to="en@example.test", topic=case.reference)
    assert (
        to_english.subject == f"Your report {english_reporter.signal.reference} has been dealt with"
    )
    assert to_english.body_text.startswith(f"Dear {english_reporter.name},")
    assert "is opgelost." in to_english.body_text  # the lead's own words
    to_dutch = OutgoingEmail.objects.get(to="nl@example.test", topic=case.reference)
    assert to_dutch.subject == f"Uw melding {dutch_reporter.signal.reference} is afgehandeld"
    assert to_dutch.body_text.startswith(f"Beste {dutch_reporter.name},")


def test_a_reporter_whose_language_is_unknown_gets_dutch_emails(world):
    signal, _token = reported(email="rik@example.test")  # taken by staff: no language known
    case = lead_agreed(case_of(signal))

    with translation.override("en"):  # the lead reads English
        case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message=MESSAGE)

    email = OutgoingEmail.objects.get(to="rik@example.test", topic=case.reference)
    assert email.subject.startswith("Uw melding")
