"""The import's page: progress while it runs, and the report a page at a time once it is
done, with its counts, rejected rows first, one result at a time, and an empty result said."""

import pytest
from django.urls import reverse

from wijkteam.intake.views import REPORT_PAGE_SIZE
from wijkteam.signals.models import (
    ArrearsImport,
    ArrearsImportRow,
    ImportResult,
    ImportStatus,
)


@pytest.fixture
def finished(world):
    """A finished import of 240 rows: 10 rejected, 190 new, 40 unchanged (made directly: this
    is about the page, not the import)."""
    job = ArrearsImport.objects.create(
        organisation=world.corporatie,
        uploaded_by=world.rent_admin,
        file_name="maart.csv",
        status=ImportStatus.DONE,
        total_rows=240,
        processed_rows=240,
        created_count=190,
        unchanged_count=40,
        rejected_count=10,
    )
    results = [ImportResult.CREATED] * 200 + [ImportResult.UNCHANGED] * 40
    results[5:15] = [ImportResult.REJECTED] * 10  # lines 7 to 16 went wrong
    ArrearsImportRow.objects.bulk_create(
        ArrearsImportRow(
            job=job,
            line=line,
            reference=f"HA-{line:04d}",
            result=result,
            messages=["bedrag: 'veel' is geen bedrag"] if result == ImportResult.REJECTED else [],
        )
        for line, result in enumerate(results, start=2)
    )
    return job


def page(client, job, **params):
    response = client.get(reverse("intake:arrears_import_status", args=[job.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def lines_on(html: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r'data-label="Regel">(\d+)</td>', html)]


def test_the_report_shows_the_counts_and_the_rejected_rows_first(client, world, finished):
    client.force_login(world.rent_admin)

    html = page(client, finished)

    assert "<strong>190</strong> nieuw" in html
    assert "<strong>40</strong> ongewijzigd" in html
    assert "<strong>10</strong> afgewezen" in html
    lines = lines_on(html)
    assert len(lines) == REPORT_PAGE_SIZE
    assert lines[:10] == list(range(7, 17))  # rejected first, by line
    assert lines[10:] == [2, 3, 4, 5, 6, *range(17, 102)]
    assert "geen bedrag" in html
    assert 'rel="next"' in html and 'rel="prev"' not in html


def test_the_report_pages_through_every_row_once(client, world, finished):
    client.force_login(world.rent_admin)

    seen = []
    for number in (1, 2, 3):
        seen += lines_on(page(client, finished, pagina=number))

    assert sorted(seen) == list(range(2, 242))
    last = page(client, finished, pagina=3)
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_the_report_shows_one_result_when_asked(client, world, finished):
    client.force_login(world.rent_admin)

    html = page(client, finished, resultaat="afgewezen")

    assert lines_on(html) == list(range(7, 17))
    assert 'aria-current="page">afgewezen (10)' in html
    assert "?resultaat=nieuw" in html


def test_a_result_without_rows_says_so(client, world, finished):
    client.force_login(world.rent_admin)

    html = page(client, finished, resultaat="bijgewerkt")

    assert lines_on(html) == []
    assert "Geen regels met dit resultaat." in html


def test_an_unknown_filter_or_page_shows_the_first_page_of_all_rows(client, world, finished):
    client.force_login(world.rent_admin)

    html = page(client, finished, resultaat="alles", pagina="x")

    assert lines_on(html)[:10] == list(range(7, 17))
    assert len(lines_on(html)) == REPORT_PAGE_SIZE


def test_a_running_import_shows_its_progress_and_no_report_yet(client, world, finished):
    ArrearsImport.objects.filter(pk=finished.pk).update(
        status=ImportStatus.RUNNING, processed_rows=100
    )
    client.force_login(world.rent_admin)

    html = page(client, finished)
    progress = client.get(
        reverse("intake:arrears_import_status", args=[finished.pk]), {"format": "json"}
    ).json()

    assert "100 van 240 regels verwerkt" in html
    assert lines_on(html) == []
    assert progress == {"status": "running", "processed": 100, "total": 240, "percent": 41}


def test_a_failed_import_shows_what_it_did_before_it_stopped(client, world, finished):
    ArrearsImport.objects.filter(pk=finished.pk).update(status=ImportStatus.FAILED)
    client.force_login(world.rent_admin)

    html = page(client, finished)

    assert "De import is mislukt." in html
    assert "Deze regels waren verwerkt voordat de import stopte." in html
    assert len(lines_on(html)) == REPORT_PAGE_SIZE


def test_the_report_page_asks_the_same_few_queries_for_any_page(
    client, world, finished, django_assert_max_num_queries
):
    client.force_login(world.rent_admin)
    page(client, finished)

    for number in (1, 3):
        with django_assert_max_num_queries(12):
            page(client, finished, pagina=number)


def test_the_report_links_each_row_to_its_signal(client, world, addresses, run_worker):
    from wijkteam.intake.arrears.batch import arrears_import_run
    from wijkteam.intake.arrears.upload import arrears_import_start

    raw = (
        b"referentie;naam;straat;huisnummer;postcode;bedrag;maanden;datum\n"
        b"HA-1;J. de Vries;Kerkewijk;112;3901EG;10,00;1;01-06-2025\n"
    )
    job = arrears_import_start(actor=world.rent_admin, file_name="a.csv", raw=raw)
    arrears_import_run(import_id=job.pk)
    client.force_login(world.rent_admin)

    html = page(client, job)

    signal = job.rows.get().signal
    assert f'href="{reverse("signals:detail", args=[signal.reference])}"' in html


@pytest.mark.django_db(transaction=True)
def test_the_reports_imports_kept_before_become_rows():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    # The users' table as it is now (a column added later than the signals' migration below
    # must be in the state the user is made in).
    before = [
        ("signals", "0016_signalevent_for_reporter"),
        ("partners", "0008_user_is_api_account"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    organisation = apps.get_model("partners", "Organisation").objects.create(
        name="Woonstichting Oud", kind="corporatie"
    )
    user = apps.get_model("partners", "User").objects.create(
        email="oud@corporatie.test", full_name="O. Ud", organisation=organisation, password="-"
    )
    # A flush after another test that really committed may have taken the seeded categories.
    categories = apps.get_model("signals", "Category").objects
    parent, _new = categories.get_or_create(slug="financieel", defaults={"name": "Financieel"})
    category, _new = categories.get_or_create(
        slug="financieel-huurachterstand",
        defaults={"name": "Huurachterstand", "parent": parent, "sensitivity": "confidential"},
    )
    signal = apps.get_model("signals", "Signal").objects.create(
        reference="M-2025-00007",
        category=category,
        main_category_id=category.parent_id,
        channel="arrears_import",
        sensitivity="confidential",
        location_status="needs_review",
        receiving_organisation=organisation,
        external_reference="HA-2",
    )
    job = apps.get_model("signals", "ArrearsImport").objects.create(
        organisation=organisation,
        uploaded_by=user,
        file_name="oud.csv",
        status="done",
        report=[
            {"line": 3, "reference": "HA-1", "result": "rejected", "messages": ["bedrag: fout"]},
            {"line": 2, "reference": "HA-2", "result": "created", "signal": "M-2025-00007"},
            {"line": 4, "reference": "HA-3", "result": "unchanged", "signal": "M-2099-00001"},
        ],
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = list(
        ArrearsImportRow.objects.filter(job_id=job.pk)
        .order_by("line")
        .values_list("line", "reference", "result", "messages", "signal_id")
    )
    assert rows == [
        (2, "HA-2", ImportResult.CREATED, [], signal.pk),
        (3, "HA-1", ImportResult.REJECTED, ["bedrag: fout"], None),
        (4, "HA-3", ImportResult.UNCHANGED, [], None),  # a signal that is no longer there
    ]


def test_a_file_of_more_than_25_mb_is_refused_and_a_hundred_thousand_rows_are_taken(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    header = b"referentie;naam;straat;huisnummer;postcode;bedrag;maanden;datum\n"
    row = b"HA-000001;J. de Vries;Kerkewijk;112;3901EG;1.234,56;3;01-06-2025\n"
    client.force_login(world.rent_admin)
    url = reverse("intake:arrears_import")

    too_big = header + row * (25 * 1024 * 1024 // len(row) + 1)
    refused = client.post(url, {"file": SimpleUploadedFile("groot.csv", too_big)})
    taken = client.post(url, {"file": SimpleUploadedFile("maand.csv", header + row * 100_000)})

    assert refused.status_code == 400
    assert "groter dan 25 MB" in refused.content.decode()
    assert taken.status_code == 302
    assert ArrearsImport.objects.get().total_rows == 100_000
