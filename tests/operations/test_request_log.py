"""One JSON line per request, with the route instead of the path and no personal data; the
request id taken from a well-formed X-Request-ID or made, sent back, and carried into the
worker's lines about the tasks the request queued."""

import logging
import re

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import resolve, reverse
from django_tasks_db.models import DBTaskResult

from tests.operations.logs import json_log_lines, request_lines
from wijkteam.operations.logs import RequestContextFilter

FIELDS = {"time", "level", "logger", "message", "method", "route", "status", "duration_ms"}
FIELDS |= {"user", "request_id"}


def test_a_request_writes_one_line_with_its_route_and_no_personal_data(client, world):
    client.force_login(world.wijkmanager_a)
    url = reverse("cases:team", args=[world.district_a.code])
    with json_log_lines() as lines:
        response = client.get(url, {"zoek": "jan.jansen@example.nl"})
    assert response.status_code == 200

    [line] = request_lines(lines)
    assert set(line) == FIELDS
    assert line["method"] == "GET"
    assert line["route"] == "/casussen/wijk/<str:district_code>/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["user"] == world.wijkmanager_a.pk
    assert line["request_id"] == response["X-Request-ID"]
    everything = str(lines)
    for private in ("jan.jansen", "zoek=", world.district_a.code, world.wijkmanager_a.email):
        assert private not in everything


def test_an_anonymous_request_and_one_that_reached_no_view(client, db):
    with json_log_lines() as lines:
        client.get("/melden/")
        client.get("/bestaat/niet/12345/")
    assert [(line["route"], line["status"], line["user"]) for line in request_lines(lines)] == [
        ("/melden/", 200, "anonymous"),
        ("<unmatched>", 404, "anonymous"),
    ]
    assert "12345" not in str(lines)


def test_a_well_formed_request_id_is_kept_and_sent_back(client, db):
    with json_log_lines() as lines:
        response = client.get("/health", headers={"X-Request-ID": "lb-7f3a9c2e-0001"})
    assert response["X-Request-ID"] == "lb-7f3a9c2e-0001"
    assert request_lines(lines)[0]["request_id"] == "lb-7f3a9c2e-0001"


@pytest.mark.parametrize(
    "given",
    ["short", "two words here", "x" * 65, "<script>alert(1)</script>", "id\nforged line", ""],
)
def test_a_malformed_request_id_is_replaced_by_a_new_one(client, db, given):
    response = client.get("/health", headers={"X-Request-ID": given})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_each_request_without_an_id_gets_its_own(client, db):
    first, second = client.get("/health"), client.get("/health")
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_worker_logs_a_queued_task_under_the_request_id_that_queued_it(client, db, monkeypatch):
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    with json_log_lines() as lines:
        client.post(
            reverse("voordeur:follow"),
            {"email": "bewoner@example.nl", "website": ""},
            headers={"X-Request-ID": "req-follow-0001"},
        )
        queued = DBTaskResult.objects.get(task_path="wijkteam.voordeur.follow.send_tracking_links")
        assert queued.args_kwargs["request_id"] == "req-follow-0001"
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=1)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    about_task = [line for line in lines if str(queued.id) in line["message"]]
    assert [line["message"].rsplit("state=", 1)[1] for line in about_task] == [
        "RUNNING",
        "SUCCESSFUL",
    ]
    assert {line.get("request_id") for line in about_task} == {"req-follow-0001"}
    # The periodic tasks the worker queued at its start belong to no request.
    others = [line for line in lines if "Task id=" in line["message"] and line not in about_task]
    assert all("request_id" not in line for line in others)
    assert "bewoner@example.nl" not in str(lines)


def test_an_error_line_names_the_route_and_leaves_the_request_out():
    """Django's error lines name the raw path (a tracking link holds its token) and pass the
    request along, whose repr holds the query string."""
    request = RequestFactory().get("/melden/volgen/geheimetoken123/?email=a@example.nl")
    request.resolver_match = resolve(request.path)
    record = logging.makeLogRecord(
        {"msg": "Internal Server Error: %s", "args": (request.path,), "request": request}
    )
    RequestContextFilter().filter(record)
    assert record.getMessage() == "Internal Server Error: /melden/volgen/<str:token>/"
    assert not hasattr(record, "request")
