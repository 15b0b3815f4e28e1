"""The retention run: which cases are due, what goes and what stays, legal hold, the dry run,
idempotence, and what the resident and the partners see afterwards."""

import json
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation

from tests.cases.support import address, local, place
from tests.factories import make_user
from tests.privacy.support import (
    DESCRIPTION,
    ELEVEN_MONTHS_AGO,
    EMAIL,
    NAME,
    NOTE,
    NOW,
    PHONE,
    SNAPSHOT_MODELS,
    THIRTEEN_MONTHS_AGO,
    closed_arrears_case,
    closed_case,
    files,
    png,
    snapshot,
)
from wijkteam.access.models import AuditEntry
from wijkteam.cases.closure.feedback import feedback_give
from wijkteam.cases.closure.outcome import case_reopen
from wijkteam.cases.documents import case_document_add, process_document
from wijkteam.cases.handling import case_action_complete
from wijkteam.cases.models import (
    Case,
    CaseAction,
    CaseEvent,
    CaseEventKind,
    CaseNote,
    CaseStatus,
    Feedback,
    ProposalResponse,
)
from wijkteam.cases.worklists import my_open_actions, overdue_actions_of_team
from wijkteam.core.errors import DomainError
from wijkteam.intake.services import signal_intake
from wijkteam.notifications.models import Notification, OutgoingEmail
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Role
from wijkteam.privacy.legal_hold import case_legal_hold_lift, case_legal_hold_set
from wijkteam.privacy.retention import (
    case_retention_apply,
    due_on,
    months_later,
    removed_marker,
    retention_due,
    retention_plan,
    retention_run,
)
from wijkteam.privacy.retention import run as retention_steps
from wijkteam.signals.models import (
    ArrearsDetails,
    Attachment,
    Category,
    Channel,
    Reporter,
    Signal,
    SignalEvent,
)
from wijkteam.signals.services import ReporterInput

MARKER = "[verwijderd na de bewaartermijn]"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def run(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return retention_run(actor=SYSTEM, **kwargs)


def signal_of(case: Case) -> Signal:
    return Signal.objects.get(case_link__case=case)


# --- when -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 3, 15), 12, date(2026, 3, 15)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
    ],
)
def test_months_are_calendar_months_ending_on_the_last_day_when_shorter(day, months, expected):
    assert months_later(day, months) == expected


def test_a_case_is_due_from_the_day_its_period_ends(world, time_machine):
    time_machine.move_to(local(2025, 1, 1, 9, 0), tick=False)
    # Closed late in the evening on 31 January: due on 28 February, one month later.
    case = closed_case(world, closed_at=local(2025, 1, 31, 23, 30))
    Category.objects.filter(pk=case.category_id).update(retention_months=1)
    assert due_on(case.closed_at, 1) == date(2025, 2, 28)

    assert not retention_due(now=local(2025, 2, 27, 23, 59)).exists()
    assert list(retention_due(now=local(2025, 2, 28, 0, 0))) == [case]


# --- what goes and what stays -------------------------------------------------------------------


def test_a_case_closed_13_months_ago_loses_its_personal_data_and_one_of_11_months_does_not(
    world, now, django_capture_on_commit_callbacks
):
    old = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    young = closed_case(world, closed_at=ELEVEN_MONTHS_AGO, number=5)
    old_signal, young_signal = signal_of(old), signal_of(young)
    old_files = {a.file.name for a in old_signal.attachments.all()} | {
        d.file.name for d in old.documents.all()
    }
    assert len(old_files) == 2 and old_files <= files()
    young_case = serializers.serialize("python", Case.objects.filter(pk=young.pk))
    young_reporter = serializers.serialize("python", young_signal.reporters.all())

    report = run(django_capture_on_commit_callbacks, now=now)

    assert (report.cases, report.failed) == (1, [])
    old.refresh_from_db()
    assert old.retention_applied_at == now
    reporter = old_signal.reporters.get()
    assert (reporter.name, reporter.email, reporter.phone) == ("", "", "")
    assert reporter.tracking_token_hash  # the tracking link keeps working
    assert not old_signal.attachments.exists() and not old.documents.exists()
    assert not (old_files & files())
    # The outbox keeps nothing to this reporter about this case: not the receipt, not the
    # closing message. The young case's emails to the same address stay.
    assert not OutgoingEmail.objects.filter(topic=old.reference).exists()
    assert not OutgoingEmail.objects.filter(subject__contains=old_signal.reference).exists()
    assert OutgoingEmail.objects.filter(to=EMAIL, topic=young.reference).exists()
    assert OutgoingEmail.objects.filter(subject__contains=young_signal.reference).exists()
    # Free text is replaced in a nuisance case.
    old_signal.refresh_from_db()
    assert old_signal.description == MARKER
    assert (old.summary, old.reporter_message) == (MARKER, MARKER)
    assert set(CaseNote.objects.filter(case=old).values_list("text", flat=True)) == {MARKER}
    action = CaseAction.objects.get(case=old)
    assert (action.description, action.result) == (MARKER, MARKER)
    reasons = ProposalResponse.objects.filter(proposal__case=old).values_list("reason", flat=True)
    assert set(reasons) <= {"", MARKER} and MARKER in reasons
    assert Feedback.objects.get(case=old).comment == MARKER
    texts = dict(CaseEvent.objects.filter(case=old).values_list("kind", "text"))
    for kind in ("remark", "resolved", "responded", "action", "document", "feedback"):
        assert texts[kind] == MARKER, kind
    assert texts[CaseEventKind.CLOSED] == "Casus gesloten."
    # The line's message went with its text; the marker reads in the reader's language.
    remark = CaseEvent.objects.get(case=old, kind="remark")
    with translation.override("en"):
        assert remark.display_text == "[deleted after the retention period]"
    assert texts[CaseEventKind.PROPOSED].startswith("Voorstel: Woonstichting Test")
    for personal in (NAME, EMAIL, PHONE, "Jansen", NOTE, "Beste Rik", "Rik belde"):
        assert personal not in rows_text(old), personal
        assert personal in rows_text(young), personal
    # A noise case is seen by the whole team: its address stays.
    assert (old_signal.street, old_signal.house_number) == (young_signal.street, 3)

    young.refresh_from_db()
    assert young.retention_applied_at is None
    assert serializers.serialize("python", Case.objects.filter(pk=young.pk)) == young_case
    assert serializers.serialize("python", young_signal.reporters.all()) == young_reporter
    assert signal_of(young).attachments.exists() and young.documents.exists()


def rows_text(case: Case) -> str:
    """Every row about ``case`` as text: the case, its signals and what hangs from them, the
    staff notifications about it and the outbox's emails about it or its signals. (The audit
    trail is not in it: its rows are never changed.)"""
    signal_references = list(
        Signal.objects.filter(case_link__case=case).values_list("reference", flat=True)
    )
    about = Q(topic=case.reference)
    for reference in signal_references:
        about |= Q(subject__contains=reference)
    rows = []
    for model in SNAPSHOT_MODELS:
        queryset = model.objects.all()
        if model is Case:
            queryset = queryset.filter(pk=case.pk)
        elif model is Signal:
            queryset = queryset.filter(case_link__case=case)
        elif model in (Reporter, Attachment, SignalEvent, ArrearsDetails):
            queryset = queryset.filter(signal__case_link__case=case)
        elif model in (ProposalResponse,):
            queryset = queryset.filter(proposal__case=case)
        elif model is OutgoingEmail:
            queryset = queryset.filter(about)
        elif model is Notification:
            queryset = queryset.filter(link=reverse("cases:detail", args=[case.reference]))
        elif model is AuditEntry:
            queryset = queryset.none()
        else:
            queryset = queryset.filter(case=case)
        rows.append(serializers.serialize("python", queryset))
    return json.dumps(rows, default=str)


def test_a_confidential_arrears_case_keeps_street_and_buurt_but_not_the_house(
    world, now, django_capture_on_commit_callbacks
):
    case = closed_arrears_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    signal = signal_of(case)
    before = (signal.street, signal.neighbourhood_id, signal.city, signal.latitude)
    assert (signal.house_number, signal.postcode, signal.external_reference) == (
        11,
        "3999AB",
        "HA-11",
    )
    from wijkteam.signals.models import DebtHelpReferral

    DebtHelpReferral.objects.create(
        signal=signal,
        reference=signal.reference,
        team=world.team_a,
        gemeente=world.gemeente,
        corporation=world.corporatie,
        tenant_name="T. Huurder",
        street=signal.street,
        house_number=11,
        postcode="3999AB",
        amount=Decimal("1234.56"),
        referred_by=world.consulent_a,
    )

    run(django_capture_on_commit_callbacks, now=now)

    signal.refresh_from_db()
    case.refresh_from_db()
    assert (signal.street, signal.neighbourhood_id, signal.city) == before[:3]
    assert (signal.house_number, signal.house_number_addition, signal.bag_id) == (None, "", "")
    assert signal.postcode == "3999"
    assert signal.latitude == round(before[3], 3)
    assert signal.external_reference == ""
    assert (case.house_number, case.postcode, case.address_key) == (None, "3999", "")
    assert case.street == signal.street and case.neighbourhood_id == signal.neighbourhood_id
    arrears = ArrearsDetails.objects.get(signal=signal)
    assert arrears.tenant_name == ""
    # The figures stay: amount, months and the dates of the four steps.
    assert (arrears.amount, arrears.months) == (Decimal("1234.56"), 3)
    assert arrears.signal_date is not None
    assert signal.description == MARKER
    referral = DebtHelpReferral.objects.get(signal=signal)
    assert (referral.tenant_name, referral.house_number, referral.postcode) == ("", None, "3999")
    assert referral.amount == Decimal("1234.56")


def test_a_care_case_reported_on_the_map_keeps_only_a_rounded_point(
    world, now, django_capture_on_commit_callbacks
):
    point = place(lat=52.004567, lon=5.506789)
    case = closed_case(
        world, closed_at=THIRTEEN_MONTHS_AGO, slug="zorg-verwaarlozing", location=point
    )
    signal = signal_of(case)
    assert (signal.house_number, signal.latitude) == (None, 52.004567)

    run(django_capture_on_commit_callbacks, now=now)

    signal.refresh_from_db()
    case.refresh_from_db()
    assert (signal.latitude, signal.longitude) == (52.005, 5.507)
    assert (case.latitude, case.longitude) == (52.005, 5.507)
    assert signal.neighbourhood_id == world.buurt_a1.pk
    entry = AuditEntry.objects.get(action="retention")
    removed = {row["what"]: row["count"] for row in entry.changes["removed"]}
    assert removed["addresses"] == 2  # the signal's point and the case's


def test_free_text_stays_where_the_category_keeps_it(
    world, now, django_capture_on_commit_callbacks
):
    case = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO, slug="vervuiling-zwerfafval")
    signal = signal_of(case)

    run(django_capture_on_commit_callbacks, now=now)

    signal.refresh_from_db()
    case.refresh_from_db()
    assert case.retention_applied_at == now
    assert signal.description == DESCRIPTION
    assert case.summary.startswith("Geluidsoverlast door Jansen")
    assert CaseNote.objects.get(case=case).text == NOTE
    assert MARKER not in rows_text(case)
    # Contact details, photos and documents go all the same.
    assert signal.reporters.get().email == ""
    assert not signal.attachments.exists() and not case.documents.exists()


def test_free_text_goes_when_any_signal_of_the_case_is_of_a_category_that_does_not_keep_it(
    world, now, django_capture_on_commit_callbacks
):
    case = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO, slug="vervuiling-zwerfafval")
    Signal.objects.filter(case_link__case=case).update(
        category=Category.objects.get(slug="vervuiling-portiek")
    )

    run(django_capture_on_commit_callbacks, now=now)

    assert signal_of(case).description == MARKER


def test_a_category_with_its_own_period(world, now, django_capture_on_commit_callbacks):
    Category.objects.filter(slug="vervuiling-portiek").update(retention_months=6)
    seven_months_ago = local(2025, 11, 15, 12, 0)
    porch = closed_case(world, closed_at=seven_months_ago, slug="vervuiling-portiek")
    noise = closed_case(world, closed_at=seven_months_ago, number=9)

    run(django_capture_on_commit_callbacks, now=now)

    porch.refresh_from_db()
    noise.refresh_from_db()
    assert porch.retention_applied_at == now
    assert noise.retention_applied_at is None


def test_the_default_period_follows_the_setting(world, now, settings):
    case = closed_case(world, closed_at=ELEVEN_MONTHS_AGO)
    assert not retention_due(now=now).exists()

    settings.WIJKTEAM_RETENTION_MONTHS = 6

    assert list(retention_due(now=now)) == [case]


def test_aggregates_stay(world, now, django_capture_on_commit_callbacks):
    cases = [
        closed_case(world, closed_at=THIRTEEN_MONTHS_AGO),
        closed_case(world, closed_at=THIRTEEN_MONTHS_AGO, slug="vervuiling-zwerfafval"),
        closed_arrears_case(world, closed_at=THIRTEEN_MONTHS_AGO),
        closed_case(world, closed_at=ELEVEN_MONTHS_AGO, number=7),
    ]

    def figures():
        case_fields = (
            "reference",
            "category",
            "main_category",
            "neighbourhood",
            "district",
            "team",
            "status",
            "outcome",
            "lead",
            "lead_basis",
            "opened_at",
            "decided_at",
            "resolved_at",
            "closed_at",
            "sensitivity",
            "resolution_round",
        )
        return {
            "cases": list(Case.objects.order_by("pk").values_list(*case_fields)),
            "signals": list(
                Signal.objects.values("category", "neighbourhood", "channel", "status")
                .annotate(n=Count("pk"))
                .order_by("category", "neighbourhood", "channel", "status")
            ),
            "signal_dates": list(
                Signal.objects.order_by("pk").values_list("created_at", "occurred_at")
            ),
            "reporters": Reporter.objects.count(),
            "satisfied": list(
                Feedback.objects.order_by("pk").values_list("case", "satisfied", "outcome")
            ),
            "actions": list(CaseAction.objects.order_by("pk").values_list("case", "done_at")),
            "events": Counter(CaseEvent.objects.values_list("case", "kind")),
            "arrears": list(ArrearsDetails.objects.values_list("amount", "months", "signal_date")),
        }

    before = figures()
    report = run(django_capture_on_commit_callbacks, now=now)

    assert report.cases == 3
    assert figures() == before
    assert {case.pk for case in cases[:3]} == set(
        Case.objects.filter(retention_applied_at__isnull=False).values_list("pk", flat=True)
    )


def test_every_anonymised_case_gets_an_audit_row_without_the_removed_values(
    world, now, django_capture_on_commit_callbacks
):
    case = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)

    run(django_capture_on_commit_callbacks, now=now)

    entry = AuditEntry.objects.get(action="retention")
    assert (entry.actor, entry.actor_label, entry.object_repr) == (None, "systeem", case.reference)
    removed = {row["what"]: row for row in entry.changes["removed"]}
    assert removed["reporter_details"]["count"] == 1
    assert removed["reporter_details"]["fields"] == [
        "signals.Reporter.name",
        "signals.Reporter.email",
        "signals.Reporter.phone",
    ]
    assert (removed["photos"]["count"], removed["documents"]["count"]) == (1, 1)
    assert removed["emails"]["count"] == 2
    assert removed["notes"]["count"] == 1 and "addresses" not in removed
    assert entry.changes["free_text_kept"] is False
    assert entry.changes["retention_months"] == 12
    text = json.dumps(entry.changes)
    for personal in (NAME, EMAIL, PHONE, "Jansen", NOTE, "foto-van-rik", "brief-aan-jansen"):
        assert personal not in text
    # No audit row about the removal names a person either.
    assert all(
        NAME not in row.object_repr and EMAIL not in row.object_repr
        for row in AuditEntry.objects.all()
    )


# --- legal hold -------------------------------------------------------------------------------


def test_a_legal_hold_stops_the_run_and_lifting_it_lets_the_next_run_take_the_case(
    world, now, django_capture_on_commit_callbacks
):
    officer = make_user("privacy@gemeente.test", world.gemeente, Role.PRIVACY_OFFICER)
    case = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    case_legal_hold_set(actor=officer, case=case, reason="Klacht bij de ombudsman")
    before = snapshot()

    assert not retention_due(now=now).exists()
    assert list(retention_plan(now=now)) == []
    assert run(django_capture_on_commit_callbacks, now=now).cases == 0
    assert case_retention_apply(actor=SYSTEM, case_id=case.pk, now=now) is None
    assert snapshot() == before

    case_legal_hold_lift(actor=officer, case=case)
    assert run(django_capture_on_commit_callbacks, now=now).cases == 1
    case.refresh_from_db()
    assert case.retention_applied_at == now
    assert signal_of(case).reporters.get().name == ""


def test_a_case_merged_into_a_due_case_goes_with_it_unless_it_is_held(
    world, now, django_capture_on_commit_callbacks
):
    case = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    other = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO, number=21)
    # A merged case: its own timeline and notes stay with it, its signals went over.
    merged = Case.objects.create(
        reference="Z-2025-09999",
        team=case.team,
        district=case.district,
        category=case.category,
        main_category=case.main_category,
        sensitivity=case.sensitivity,
        status=CaseStatus.MERGED,
        merged_into=case,
        summary="Over de familie Jansen",
    )
    CaseNote.objects.create(
        case=merged, author=world.consulent_a, organisation=world.corporatie, text=NOTE
    )
    # Held before it was merged (the hold page refuses merged cases).
    Case.objects.filter(pk=merged.pk).update(legal_hold=True)

    report = run(django_capture_on_commit_callbacks, now=now)
    assert report.cases == 1  # only the other case
    other.refresh_from_db()
    case.refresh_from_db()
    assert other.retention_applied_at == now and case.retention_applied_at is None

    Case.objects.filter(pk=merged.pk).update(legal_hold=False)
    assert run(django_capture_on_commit_callbacks, now=now).cases == 1
    merged.refresh_from_db()
    assert merged.retention_applied_at == now
    assert merged.summary == MARKER
    assert CaseNote.objects.get(case=merged).text == MARKER
    entry = AuditEntry.objects.get(action="retention", object_id=str(merged.pk))
    assert entry.changes["merged_into"] == case.reference
    assert {row["what"] for row in entry.changes["removed"]} >= {"notes", "summaries"}


def test_a_legal_hold_cannot_be_put_on_a_merged_case(world, now):
    officer = make_user("privacy@gemeente.test", world.gemeente, Role.PRIVACY_OFFICER)
    case = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    merged = Case.objects.create(
        reference="Z-2025-09998",
        team=case.team,
        district=case.district,
        category=case.category,
        main_category=case.main_category,
        sensitivity=case.sensitivity,
        status=CaseStatus.MERGED,
        merged_into=case,
    )

    with pytest.raises(DomainError) as refused:
        case_legal_hold_set(actor=officer, case=merged, reason="Klacht")

    assert case.reference in refused.value.message


# --- the dry run and running again ----------------------------------------------------------------


def test_the_dry_run_lists_what_the_run_removes_and_changes_nothing(
    world, now, django_capture_on_commit_callbacks
):
    closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    closed_arrears_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    closed_case(world, closed_at=ELEVEN_MONTHS_AGO, number=5)
    before = snapshot()

    plan = list(retention_plan(now=now))

    assert snapshot() == before
    assert [removal.case.closed_at for removal in plan] == [THIRTEEN_MONTHS_AGO] * 2
    planned = Counter()
    for removal in plan:
        planned.update(removal.totals)
    report = run(django_capture_on_commit_callbacks, now=now)
    assert report.totals == planned
    assert planned["reporter_details"] == 1 and planned["tenant_names"] == 1


def test_running_again_changes_nothing_more(world, now, django_capture_on_commit_callbacks):
    closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    closed_arrears_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    run(django_capture_on_commit_callbacks, now=now)
    after_first = snapshot()

    report = run(django_capture_on_commit_callbacks, now=now + timedelta(days=1))

    assert (report.cases, report.failed) == (0, [])
    assert snapshot() == after_first
    assert list(retention_plan(now=now)) == []


def test_one_failing_case_does_not_stop_the_others_and_the_next_run_takes_it(
    world, now, monkeypatch, django_capture_on_commit_callbacks
):
    first = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    second = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO + timedelta(days=1), number=5)
    real_remove = retention_steps._remove

    def failing(removal, at):
        real_remove(removal, at)
        if removal.case.pk == first.pk:
            raise RuntimeError("disk full")

    monkeypatch.setattr(retention_steps, "_remove", failing)
    report = run(django_capture_on_commit_callbacks, now=now)

    assert (report.cases, report.failed) == (1, [first.reference])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.retention_applied_at is None and second.retention_applied_at == now
    # Nothing of the failed case was half removed: its transaction was rolled back.
    assert signal_of(first).reporters.get().name == NAME
    assert signal_of(first).attachments.exists()
    assert all((Path(settings.MEDIA_ROOT) / a.file.name).exists() for a in Attachment.objects.all())

    monkeypatch.setattr(retention_steps, "_remove", real_remove)
    assert run(django_capture_on_commit_callbacks, now=now).cases == 1
    first.refresh_from_db()
    assert first.retention_applied_at == now


def test_a_reopened_case_is_not_due(world, now):
    case = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    case_reopen(actor=world.consulent_a, case=case, reason="Opnieuw overlast")

    assert not retention_due(now=now).exists()


# --- afterwards ---------------------------------------------------------------------------------


def test_the_tracking_page_keeps_the_public_status_and_says_the_data_was_removed(
    client, world, now, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(THIRTEEN_MONTHS_AGO - timedelta(days=21), tick=False)
    created = signal_intake(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=Category.objects.get(slug="overlast-geluid"),
        description=DESCRIPTION,
        location=address(number=3),
        reporter=ReporterInput(name=NAME, email=EMAIL),
    )
    time_machine.move_to(NOW, tick=False)
    case = Case.objects.get(links__signal=created.signal)
    # Close it the quick way: the tracking page only needs a closed, handled case.
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_at=THIRTEEN_MONTHS_AGO, resolution_round=1
    )
    SignalEvent.objects.create(
        signal=created.signal,
        actor_label="x",
        kind="status",
        text="Status voor de melder: Afgehandeld.",
        public_text="Beste Rik, uw buurman Jansen is gesproken.",
    )
    Signal.objects.filter(pk=created.signal.pk).update(status="done")
    url = reverse("portal:track", args=[created.tracking_token])
    assert "Bent u tevreden" in client.get(url).content.decode()

    run(django_capture_on_commit_callbacks, now=now)

    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert created.signal.reference in body and "Afgehandeld" in body
    assert 'id="data-removed"' in body
    assert "Bent u tevreden" not in body
    assert "Jansen" not in body and MARKER not in body
    assert "Uw melding is ontvangen." in body  # what the system wrote stays
    # An answer sent from an old page is not taken.
    assert client.post(url, {"satisfied": "yes", "comment": "Rik"}).status_code == 302
    assert not Feedback.objects.filter(case=case).exists()
    with pytest.raises(DomainError):
        feedback_give(
            actor=SYSTEM, reporter=created.signal.reporters.get(), satisfied=True, comment="Rik"
        )


def test_nothing_personal_is_added_to_a_case_after_the_run(
    client, world, now, django_capture_on_commit_callbacks
):
    case = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    run(django_capture_on_commit_callbacks, now=now)
    case.refresh_from_db()
    client.force_login(world.consulent_a)

    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()

    assert 'id="retention-applied"' in page
    assert "Casus heropenen" not in page and "Samenvatting schrijven" not in page
    assert 'name="doc-file"' not in page
    with pytest.raises(DomainError):
        case_reopen(actor=world.consulent_a, case=case, reason="Nog eens")
    with pytest.raises(DomainError):
        case_document_add(
            actor=world.consulent_a, case=case, document=process_document(upload=png())
        )
    response = client.post(
        reverse("cases:reopen", args=[case.reference]), {"reopen-reason": "Nog eens"}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_an_action_left_open_on_an_anonymised_case_leaves_the_work_queues(
    world, now, django_capture_on_commit_callbacks
):
    case = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    open_action = CaseAction.objects.create(
        case=case,
        description="Nabellen bij Jansen",
        owner_organisation=world.corporatie,
        due_date=date(2025, 5, 1),
        created_by=world.consulent_a,
    )
    assert list(my_open_actions(world.consulent_a)) == [open_action]

    run(django_capture_on_commit_callbacks, now=now)

    assert list(my_open_actions(world.consulent_a)) == []
    assert not overdue_actions_of_team(world.team_a, today=now.date()).exists()
    open_action.refresh_from_db()
    assert (open_action.description, open_action.done_at) == (MARKER, None)
    with pytest.raises(DomainError):
        case_action_complete(actor=world.consulent_a, action=open_action, result="Gedaan")


def test_the_marker_is_dutch_whatever_language_is_active(db):
    with translation.override("en"):
        assert removed_marker() == MARKER
