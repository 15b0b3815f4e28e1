"""The retention run in the background worker every night, and `manage.py retention`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.cases.support import local
from tests.privacy.support import (
    ELEVEN_MONTHS_AGO,
    NOW,
    THIRTEEN_MONTHS_AGO,
    closed_arrears_case,
    closed_case,
    files,
    png,
    snapshot,
)
from wijkteam.cases.models import Case
from wijkteam.privacy.retention import run as retention_steps
from wijkteam.privacy.tasks import next_retention_at
from wijkteam.signals.models import PendingUpload

TASK = "wijkteam.privacy.tasks.apply_retention"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def waiting() -> list:
    return list(
        DBTaskResult.objects.filter(task_path=TASK, status=TaskResultStatus.READY).values_list(
            "run_after", flat=True
        )
    )


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (local(2026, 6, 15, 10, 0), local(2026, 6, 16, 3, 0)),
        (local(2026, 6, 15, 2, 59), local(2026, 6, 15, 3, 0)),
        (local(2026, 6, 15, 3, 0), local(2026, 6, 16, 3, 0)),
        # The night summer time starts (2:00 becomes 3:00) and the night it ends.
        (local(2026, 3, 28, 12, 0), local(2026, 3, 29, 3, 0)),
        (local(2026, 10, 24, 12, 0), local(2026, 10, 25, 3, 0)),
    ],
)
def test_the_run_is_at_three_at_night_local_time(after, expected):
    assert next_retention_at(after) == expected
    assert next_retention_at(after).utcoffset() == expected.utcoffset()


def test_schedule_periodic_queues_the_nightly_run_once_and_the_worker_runs_it(
    world, time_machine, run_worker
):
    time_machine.move_to(NOW, tick=False)
    old = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    young = closed_case(world, closed_at=ELEVEN_MONTHS_AGO, number=5)

    call_command("schedule_periodic", stdout=StringIO())
    call_command("schedule_periodic", stdout=StringIO())
    assert waiting() == [local(2026, 6, 16, 3, 0)]

    run_worker()  # nothing is due before three
    assert Case.objects.filter(retention_applied_at__isnull=False).count() == 0

    time_machine.move_to(local(2026, 6, 16, 3, 0, 5), tick=False)
    run_worker()

    old.refresh_from_db()
    young.refresh_from_db()
    assert old.retention_applied_at == local(2026, 6, 16, 3, 0, 5)
    assert young.retention_applied_at is None
    assert waiting() == [local(2026, 6, 17, 3, 0)]


def test_the_dry_run_prints_what_would_go_and_changes_nothing(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    case = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    arrears = closed_arrears_case(world, closed_at=local(2025, 5, 20, 9, 0))
    closed_case(world, closed_at=ELEVEN_MONTHS_AGO, number=5)
    before = snapshot()
    out = StringIO()

    call_command("retention", "--dry-run", stdout=out)

    assert snapshot() == before
    text = out.getvalue()
    assert text.startswith("Proefdraai: er verandert niets.")
    assert (
        f"{case.reference}  Overlast – Geluid  gesloten 15-05-2025  "
        "(bewaartermijn 12 maanden, vrije tekst gaat weg)"
    ) in text
    assert f"{arrears.reference}  Financieel – Huurachterstand (vroegsignaal)" in text
    assert "  - Contactgegevens van melders (naam, e-mailadres, telefoon): 1" in text
    assert "  - Foto's: 1" in text and "  - E-mails aan melders: 2" in text
    assert "  - Namen van huurders: 1" in text
    assert "  - Adressen (alleen straat, buurt en postcodecijfers blijven): 2" in text
    assert (
        "2 casus(sen) aan de beurt.\nGeen meldingen zonder casus aan de beurt.\n"
        "0 foto('s) van niet verstuurde meldformulieren."
    ) in text
    # The case closed 11 months ago is not listed, and nobody's details are printed.
    assert text.count("gesloten ") == 2
    assert "Rik" not in text and "Jansen" not in text


def test_the_command_applies_and_prints_a_summary(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    closed_arrears_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    out = StringIO()

    call_command("retention", stdout=out)

    text = out.getvalue()
    assert text.startswith("2 casus(sen) geanonimiseerd.")
    assert "  - Documenten: 2" in text and "  - Notities: 2" in text
    assert Case.objects.filter(retention_applied_at=NOW).count() == 2

    again = StringIO()
    call_command("retention", stdout=again)
    assert again.getvalue() == (
        "0 casus(sen) geanonimiseerd.\n0 foto('s) van niet verstuurde meldformulieren verwijderd.\n"
    )
    nothing = StringIO()
    call_command("retention", "--dry-run", stdout=nothing)
    assert "Geen casussen aan de beurt." in nothing.getvalue()


def test_the_command_names_the_cases_that_failed(world, time_machine, monkeypatch):
    time_machine.move_to(NOW, tick=False)
    case = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)

    def failing(removal, at):
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention_steps, "_remove", failing)
    with pytest.raises(CommandError) as failed:
        call_command("retention", stdout=StringIO())

    assert case.reference in str(failed.value)


def test_photos_of_report_forms_nobody_sent_go_after_a_day(client, world, time_machine, run_worker):
    """A resident's form came back for a correction with a photo kept for them; they never
    sent it again. The photo belongs to no signal, so the nightly run removes it."""
    time_machine.move_to(local(2026, 6, 14, 20, 0), tick=False)
    form = client.get(reverse("portal:report"))
    key = form.context["form"].initial["upload_key"]
    sent_back = client.post(
        reverse("portal:report"), {"upload_key": key, "photos": png(), "description": ""}
    )
    assert sent_back.status_code == 400  # the description is missing
    [upload] = PendingUpload.objects.filter(key=key)
    assert files() == {upload.file.name}
    time_machine.move_to(local(2026, 6, 15, 21, 0), tick=False)
    fresh = PendingUpload.objects.create(
        key="nog-bezig", content_type="image/png", size=1, width=1, height=1
    )

    dry = StringIO()
    call_command("retention", "--dry-run", stdout=dry)
    assert "1 foto('s) van niet verstuurde meldformulieren." in dry.getvalue()
    assert PendingUpload.objects.count() == 2

    call_command("schedule_periodic", stdout=StringIO())
    time_machine.move_to(local(2026, 6, 16, 3, 0, 5), tick=False)
    run_worker()

    assert list(PendingUpload.objects.all()) == [fresh]  # younger than a day: kept
    assert files() == set()
