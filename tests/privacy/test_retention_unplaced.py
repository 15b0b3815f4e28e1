"""Retention for signals that never reached a case (privacy/retention/unplaced.py): with the
clock frozen on either side of the day their period ends, counted from their last change; the
same anonymisation as a signal of a closed case; never a signal in a case; once."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine as machine
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from tests.cases.support import case_of, fan_out, local, place
from tests.factories import make_user
from tests.privacy.support import (
    DESCRIPTION,
    EMAIL,
    NAME,
    PHONE,
    closed_case,
    files,
    jpeg,
    snapshot,
)
from wijkteam.access.models import AuditEntry
from wijkteam.cases.models import CaseStatus
from wijkteam.core.errors import DomainError
from wijkteam.intake.services import signal_intake, signal_relocated
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Role
from wijkteam.privacy.retention import (
    months_later,
    retention_run,
    unplaced_due,
    unplaced_retention_apply,
    unplaced_retention_run,
)
from wijkteam.privacy.tasks import apply_retention
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import (
    ArrearsDetails,
    Attachment,
    Category,
    Channel,
    LocationStatus,
    Reporter,
    Signal,
    SignalEvent,
)
from wijkteam.signals.photos import process_photo
from wijkteam.signals.registration import signal_add_reporter
from wijkteam.signals.services import ArrearsInput, ReporterInput

MARKER = "[verwijderd na de bewaartermijn]"
PLACE_NOTE = "achter de schuur van Rik"

# Received on 15 May 2025; the default period is 12 months: due from 15 May 2026.
RECEIVED = local(2025, 5, 15, 12, 0)
DAY_BEFORE = local(2026, 5, 14, 23, 59)
DUE_DAY = local(2026, 5, 15, 0, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def unchecked(number: int = 1) -> ResolvedLocation:
    """An address PDOK could not check, without a point: the signal has no wijk, so no case."""
    return ResolvedLocation(
        status=LocationStatus.NEEDS_REVIEW,
        street="Onbekendelaan",
        postcode="3999ZZ",
        house_number=number,
        house_number_addition="A",
        note=PLACE_NOTE,
    )


def unplaced_report(world, *, at=RECEIVED, slug: str = "overlast-geluid", number: int = 1):
    """A resident's report with name, email, phone, a photo and a receipt, whose address could
    not be checked; returns what the intake returned."""
    with machine.travel(at, tick=False):
        created = signal_intake(
            actor=SYSTEM,
            channel=Channel.RESIDENT_WEB,
            category=Category.objects.get(slug=slug),
            description=DESCRIPTION,
            location=unchecked(number),
            reporter=ReporterInput(name=NAME, email=EMAIL, phone=PHONE),
            photos=[process_photo(upload=jpeg())],
            receiving_organisation=world.corporatie,
        )
        fan_out()  # the receipt
    assert not hasattr(created.signal, "case_link")
    return created


def run(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return unplaced_retention_run(actor=SYSTEM, **kwargs)


def assert_untouched(signal: Signal) -> None:
    signal.refresh_from_db()
    assert signal.retention_applied_at is None
    assert signal.description == DESCRIPTION and signal.house_number == 1
    assert Reporter.objects.filter(signal=signal, is_primary=True).get().email == EMAIL
    assert Attachment.objects.filter(signal=signal).count() == 1


def test_a_signal_without_a_case_stays_the_day_before_its_period_ends_and_goes_on_the_day(
    world, time_machine, django_capture_on_commit_callbacks
):
    created = unplaced_report(world)
    signal = created.signal
    photo_files = files()
    assert photo_files
    assert OutgoingEmail.objects.filter(to=EMAIL).count() == 1  # the receipt

    time_machine.move_to(DAY_BEFORE, tick=False)
    assert run(django_capture_on_commit_callbacks).signals == 0
    assert_untouched(signal)

    time_machine.move_to(DUE_DAY, tick=False)
    report = run(django_capture_on_commit_callbacks)

    assert (report.signals, report.failed) == (1, [])
    signal.refresh_from_db()
    reporter = Reporter.objects.get(signal=signal)
    assert (reporter.name, reporter.email, reporter.phone) == ("", "", "")
    assert not Attachment.objects.filter(signal=signal).exists()
    assert not files() & photo_files, "the photo's file goes too"
    assert not OutgoingEmail.objects.filter(to=EMAIL).exists()
    assert (signal.description, signal.location_note) == (MARKER, MARKER)
    # Kept for the figures, as the case run keeps them.
    assert signal.reference == created.signal.reference
    assert signal.category.slug == "overlast-geluid" and signal.channel == Channel.RESIDENT_WEB
    # Everyone in the team sees this category: the street and house stay, as in a case.
    assert (signal.street, signal.house_number) == ("Onbekendelaan", 1)
    assert signal.retention_applied_at == DUE_DAY
    totals = dict(report.totals)
    assert totals["reporter_details"] == 1 and totals["photos"] == 1
    assert totals["emails"] == 1 and totals["descriptions"] == 1
    assert totals["location_notes"] == 1


def test_the_run_is_audited_as_the_system_without_the_removed_values(
    world, time_machine, django_capture_on_commit_callbacks
):
    signal = unplaced_report(world).signal
    time_machine.move_to(DUE_DAY, tick=False)

    run(django_capture_on_commit_callbacks)

    entry = AuditEntry.objects.get(action="retention")
    assert (entry.actor, entry.actor_label) == (None, "systeem")
    assert (entry.object_type, entry.object_repr) == ("signals.signal", signal.reference)
    assert entry.changes["without_case"] is True
    assert entry.changes["retention_months"] == 12
    assert datetime.fromisoformat(entry.changes["last_change"]) == RECEIVED
    removed = {row["what"]: row["count"] for row in entry.changes["removed"]}
    assert removed["reporter_details"] == 1 and removed["photos"] == 1
    for personal in (NAME, EMAIL, PHONE, DESCRIPTION, PLACE_NOTE):
        assert personal not in str(entry.changes)


def test_a_change_restarts_the_clock(world, time_machine, django_capture_on_commit_callbacks):
    # Litter: a resident may join it as "the same problem", which is a change of the signal.
    created = unplaced_report(world, slug="vervuiling-zwerfafval")
    four_months_later = RECEIVED + timedelta(days=120)
    time_machine.move_to(four_months_later, tick=False)
    signal_add_reporter(
        actor=SYSTEM, signal=created.signal, reporter=ReporterInput(email="buur@example.test")
    )

    time_machine.move_to(DUE_DAY, tick=False)
    assert run(django_capture_on_commit_callbacks).signals == 0
    assert_untouched(created.signal)

    time_machine.move_to(DUE_DAY + timedelta(days=120), tick=False)
    assert run(django_capture_on_commit_callbacks).signals == 1
    assert not Reporter.objects.filter(signal=created.signal).exclude(email="").exists()


def test_the_period_is_the_categorys(world, time_machine, django_capture_on_commit_callbacks):
    Category.objects.filter(slug="overlast-geluid").update(retention_months=3)
    signal = unplaced_report(world).signal

    time_machine.move_to(local(2025, 8, 14, 23, 59), tick=False)
    assert not unplaced_due().exists()
    time_machine.move_to(local(2025, 8, 15, 0, 1), tick=False)
    assert list(unplaced_due()) == [signal]
    assert run(django_capture_on_commit_callbacks).signals == 1


def test_a_confidential_signal_loses_its_tenant_house_and_reference(
    world, time_machine, django_capture_on_commit_callbacks
):
    category = Category.objects.get(slug="financieel-huurachterstand")
    with machine.travel(RECEIVED, tick=False):
        signal = signal_intake(
            actor=world.rent_admin,
            channel=Channel.ARREARS_FORM,
            category=category,
            description="Huurder meldt ziekte in het gezin.",
            location=unchecked(9),
            receiving_organisation=world.corporatie,
            external_reference="HA-9",
            is_tenant=True,
            arrears=ArrearsInput(
                tenant_name="Fam. Jansen",
                amount=Decimal("1234.56"),
                months=3,
                signal_date=RECEIVED.date(),
            ),
        ).signal
    period = category.retention_period
    time_machine.move_to(
        datetime.combine(months_later(RECEIVED.date(), period), time(0, 1), RECEIVED.tzinfo),
        tick=False,
    )

    assert run(django_capture_on_commit_callbacks).signals == 1

    signal.refresh_from_db()
    details = ArrearsDetails.objects.get(signal=signal)
    assert (details.tenant_name, details.amount) == ("", Decimal("1234.56"))
    assert signal.external_reference == ""
    assert (signal.street, signal.house_number, signal.house_number_addition) == (
        "Onbekendelaan",
        None,
        "",
    )
    assert signal.postcode == "3999"
    assert signal.description == MARKER


def test_running_twice_changes_nothing_more(
    world, time_machine, django_capture_on_commit_callbacks
):
    unplaced_report(world)
    time_machine.move_to(DUE_DAY, tick=False)
    run(django_capture_on_commit_callbacks)
    after_first = snapshot()

    time_machine.move_to(DUE_DAY + timedelta(days=400), tick=False)
    second = run(django_capture_on_commit_callbacks)

    assert (second.signals, dict(second.totals)) == (0, {})
    assert snapshot() == after_first
    assert not unplaced_due().exists()


def test_a_signal_in_a_case_is_never_taken_by_this_rule(
    world, time_machine, django_capture_on_commit_callbacks
):
    """An open case untouched for years keeps everything: only its closure starts a clock."""
    with machine.travel(RECEIVED, tick=False):
        placed = signal_intake(
            actor=SYSTEM,
            channel=Channel.RESIDENT_WEB,
            category=Category.objects.get(slug="overlast-geluid"),
            description=DESCRIPTION,
            location=place(postcode="3999AA", house_number=1),
            reporter=ReporterInput(name=NAME, email=EMAIL, phone=PHONE),
            photos=[process_photo(upload=jpeg())],
        ).signal
    assert case_of(placed).status != CaseStatus.CLOSED

    time_machine.move_to(RECEIVED + timedelta(days=3 * 365), tick=False)
    assert not unplaced_due().exists()
    assert run(django_capture_on_commit_callbacks).signals == 0
    placed.refresh_from_db()
    assert placed.description == DESCRIPTION and placed.retention_applied_at is None
    assert Reporter.objects.get(signal=placed).email == EMAIL
    assert unplaced_retention_apply(actor=SYSTEM, signal_id=placed.pk) is None


def test_a_signal_that_gets_a_case_in_time_follows_the_case(
    world, time_machine, django_capture_on_commit_callbacks
):
    signal = unplaced_report(world).signal
    time_machine.move_to(RECEIVED + timedelta(days=300), tick=False)
    signal_relocated(
        actor=world.consulent_a, signal=signal, location=place(postcode="3999AA", house_number=1)
    )
    case = case_of(signal)

    time_machine.move_to(DUE_DAY + timedelta(days=400), tick=False)
    assert run(django_capture_on_commit_callbacks).signals == 0
    signal.refresh_from_db()
    assert signal.retention_applied_at is None and signal.description == DESCRIPTION
    assert case.status != CaseStatus.CLOSED


def test_the_case_run_marks_each_signal_it_anonymised(
    world, time_machine, django_capture_on_commit_callbacks
):
    case = closed_case(world, closed_at=RECEIVED)
    time_machine.move_to(DUE_DAY, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_run(actor=SYSTEM).cases == 1

    assert Signal.objects.get(case_link__case=case).retention_applied_at == DUE_DAY

    # The signals of cases done before the field existed get their case's moment.
    Signal.objects.update(retention_applied_at=None)
    migration = __import__(
        "wijkteam.privacy.migrations.0002_signals_done_with_their_case",
        fromlist=["signals_done_with_their_case"],
    )
    migration.signals_done_with_their_case(apps, None)
    assert Signal.objects.get(case_link__case=case).retention_applied_at == DUE_DAY


def test_a_signal_done_on_its_own_cannot_be_moved_into_a_case_or_joined(
    world, time_machine, django_capture_on_commit_callbacks
):
    signal = unplaced_report(world, slug="vervuiling-zwerfafval").signal
    time_machine.move_to(DUE_DAY, tick=False)
    run(django_capture_on_commit_callbacks)

    with pytest.raises(DomainError, match="bewaartermijn"):
        signal_relocated(
            actor=world.consulent_a,
            signal=signal,
            location=place(postcode="3999AA", house_number=1),
        )
    with pytest.raises(DomainError, match="afgehandeld"):
        signal_add_reporter(
            actor=SYSTEM, signal=signal, reporter=ReporterInput(email="buur@example.test")
        )
    signal.refresh_from_db()
    assert signal.team_id is None and not hasattr(signal, "case_link")


def test_only_the_system_removes_a_signals_data(world, time_machine):
    signal = unplaced_report(world).signal
    time_machine.move_to(DUE_DAY, tick=False)
    for actor in (world.admin, world.consulent_a):
        with pytest.raises(DomainError, match="nachtelijke ronde"):
            unplaced_retention_apply(actor=actor, signal_id=signal.pk)
    assert_untouched(signal)


def test_the_reporters_tracking_page_says_the_data_was_removed(
    client, world, time_machine, django_capture_on_commit_callbacks
):
    created = unplaced_report(world)
    time_machine.move_to(DUE_DAY, tick=False)
    run(django_capture_on_commit_callbacks)

    page = client.get(reverse("portal:track", args=[created.tracking_token])).content.decode()

    assert 'id="data-removed"' in page
    assert 'id="address-unchecked"' not in page  # nobody looks at it any more
    assert MARKER not in page and DESCRIPTION not in page


def test_the_nightly_task_and_the_command_take_signals_without_a_case(world, time_machine):
    signal = unplaced_report(world).signal
    time_machine.move_to(DUE_DAY, tick=False)

    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    plan = out.getvalue()
    line = plan.split(signal.reference)[1].split("\n")[0]
    assert "zonder casus, laatst gewijzigd 15-05-2025" in line
    assert "bewaartermijn 12 maanden, vrije tekst gaat weg" in line
    assert "1 melding(en) zonder casus aan de beurt." in plan
    assert "  - Contactgegevens van melders (naam, e-mailadres, telefoon): 1" in plan
    assert_untouched(signal)

    apply_retention.call()
    signal.refresh_from_db()
    assert signal.retention_applied_at is not None

    second = unplaced_report(world, at=RECEIVED + timedelta(days=1), number=2).signal
    time_machine.move_to(DUE_DAY + timedelta(days=1), tick=False)
    out = StringIO()
    call_command("retention", stdout=out)
    assert "1 melding(en) zonder casus geanonimiseerd." in out.getvalue()
    second.refresh_from_db()
    assert second.retention_applied_at is not None
    assert SignalEvent.objects.filter(signal=second).exists()  # the history stays


def test_the_retention_page_previews_signals_without_a_case(client, world, time_machine):
    officer = make_user("privacy@gemeente.test", world.gemeente, Role.PRIVACY_OFFICER)
    signal = unplaced_report(world).signal
    young = unplaced_report(world, at=RECEIVED + timedelta(days=60), number=2).signal
    time_machine.move_to(DUE_DAY, tick=False)
    client.force_login(officer)
    before = snapshot()

    page = client.get("/privacy/bewaartermijnen/").content.decode()

    assert snapshot() == before
    assert "1 melding zonder casus is aan de beurt." in page
    due = page.split('id="unplaced-due"')[1].split("</table>")[0]
    assert signal.reference in due and young.reference not in due
    assert "15-5-2025" in due and "15-5-2026" in due
    assert "Contactgegevens van melders (naam, e-mailadres, telefoon): 1" in due
    assert NAME not in page and EMAIL not in page
