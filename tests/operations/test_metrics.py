"""/metrics: only with WIJKTEAM_METRICS_TOKEN set and that token as bearer; request counts per
route, method and status class; the queue, the outbox and the triage deadlines read at scrape
time."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from tests.cases.support import case_of, intake, open_proposal
from wijkteam.cases.models import Proposal
from wijkteam.core.followups import queue_followups
from wijkteam.notifications.models import EmailStatus, OutgoingEmail

TOKEN = "metrics-token-for-the-tests-0123456789"  # noqa: S105


@pytest.fixture
def scrape(client, settings):
    settings.WIJKTEAM_METRICS_TOKEN = TOKEN

    def scrape() -> dict[tuple[str, frozenset], float]:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        return {
            (sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(response.content.decode())
            for sample in family.samples
        }

    return scrape


def value(samples, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_without_a_token_configured_there_are_no_metrics(client, db, settings):
    settings.WIJKTEAM_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.parametrize(
    "authorization",
    [None, "", f"Basic {TOKEN}", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer"],
)
def test_a_missing_or_wrong_token_is_refused(client, db, settings, authorization):
    settings.WIJKTEAM_METRICS_TOKEN = TOKEN
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert b"wijkteam_" not in response.content


def test_the_request_counters_move_per_route_method_and_status_class(client, db, scrape):
    before = scrape()
    client.get("/melden/")
    client.get("/melden/")
    client.get("/bestaat/niet/")
    client.post("/health")  # GET only: 405
    after = scrape()

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "wijkteam_http_requests_total"
    assert moved(requests, route="/melden/", method="GET", status="2xx") == 2
    assert moved(requests, route="<unmatched>", method="GET", status="4xx") == 1
    assert moved(requests, route="/health", method="POST", status="4xx") == 1
    duration = "wijkteam_http_request_duration_seconds_count"
    assert moved(duration, route="/melden/", method="GET") == 2
    assert moved("wijkteam_http_request_duration_seconds_sum", route="/melden/", method="GET") > 0


def test_the_queue_length_and_the_age_of_the_oldest_waiting_task(db, scrape):
    assert value(scrape(), "wijkteam_tasks_waiting") == 0
    assert value(scrape(), "wijkteam_tasks_oldest_waiting_seconds") == 0
    now = timezone.now()
    waiting = [queue_followups.enqueue(jobs=[]) for _ in range(3)]
    queue_followups.using(run_after=now - timedelta(minutes=2)).enqueue(jobs=[])
    queue_followups.using(run_after=now + timedelta(hours=1)).enqueue(jobs=[])  # not due
    DBTaskResult.objects.filter(pk=waiting[0].id).update(enqueued_at=now - timedelta(minutes=10))
    DBTaskResult.objects.filter(pk=waiting[1].id).update(status="RUNNING")

    samples = scrape()
    assert value(samples, "wijkteam_tasks_waiting") == 3
    assert value(samples, "wijkteam_tasks_running") == 1
    assert 600 <= value(samples, "wijkteam_tasks_oldest_waiting_seconds") < 700


def test_failed_emails_in_the_outbox_are_counted(db, scrape):
    for status in (EmailStatus.FAILED, EmailStatus.FAILED, EmailStatus.SENT, EmailStatus.QUEUED):
        OutgoingEmail.objects.create(to="a@example.nl", subject="x", body_text="x", status=status)
    samples = scrape()
    assert value(samples, "wijkteam_outbox_failed_emails") == 2
    assert value(samples, "wijkteam_outbox_queued_emails") == 1


def test_overdue_triage_deadlines_are_counted(world, scrape):
    proposals = [open_proposal(case_of(intake(is_tenant=True))) for _ in range(2)]
    assert value(scrape(), "wijkteam_triage_deadlines_overdue") == 0
    Proposal.objects.filter(pk=proposals[0].pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    assert value(scrape(), "wijkteam_triage_deadlines_overdue") == 1
