"""One report per form: the resident's form, the staff form and the wijkbeheerder's form carry a
key, and a repeated submit (a double click, a retry, the back button) registers nothing new and
is answered as the first was (intake/form_keys.py)."""

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import add_member, make_user
from tests.portal.test_report import URL, jpeg
from tests.portal.test_same_problem import category, tracking_link
from wijkteam.core.shown_once import note_of
from wijkteam.intake import form_keys
from wijkteam.intake.form_keys import intake_keys_prune
from wijkteam.intake.models import IntakeKey
from wijkteam.partners.models import Role, TeamFunction
from wijkteam.portal.views import RECEIPT_COOKIE
from wijkteam.signals.category_seed import seed_categories
from wijkteam.signals.models import Attachment, Category, Reporter, Signal

ALREADY = "Deze melding was al ontvangen"


def key_on(page: str) -> str:
    return re.search(r'name="intake_key" value="([^"]+)"', page).group(1)


def resident_form(client, **changes) -> dict:
    page = client.get(URL).content.decode()
    data = {
        "upload_key": re.search(r'name="upload_key" value="([^"]+)"', page).group(1),
        "intake_key": key_on(page),
        "category": category("overlast-geluid"),
        "description": "Elke nacht bonkende bassen tot 3 uur.",
        "postcode": "3999 aa",
        "house_number": "1",
        "contact": "contact",
        "name": "Bea Bewoner",
        "email": "bea@example.test",
        "is_tenant": "yes",
        "website": "",
        **changes,
    }
    return data


def reference_on(page: str) -> str:
    return re.search(r"M-\d{4}-\d{5}", page).group(0)


# --- the resident's form ----------------------------------------------------------------


def test_a_report_sent_twice_is_one_report_with_the_same_receipt(client, world, pdok, run_worker):
    data = resident_form(client)

    first = client.post(URL, data, follow=True)
    again = client.post(URL, data, follow=True)
    run_worker()

    signal = Signal.objects.get()
    assert Reporter.objects.count() == 1
    for page in (first, again):
        assert page.redirect_chain == [(reverse("portal:received"), 302)]
        assert signal.reference in page.content.decode()
    assert tracking_link(first) == tracking_link(again)
    assert client.get(tracking_link(again)).status_code == 200
    # One receipt by email: the repeat sent nothing.
    assert len([m for m in mail.outbox if m.to == ["bea@example.test"]]) == 1


def test_a_report_sent_again_with_its_photo_stores_the_photo_once(client, world, pdok):
    data = resident_form(client)

    first = client.post(URL, {**data, "photos": [jpeg()]}, follow=True)
    again = client.post(URL, {**data, "photos": [jpeg()]}, follow=True)

    assert Signal.objects.count() == 1
    assert Attachment.objects.count() == 1
    assert tracking_link(first) == tracking_link(again)


def test_the_back_button_after_the_same_problem_question_gives_the_receipt(client, world, pdok):
    litter = category("vervuiling-zwerfafval")
    client.post(URL, {**resident_form(client, category=litter), "intake_key": ""})
    earlier = Signal.objects.get()
    data = resident_form(client, category=litter, name="Sam Tweede")
    asked = client.post(URL, data)
    assert "Is dit hetzelfde probleem?" in asked.content.decode()
    assert key_on(asked.content.decode()) == data["intake_key"]

    confirmed = client.post(URL, {**data, "confirmed_new": "1"}, follow=True)
    back_twice = client.post(URL, data, follow=True)  # the question's post, sent again

    assert Signal.objects.count() == 2
    mine = Signal.objects.exclude(pk=earlier.pk).get()
    assert back_twice.redirect_chain == [(reverse("portal:received"), 302)]
    assert mine.reference in back_twice.content.decode()
    assert tracking_link(back_twice) == tracking_link(confirmed)


def test_joining_an_earlier_report_twice_adds_the_resident_once(client, world, pdok):
    litter = category("vervuiling-zwerfafval")
    client.post(URL, {**resident_form(client, category=litter), "intake_key": ""})
    earlier = Signal.objects.get()
    data = resident_form(client, category=litter, name="Sam Tweede")
    data["same_as"] = earlier.reference

    first = client.post(URL, data, follow=True)
    again = client.post(URL, data, follow=True)

    assert Signal.objects.count() == 1
    assert earlier.reporters.count() == 2
    assert tracking_link(first) == tracking_link(again)
    assert earlier.reference in again.content.decode()


def test_a_report_with_a_mistake_keeps_its_key_and_is_taken_in_once_corrected(client, world, pdok):
    data = resident_form(client)

    wrong = client.post(URL, {**data, "description": ""})
    assert wrong.status_code == 400
    assert key_on(wrong.content.decode()) == data["intake_key"]
    corrected = client.post(URL, data, follow=True)
    again = client.post(URL, data, follow=True)

    assert Signal.objects.count() == 1
    assert tracking_link(corrected) == tracking_link(again)


def test_the_same_key_with_another_report_is_another_report(client, world, pdok):
    """A form brought back from the browser's cache, changed and sent: nothing is lost."""
    data = resident_form(client)

    first = client.post(URL, data, follow=True)
    changed = client.post(URL, {**data, "description": "Nu ook overdag."}, follow=True)

    assert Signal.objects.count() == 2
    assert tracking_link(first) != tracking_link(changed)


def test_a_key_the_form_cannot_have_made_protects_nothing_and_reveals_nothing(client, world, pdok):
    """A short key would make a guessable tracking link: it is taken as no key."""
    data = resident_form(client, intake_key="kort")

    client.post(URL, data)
    client.post(URL, data)

    assert Signal.objects.count() == 2


# --- the staff doors ---------------------------------------------------------------------


def staff_form(client, world, **changes) -> dict:
    page = client.get(reverse("intake:new")).content.decode()
    return {
        "intake_key": key_on(page),
        "channel": "phone",
        "receiving_organisation": world.gemeente.pk,
        "category": category("vervuiling-zwerfafval"),
        "description": "Buren melden het aan de telefoon.",
        "reporter_name": "Piet Beller",
        "latitude": "52.005",
        "longitude": "5.515",
        **changes,
    }


def test_the_staff_form_sent_twice_registers_one_signal_and_says_so(client, world, pdok):
    client.force_login(world.wijkmanager_a)
    data = staff_form(client, world)

    first = client.post(reverse("intake:new"), data)
    again = client.post(reverse("intake:new"), data, follow=True)

    signal = Signal.objects.get()
    detail = reverse("signals:detail", args=[signal.reference])
    assert first["Location"] == detail
    assert again.redirect_chain == [(detail, 302)]
    assert f"{ALREADY}, als {signal.reference}" in again.content.decode()


def test_a_staff_form_with_a_mistake_keeps_its_key(client, world, pdok):
    client.force_login(world.wijkmanager_a)
    data = staff_form(client, world)

    wrong = client.post(reverse("intake:new"), {**data, "category": ""})
    assert wrong.status_code == 400
    assert key_on(wrong.content.decode()) == data["intake_key"]
    client.post(reverse("intake:new"), data)
    client.post(reverse("intake:new"), data)

    assert Signal.objects.count() == 1


def test_another_users_key_finds_nothing_of_the_first(client, world, pdok):
    client.force_login(world.wijkmanager_a)
    data = staff_form(client, world)
    client.post(reverse("intake:new"), data)
    first = Signal.objects.get()
    colleague = make_user("wm.c@gemeente.test", world.gemeente, Role.WIJKMANAGER)
    add_member(world.team_a, colleague, TeamFunction.WIJKMANAGER)
    other = Client()
    other.force_login(colleague)

    response = other.post(reverse("intake:new"), data, follow=True)

    second = Signal.objects.exclude(pk=first.pk).get()
    assert second.created_by == colleague
    page = response.content.decode()
    assert ALREADY not in page and first.reference not in page


def field_worker(world):
    user = make_user("beheerder@gemeente.test", world.gemeente, Role.WIJKBEHEERDER)
    add_member(world.team_a, user, TeamFunction.WIJKBEHEERDER)
    return user


def field_form(client) -> dict:
    page = client.get(reverse("intake:field")).content.decode()
    return {
        "intake_key": key_on(page),
        "category": category("vervuiling-zwerfafval"),
        "latitude": "52.005",
        "longitude": "5.515",
    }


def test_the_field_form_sent_twice_registers_one_signal_and_says_so(client, world, pdok):
    client.force_login(field_worker(world))
    data = field_form(client)

    client.post(reverse("intake:field"), {**data, "photos": [jpeg()]})
    again = client.post(reverse("intake:field"), {**data, "photos": [jpeg()]}, follow=True)

    signal = Signal.objects.get()
    assert Attachment.objects.count() == 1
    assert again.redirect_chain == [(reverse("intake:field"), 302)]
    assert f"{ALREADY}, als {signal.reference}" in again.content.decode()


def test_a_staff_key_on_the_field_door_is_another_report(client, world, pdok):
    user = field_worker(world)
    client.force_login(user)
    data = field_form(client)
    client.post(reverse("intake:field"), {**data, "photos": [jpeg()]})

    client.post(reverse("intake:new"), staff_form(client, world, intake_key=data["intake_key"]))

    assert Signal.objects.count() == 2


def test_form_keys_are_pruned_after_their_days(client, world, pdok, settings):
    client.force_login(world.wijkmanager_a)
    client.post(reverse("intake:new"), staff_form(client, world))
    old = IntakeKey.objects.get()

    assert intake_keys_prune(before=old.created_at) == 0
    assert intake_keys_prune(before=old.created_at + timedelta(seconds=1)) == 1
    assert Signal.objects.count() == 1


def test_the_worker_prunes_keys_older_than_the_setting(client, world, pdok, settings):
    from wijkteam.intake.tasks import prune_form_keys

    client.force_login(world.wijkmanager_a)
    client.post(reverse("intake:new"), staff_form(client, world))
    client.post(reverse("intake:new"), staff_form(client, world, description="Nog een."))
    IntakeKey.objects.filter(pk=IntakeKey.objects.first().pk).update(
        created_at=timezone.now() - timedelta(days=settings.WIJKTEAM_INTAKE_KEY_DAYS, hours=1)
    )

    prune_form_keys.call()

    assert IntakeKey.objects.count() == 1


# --- at the same moment (PostgreSQL) -----------------------------------------------------


def at_once(send, times: int = 2) -> list:
    answers = []

    def run():
        try:
            answers.append(send())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.fixture
def racing(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time: there is no race to lose")
    # A test before this one that really committed emptied every table, the seeded ones too.
    seed_categories(Category)


@pytest.mark.django_db(transaction=True)
def test_one_resident_report_sent_twice_at_once_is_taken_in_once(racing, pdok):
    data = resident_form(Client())

    answers = at_once(lambda: Client().post(URL, data))

    assert [answer.status_code for answer in answers] == [302, 302]
    assert Signal.objects.count() == 1
    assert Reporter.objects.count() == 1
    receipts = [note_of(RECEIPT_COOKIE, answer.cookies[RECEIPT_COOKIE].value) for answer in answers]
    assert receipts[0] == receipts[1]
    assert receipts[0]["reference"] == Signal.objects.get().reference


@pytest.mark.django_db(transaction=True)
def test_one_staff_report_sent_twice_at_once_is_taken_in_once(racing, world, pdok):
    def client() -> Client:
        logged_in = Client()
        logged_in.force_login(world.wijkmanager_a)
        return logged_in

    data = staff_form(client(), world)
    clients = [client(), client()]

    answers = at_once(lambda: clients.pop().post(reverse("intake:new"), data))

    signal = Signal.objects.get()
    detail = reverse("signals:detail", args=[signal.reference])
    assert [answer["Location"] for answer in answers] == [detail, detail]
    assert IntakeKey.objects.count() == 1


# --- photos of a submit that lost the race ----------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_in(root) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def look_up_misses_once(monkeypatch, name: str) -> None:
    """The repeat's look-up before anything is written (``may_be_repeat``) finds nothing, as
    when both submits look before either is taken in: the race in a fixed order, on either
    database. Later look-ups (after the unique index refused the repeat) find the first."""
    look_up = getattr(form_keys, name)
    missed = []

    def missing_once(*args, **kwargs):
        if not missed:
            missed.append(True)
            return None
        return look_up(*args, **kwargs)

    monkeypatch.setattr(form_keys, name, missing_once)


def test_a_staff_report_that_lost_the_race_leaves_no_photo_files(
    client, world, pdok, media, monkeypatch
):
    client.force_login(world.wijkmanager_a)
    data = staff_form(client, world)
    client.post(reverse("intake:new"), {**data, "photos": [jpeg("a.jpg"), jpeg("b.jpg")]})
    look_up_misses_once(monkeypatch, "earlier_signal")

    again = client.post(
        reverse("intake:new"), {**data, "photos": [jpeg("a.jpg"), jpeg("b.jpg")]}, follow=True
    )

    signal = Signal.objects.get()
    assert files_in(media) == {a.file.name for a in Attachment.objects.filter(signal=signal)}
    assert len(files_in(media)) == 2
    assert again.redirect_chain == [(reverse("signals:detail", args=[signal.reference]), 302)]
    assert f"{ALREADY}, als {signal.reference}" in again.content.decode()


def test_a_field_report_that_lost_the_race_leaves_no_photo_files(
    client, world, pdok, media, monkeypatch
):
    client.force_login(field_worker(world))
    data = field_form(client)
    client.post(reverse("intake:field"), {**data, "photos": [jpeg()]})
    look_up_misses_once(monkeypatch, "earlier_signal")

    again = client.post(reverse("intake:field"), {**data, "photos": [jpeg()]}, follow=True)

    signal = Signal.objects.get()
    assert files_in(media) == {Attachment.objects.get().file.name}
    assert f"{ALREADY}, als {signal.reference}" in again.content.decode()


def test_a_resident_report_that_lost_the_race_leaves_no_photo_files(
    client, world, pdok, media, monkeypatch
):
    """The resident's repeat is refused on its tracking token's unique index, which is written
    before the photos: kept so, this door writes no files for the loser to leave behind."""
    data = resident_form(client)
    first = client.post(URL, {**data, "photos": [jpeg()]}, follow=True)
    look_up_misses_once(monkeypatch, "earlier_reporter")

    again = client.post(URL, {**data, "photos": [jpeg()]}, follow=True)

    signal = Signal.objects.get()
    assert files_in(media) == {Attachment.objects.get().file.name}
    assert signal.reference in again.content.decode()
    assert tracking_link(first) == tracking_link(again)
