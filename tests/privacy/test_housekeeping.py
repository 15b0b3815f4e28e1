"""The nightly run's housekeeping (privacy/retention/housekeeping.py): each kind of row stays
until its age is over and goes in the first run after, with the clock frozen on either side of
that moment; and every table of the project is either cleaned by the nightly run (or another
periodic run) or listed here as bounded or kept by design, so that a new table that grows
without bound fails this test until someone decides."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from wijkteam.access.models import AccessLogEntry
from wijkteam.areas.models import CachedAddress
from wijkteam.core.models import RateLimitHit
from wijkteam.notifications.models import EmailStatus, Notification, OutgoingEmail
from wijkteam.partners.models import LoginThrottle, ThrottleScope
from wijkteam.privacy.models import PersonRequest, RequestKind
from wijkteam.privacy.retention import KINDS, housekeeping_due, housekeeping_run
from wijkteam.privacy.tasks import apply_retention

# In UTC, so that adding days adds whole days of 24 hours (across summer time too).
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def _task_result(status: TaskResultStatus) -> Callable:
    def make(world):
        return DBTaskResult.objects.create(
            task_path="wijkteam.cases.tasks.sweep_deadlines",
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            run_after=get_date_max(),
            status=status,
            finished_at=timezone.now(),
        )

    return make


def _email(world):
    return OutgoingEmail.objects.create(
        to="bewoner@example.test", subject="Uw melding", body_text="", status=EmailStatus.SENT
    )


def _person_request(world):
    return PersonRequest.objects.create(
        kind=RequestKind.ACCESS, description="Brief", handled_by=world.admin
    )


def _access_log_entry(world):
    return AccessLogEntry.objects.create(
        user=world.agent_a,
        user_label="Agent A",
        organisation=world.politie,
        record_type="case",
        record_id="1",
        reference="Z-2026-00001",
        sensitivity="case_partners",
        route="cases:detail",
        path="/casussen/1/",
    )


def _cached_address(world):
    return CachedAddress.objects.create(
        postcode="3999AA",
        house_number=1,
        bag_id="0999200000000001",
        street="Appellaan",
        city="Testoord",
        latitude=52.005,
        longitude=5.505,
        resolved_at=timezone.now(),
    )


# Each kind: how to make one row now, and how long it stays (with the default settings).
AGES = {
    "rate_limits": (
        lambda world: RateLimitHit.objects.create(
            key="k", at=timezone.now(), expires_at=timezone.now() + timedelta(seconds=60)
        ),
        timedelta(seconds=60),
    ),
    "login_throttles": (
        lambda world: LoginThrottle.objects.create(
            scope=ThrottleScope.ACCOUNT, key="k", failures=2, last_failure_at=timezone.now()
        ),
        timedelta(hours=24),
    ),
    "sessions": (
        lambda world: Session.objects.create(
            session_key="s" * 32, session_data="", expire_date=timezone.now() + timedelta(days=14)
        ),
        timedelta(days=14),
    ),
    "task_results": (_task_result(TaskResultStatus.SUCCESSFUL), timedelta(days=14)),
    "failed_task_results": (_task_result(TaskResultStatus.FAILED), timedelta(days=90)),
    "emails": (_email, timedelta(days=365)),
    "notifications": (
        lambda world: Notification.objects.create(user=world.consulent_a, subject="Let op"),
        timedelta(days=365),
    ),
    "person_requests": (_person_request, timedelta(days=730)),
    "cached_addresses": (_cached_address, timedelta(days=90)),
    "access_log": (_access_log_entry, timedelta(days=1825)),
}


def exists(row) -> bool:
    return type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("kind", AGES)
def test_a_row_stays_until_its_age_is_over_and_goes_in_the_run_after(world, time_machine, kind):
    make, age = AGES[kind]
    time_machine.move_to(T0, tick=False)
    row = make(world)

    time_machine.move_to(T0 + age - MINUTE, tick=False)
    housekeeping_run()
    assert exists(row)

    time_machine.move_to(T0 + age + MINUTE, tick=False)
    assert sum(housekeeping_due().values()) == 1
    housekeeping_run()
    assert not exists(row)


def test_every_kind_has_a_test():
    tested = {kind.replace("failed_", "") for kind in AGES}
    assert tested == {kind.key for kind in KINDS}


def test_the_ages_follow_their_settings(world, time_machine, settings):
    settings.WIJKTEAM_NOTIFICATION_DAYS = 30
    settings.WIJKTEAM_TASK_RESULTS_DAYS = 2
    time_machine.move_to(T0, tick=False)
    notification = Notification.objects.create(user=world.consulent_a, subject="Let op")
    task = _task_result(TaskResultStatus.SUCCESSFUL)(world)

    time_machine.move_to(T0 + timedelta(days=30, minutes=1), tick=False)
    housekeeping_run()

    assert not exists(notification) and not exists(task)


def test_an_email_not_yet_sent_stays_whatever_its_age(world, time_machine):
    time_machine.move_to(T0, tick=False)
    waiting = [
        OutgoingEmail.objects.create(to="a@example.test", subject="x", body_text="x", status=s)
        for s in (EmailStatus.QUEUED, EmailStatus.SENDING)
    ]
    time_machine.move_to(T0 + timedelta(days=3650), tick=False)
    housekeeping_run()
    assert all(exists(email) for email in waiting)


def test_a_running_or_waiting_task_stays_whatever_its_age(world, time_machine):
    time_machine.move_to(T0, tick=False)
    tasks = [
        _task_result(status)(world) for status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    ]
    time_machine.move_to(T0 + timedelta(days=3650), tick=False)
    housekeeping_run()
    assert all(exists(task) for task in tasks)


def test_a_person_request_counts_from_its_last_step(world, time_machine):
    time_machine.move_to(T0, tick=False)
    request = _person_request(world)
    PersonRequest.objects.filter(pk=request.pk).update(erased_at=T0 + timedelta(days=100))

    time_machine.move_to(T0 + timedelta(days=730 + 99), tick=False)
    housekeeping_run()
    assert exists(request)

    time_machine.move_to(T0 + timedelta(days=730 + 101), tick=False)
    housekeeping_run()
    assert not exists(request)


def test_the_nightly_task_and_the_command_do_the_housekeeping(world, time_machine):
    time_machine.move_to(T0, tick=False)
    old = [Notification.objects.create(user=world.consulent_a, subject="Let op") for _ in "ab"]
    time_machine.move_to(T0 + timedelta(days=366), tick=False)

    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "  - notificaties: 2" in out.getvalue()
    assert all(exists(notification) for notification in old)

    apply_retention.call()
    assert not any(exists(notification) for notification in old)


# Tables cleaned by a periodic run other than the housekeeping kinds, with where.
CLEANED_ELSEWHERE = {
    "signals.PendingUpload": "leftovers.py: photos of forms never sent, after a day",
    "voordeur.SearchEvent": "voordeur/tasks.py: counted searches, after WIJKTEAM_SEARCH_LOG_DAYS",
    "api.IdempotentRequest": "api/tasks.py: hourly, after WIJKTEAM_API_IDEMPOTENCY_HOURS",
    "intake.IntakeKey": "intake/tasks.py: nightly, after WIJKTEAM_INTAKE_KEY_DAYS",
    "webhooks.Delivery": "webhooks/tasks.py: after WIJKTEAM_WEBHOOKS_KEEP_DAYS",
    "webhooks.DeliveryAttempt": "with its delivery",
    "core.WorkerBeat": "core/lease.py: a stopped worker's beat, after a day",
    "signals.SignalCountsStale": "signals/counts.py: read and removed every minute",
    "cases.CaseFiguresStale": "cases/figures.py: read and removed every minute",
}
# Tables that do not grow without bound, or are kept by design (the README says why).
KEPT = {
    # Reference data and configuration, made by people.
    "auth.Permission": "fixed",
    "auth.Group": "fixed",
    "contenttypes.ContentType": "fixed",
    "core.DataVersion": "one row per kind of reference data",
    "areas.District": "reference data",
    "areas.Neighbourhood": "reference data",
    "areas.RegisteredAddress": "the address register, replaced by its import",
    "search.Street": "the street names of signals and cases, each once: public names, as many "
    "as the city has streets",
    "partners.Organisation": "configuration",
    "partners.User": "accounts, deactivated not removed (the trail names them)",
    "partners.Team": "configuration",
    "partners.TeamPartner": "configuration",
    "partners.TeamMember": "configuration",
    "partners.OidcProvider": "configuration",
    "otp_totp.TOTPDevice": "one per account",
    "signals.Category": "reference data",
    "signals.ReferenceCounter": "one row per year",
    "cases.CaseCounter": "one row per year",
    "initiatives.InitiativeCounter": "one row per year",
    "cases.ClosureTemplate": "configuration",
    "cases.TriageRule": "configuration",
    "initiatives.DistrictInitiativeSettings": "one per wijk",
    "meetings.MeetingSchedule": "one per team",
    "meetings.CalendarToken": "one per account",
    "voordeur.Door": "configuration",
    "voordeur.CategoryWords": "configuration",
    "mor.MorConnection": "configuration",
    "mor.MorCategory": "configuration",
    "webhooks.Subscription": "configuration",
    "open311.Open311App": "configuration",
    "api.ApiClient": "configuration",
    # The work itself: kept, its personal data removed by the retention run.
    "signals.Signal": "the work; retention per category, after its case closed or, without a "
    "case, after its last change",
    "signals.Reporter": "with its signal; contact details removed by retention",
    "signals.Attachment": "with its signal; removed by retention",
    "signals.SignalEvent": "the signal's timeline; free text removed by retention",
    "signals.ArrearsDetails": "with its signal; name removed by retention",
    "signals.DebtHelpReferral": "with its signal",
    "signals.ArrearsImport": "the report of an import; its file is emptied when it ends",
    "signals.ArrearsImportRow": "the report of an import, line by line",
    "cases.Case": "the work; retention per category",
    "cases.CaseSignal": "with its case",
    "cases.CaseEvent": "the case's timeline; free text removed by retention",
    "cases.Feedback": "the reporters' answers: aggregates stay (DESIGN §6)",
    "cases.CaseFigures": "one row per case",
    "cases.CaseAction": "with its case",
    "cases.CaseNote": "with its case",
    "cases.CaseDocument": "with its case; removed by retention",
    "cases.Proposal": "with its case",
    "cases.ProposalResponse": "with its case",
    "initiatives.Initiative": "the work; retention of its own",
    "initiatives.Milestone": "with its initiative",
    "initiatives.InitiativePhoto": "with its initiative",
    "initiatives.Supporter": "with its initiative; unconfirmed ones removed",
    "initiatives.Contribution": "with its initiative",
    "initiatives.InitiativeUpdate": "with its initiative",
    "initiatives.InitiativeComment": "with its initiative",
    "meetings.Meeting": "the team's record",
    "meetings.CaseFlag": "with its meeting",
    "meetings.AgendaItem": "with its meeting",
    "meetings.Attendance": "with its meeting",
    "meetings.MinutesAddendum": "with its meeting",
    "wijkbeeld.Measure": "the wijk's record",
    "mor.Forwarding": "one per forwarded case",
    "open311.Open311Request": "one per signal from an app",
    "signals.SignalMonthCount": "aggregates, one row per month, wijk and category",
    "signals.SignalSpotMonthCount": "aggregates, one row per month and spot",
    # The trail of everything that changed: tamper-evident, never pruned.
    "access.AuditEntry": "the append-only audit trail (its hash chain breaks on removal)",
    "admin.LogEntry": "one row per edit in Beheer, as people make them",
}


def test_every_table_is_cleaned_or_kept_by_design():
    now = timezone.now()
    cleaned = {kind.due(now).model._meta.label for kind in KINDS} | set(CLEANED_ELSEWHERE)
    models = {model._meta.label for model in apps.get_models()}

    unaccounted = models - cleaned - set(KEPT)
    assert not unaccounted, (
        f"grows without bound? clean it nightly or list it in KEPT: {unaccounted}"
    )
    assert not cleaned & set(KEPT)
    assert not (cleaned | set(KEPT)) - models, "a listed table no longer exists"
