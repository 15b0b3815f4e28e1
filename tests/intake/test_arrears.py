"""The rent administration's door: the arrears form and the CSV import through the worker."""

import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.factories import make_user
from wijkteam.access.audit import audit_chain_verify
from wijkteam.access.models import AuditEntry
from wijkteam.intake.arrears import upsert
from wijkteam.intake.arrears.batch import arrears_import_fail
from wijkteam.partners.models import Role
from wijkteam.signals.arrears_csv.rows import ArrearsRow
from wijkteam.signals.arrears_forms import ArrearsForm
from wijkteam.signals.models import ArrearsImport, Channel, ImportStatus, Sensitivity, Signal

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "arrears"


@pytest.fixture
def rent_admin(world):
    return world.rent_admin


def form_data(**changes):
    data = {
        "external_reference": "HA-1",
        "tenant_name": "Tim Tenant",
        "street": "Teststraat",
        "house_number": "112",
        "postcode": "3901 eg",
        "city": "Veenendaal",
        "amount": "1.234,56",
        "months": "3",
        "signal_date": "2026-11-02",
        "contact_attempted_on": "2026-10-20",
    }
    data.update(changes)
    return data


def test_rent_administration_registers_a_confidential_arrears_signal(
    client, world, rent_admin, addresses
):
    client.force_login(rent_admin)

    response = client.post(reverse("intake:arrears_new"), form_data(), follow=True)

    signal = Signal.objects.get()
    assert signal.sensitivity == Sensitivity.CONFIDENTIAL
    assert (signal.channel, signal.receiving_organisation) == (
        Channel.ARREARS_FORM,
        world.corporatie,
    )
    assert signal.team == world.team_a
    assert str(signal.arrears.amount) == "1234.56"
    assert signal.arrears.contact_attempted_on.isoformat() == "2026-10-20"
    assert not signal.arrears.all_steps_recorded
    page = response.content.decode()
    assert "Tim Tenant" in page and "1234,56" in page.replace(".", "")


def test_same_reference_again_changes_nothing_or_updates(client, world, rent_admin, addresses):
    client.force_login(rent_admin)
    client.post(reverse("intake:arrears_new"), form_data())
    audit_rows = AuditEntry.objects.count()

    same = client.post(reverse("intake:arrears_new"), form_data(), follow=True)
    assert "er is niets gewijzigd" in same.content.decode()
    assert AuditEntry.objects.count() == audit_rows

    client.post(reverse("intake:arrears_new"), form_data(amount="1500,00", months="4"))
    signal = Signal.objects.get()
    assert (str(signal.arrears.amount), signal.arrears.months) == ("1500.00", 4)
    assert signal.events.filter(text__contains="bijgewerkt").exists()


def another_submit_in_between(monkeypatch, *, actor, row: ArrearsRow) -> list[Signal]:
    """Let another submit register ``row`` (the same reference) between this submit's look-up
    and its insert, as two submits at the same moment may: the race in a fixed order, on either
    database. Returns the list that will hold what the other submit registered."""
    registered: list[Signal] = []
    look_up = upsert._registered

    def missed_once(organisation, reference):
        if registered:
            return look_up(organisation, reference)
        registered.append(None)  # the other submit's own look-up finds nothing either
        registered[0] = upsert.arrears_upsert(
            actor=actor, organisation=organisation, row=row, channel=Channel.ARREARS_FORM
        ).signal
        return None

    monkeypatch.setattr(upsert, "_registered", missed_once)
    return registered


def form_row(**changes) -> ArrearsRow:
    form = ArrearsForm(form_data(**changes))
    assert form.is_valid(), form.errors
    return form.row()


def test_the_second_of_two_submits_at_once_updates_what_the_first_registered(
    client, world, rent_admin, addresses, monkeypatch
):
    client.force_login(rent_admin)
    other = form_row(amount="999,00", months="2")
    registered = another_submit_in_between(monkeypatch, actor=rent_admin, row=other)

    response = client.post(reverse("intake:arrears_new"), form_data(), follow=True)

    signal = Signal.objects.get()
    assert registered == [signal]
    assert response.redirect_chain == [(reverse("signals:detail", args=[signal.reference]), 302)]
    assert f"Signaal {signal.reference} is bijgewerkt." in response.content.decode()
    assert (str(signal.arrears.amount), signal.arrears.months) == ("1234.56", 3)
    assert signal.events.filter(text__contains="bijgewerkt").count() == 1


def test_the_second_of_two_same_submits_at_once_changes_nothing(
    client, world, rent_admin, addresses, monkeypatch
):
    client.force_login(rent_admin)
    another_submit_in_between(monkeypatch, actor=rent_admin, row=form_row())

    response = client.post(reverse("intake:arrears_new"), form_data(), follow=True)

    signal = Signal.objects.get()
    assert "er is niets gewijzigd" in response.content.decode()
    assert not signal.events.filter(text__contains="bijgewerkt").exists()
    assert not AuditEntry.objects.filter(action="update").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "veel"}, "is geen bedrag"),
        ({"amount": "1.234"}, "dubbelzinnig"),
        ({"amount": "0"}, "tussen 0,01 en 1.000.000"),
        ({"months": "0"}, "Zorg ervoor dat deze waarde minstens 1 is."),
        ({"postcode": "39"}, "Een postcode is 4 cijfers en 2 letters"),
        ({"signal_date": "2099-01-01"}, "Deze datum ligt in de toekomst."),
        ({"tenant_name": ""}, "Dit veld is verplicht"),
        ({"postcode": "9999ZZ", "house_number": "1"}, "Dit adres kunnen we niet vinden"),
    ],
)
def test_arrears_form_errors(client, world, rent_admin, addresses, changes, message):
    client.force_login(rent_admin)

    response = client.post(reverse("intake:arrears_new"), form_data(**changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Signal.objects.exists()


def test_only_corporation_staff_register_arrears(client, world):
    for user in (world.agent_a, world.wijkmanager_a):
        client.force_login(user)
        assert client.get(reverse("intake:arrears_new")).status_code == 403
        assert client.get(reverse("intake:arrears_import")).status_code == 403


def upload(client, name, content: bytes):
    return client.post(
        reverse("intake:arrears_import"),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def run_import(client, name, content, run_worker, capture):
    with capture(execute=True):
        response = upload(client, name, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    run_worker()
    return client.get(response.url)


def test_good_file_imports_every_row_with_a_report(
    client, world, rent_admin, addresses, run_worker, django_capture_on_commit_callbacks
):
    client.force_login(rent_admin)

    page = run_import(
        client,
        "good.csv",
        (FIXTURES / "good.csv").read_bytes(),
        run_worker,
        django_capture_on_commit_callbacks,
    ).content.decode()

    job = ArrearsImport.objects.get()
    assert job.status == ImportStatus.DONE
    assert (job.created_count, job.rejected_count, job.processed_rows) == (5, 0, 5)
    assert job.content == b""  # the file is not kept
    assert Signal.objects.filter(channel=Channel.ARREARS_IMPORT).count() == 5
    assert "HA-2025-0001" in page and "nieuw" in page


def test_mixed_file_keeps_the_good_rows_and_explains_the_bad_ones(
    client, world, rent_admin, addresses, run_worker, django_capture_on_commit_callbacks
):
    client.force_login(rent_admin)

    page = run_import(
        client,
        "mixed.csv",
        (FIXTURES / "mixed.csv").read_bytes(),
        run_worker,
        django_capture_on_commit_callbacks,
    ).content.decode()

    job = ArrearsImport.objects.get()
    assert job.created_count == 3
    assert job.rejected_count == 3
    imported = set(Signal.objects.values_list("external_reference", flat=True))
    assert imported == {"HA-2025-0101", "HA-2025-0103", "HA-2025-0105"}
    assert "afgewezen" in page
    assert "bedrag" in page and "komt al voor op regel" in page


def test_reimporting_the_same_file_changes_nothing(
    client, world, rent_admin, addresses, run_worker, django_capture_on_commit_callbacks
):
    client.force_login(rent_admin)
    content = (FIXTURES / "good.csv").read_bytes()
    run_import(client, "good.csv", content, run_worker, django_capture_on_commit_callbacks)
    signals = Signal.objects.count()
    # The import itself is audited (started, running, done); what it imported is not again.
    imported_rows = AuditEntry.objects.exclude(object_type="signals.arrearsimport")
    audit_rows = imported_rows.count()

    run_import(client, "good.csv", content, run_worker, django_capture_on_commit_callbacks)

    second = ArrearsImport.objects.order_by("-pk").first()
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 5)
    assert Signal.objects.count() == signals
    assert imported_rows.count() == audit_rows


def import_trail(job: ArrearsImport) -> list[tuple]:
    return list(
        AuditEntry.objects.filter(object_type="signals.arrearsimport", object_id=str(job.pk))
        .order_by("id")
        .values_list("actor", "action", "changes")
    )


def test_every_status_of_an_import_is_in_the_audit_trail(
    client, world, rent_admin, addresses, run_worker, django_capture_on_commit_callbacks
):
    client.force_login(rent_admin)
    content = (FIXTURES / "mixed.csv").read_bytes()

    run_import(client, "mixed.csv", content, run_worker, django_capture_on_commit_callbacks)

    job = ArrearsImport.objects.get()
    assert import_trail(job) == [
        (rent_admin.pk, "import_started", {"rows": 6, "file": "mixed.csv"}),
        (None, "status", {"status": ["queued", "running"]}),
        (
            None,
            "status",
            {
                "status": ["running", "done"],
                "created": 3,
                "updated": 0,
                "unchanged": 0,
                "rejected": 3,
            },
        ),
    ]
    assert audit_chain_verify().broken is None


def test_an_import_that_breaks_off_is_marked_failed_and_audited(
    client,
    world,
    rent_admin,
    addresses,
    run_worker,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    def broken(**kwargs):
        raise RuntimeError("Jansen, Hoofdstraat 1: database weg")

    monkeypatch.setattr("wijkteam.intake.arrears.bulk.arrears_signals_create", broken)
    client.force_login(rent_admin)

    page = run_import(
        client,
        "good.csv",
        (FIXTURES / "good.csv").read_bytes(),
        run_worker,
        django_capture_on_commit_callbacks,
    ).content.decode()

    job = ArrearsImport.objects.get()
    assert job.status == ImportStatus.FAILED
    assert job.content == b""  # the file held personal data
    assert job.finished_at is not None
    assert "De import is mislukt." in page
    assert "Jansen" not in page
    assert import_trail(job)[-2:] == [
        (None, "status", {"status": ["queued", "running"]}),
        (None, "status", {"status": ["running", "failed"], "error": "RuntimeError"}),
    ]
    # The worker's own record of the task keeps the error for whoever looks into it.
    task = DBTaskResult.objects.get(task_path="wijkteam.intake.arrears.tasks.run_arrears_import")
    assert task.status == TaskResultStatus.FAILED
    # Running it again changes nothing.
    arrears_import_fail(import_id=job.pk, error=RuntimeError())
    run_worker()
    assert len(import_trail(job)) == 3


@pytest.mark.parametrize("name", ["windows-1252.csv", "comma.csv"])
def test_other_encodings_and_delimiters_are_read(
    client, world, rent_admin, pdok, run_worker, django_capture_on_commit_callbacks, name
):
    pdok.down = True  # addresses are kept for review; this test is about reading the file
    client.force_login(rent_admin)

    run_import(
        client, name, (FIXTURES / name).read_bytes(), run_worker, django_capture_on_commit_callbacks
    )

    job = ArrearsImport.objects.get()
    assert job.rejected_count == 0
    assert job.created_count == job.total_rows > 0
    assert job.location_service_down
    if name == "windows-1252.csv":
        from wijkteam.signals.models import ArrearsDetails

        assert ArrearsDetails.objects.filter(tenant_name__contains="Zoë").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04rest-of-a-zip", "Excel-bestand"),
        (b"", "leeg"),
        (b"naam;bedrag\nJan;12,00\n", "referentie"),
    ],
)
def test_unreadable_files_are_refused_at_once(client, world, rent_admin, content, message):
    client.force_login(rent_admin)

    response = upload(client, "file.csv", content)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ArrearsImport.objects.exists()


def test_a_thousand_rows_import_with_progress(
    client, world, rent_admin, pdok, run_worker, django_capture_on_commit_callbacks
):
    pdok.down = True
    client.force_login(rent_admin)
    header = "referentie;naam;straat;huisnummer;postcode;bedrag;maanden;datum\n"
    rows = "".join(
        f"HA-{n:05d};Huurder {n};Teststraat;{n + 1};3999AA;{100 + n},50;{1 + n % 6};01-11-2026\n"
        for n in range(1000)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "groot.csv", (header + rows).encode())
    job = ArrearsImport.objects.get()
    progress = client.get(response.url, {"format": "json"}).json()
    assert progress == {"status": "queued", "processed": 0, "total": 1000, "percent": 0}

    started = time.perf_counter()
    run_worker()
    elapsed = time.perf_counter() - started

    job.refresh_from_db()
    assert (job.status, job.created_count, job.processed_rows) == (ImportStatus.DONE, 1000, 1000)
    assert client.get(response.url, {"format": "json"}).json()["percent"] == 100
    # With PDOK down the import stops asking it after the first failure.
    assert len(pdok.requests) == 1
    assert elapsed < 120


def test_another_organisation_cannot_see_an_import(
    client, world, rent_admin, addresses, run_worker, django_capture_on_commit_callbacks
):
    client.force_login(rent_admin)
    run_import(
        client,
        "good.csv",
        (FIXTURES / "good.csv").read_bytes(),
        run_worker,
        django_capture_on_commit_callbacks,
    )
    job = ArrearsImport.objects.get()
    from tests.factories import make_organisation
    from wijkteam.partners.models import OrganisationKind

    other = make_user(
        "ander@corp.test",
        make_organisation("Andere Corporatie", OrganisationKind.CORPORATIE),
        Role.HUURADMINISTRATIE,
    )
    client.force_login(other)

    assert client.get(reverse("intake:arrears_import_status", args=[job.pk])).status_code == 404
