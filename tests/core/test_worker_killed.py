"""A real background worker (``manage.py db_worker`` in a process of its own) killed with SIGKILL
in the middle of a task: the task stays RUNNING until its worker's lease is over, is then run
again by another worker and ends once; a long task of a worker that is alive is never taken
from it; and an email whose worker was killed while the mail server had it is not sent again.

The workers use a copy of the test database they can open (a SQLite file, or on PostgreSQL the
test database itself, whose rows this test commits), a lease of a few seconds, and for the
email a real SMTP server (aiosmtpd) on the loopback interface."""

import copy
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.utils import load_backend
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from tests.smtp_local import LocalController, parse
from wijkteam.notifications.models import EmailStatus, OutgoingEmail

LEASE_SECONDS = 4
BLOCKING_TASK = "tests.core.worker_tasks.wait_for_release"
ALIAS = "killed_worker_test"


class WorkerDatabase:
    """The database the workers and this test share: the ORM alias to read it with here, and
    the DATABASE_URL the workers get."""

    def __init__(self, alias: str, url: str) -> None:
        self.alias = alias
        self.url = url

    def queue(self, task_path: str, *args) -> DBTaskResult:
        return DBTaskResult.objects.using(self.alias).create(
            task_path=task_path,
            args_kwargs={"args": list(args), "kwargs": {}},
            backend_name="default",
            run_after=get_date_max(),
        )

    def task(self, task: DBTaskResult) -> DBTaskResult:
        return DBTaskResult.objects.using(self.alias).get(pk=task.pk)


def _postgres_url(conf: dict) -> str:
    user = quote(conf["USER"] or "", safe="")
    password = f":{quote(conf['PASSWORD'], safe='')}" if conf.get("PASSWORD") else ""
    host = conf["HOST"] or "127.0.0.1"
    port = f":{conf['PORT']}" if conf.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{conf['NAME']}"


@pytest.fixture
def worker_database(transactional_db, tmp_path) -> Iterator[WorkerDatabase]:
    if connection.vendor == "postgresql":
        # The test database itself: what this test writes is committed, so a worker sees it.
        yield WorkerDatabase("default", _postgres_url(connection.settings_dict))
        return
    # SQLite's test database lives in this process's memory: the workers get a file copy.
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    target.close()
    conf = copy.deepcopy(connection.settings_dict)
    conf["NAME"] = str(path)
    wrapper = load_backend(conf["ENGINE"]).DatabaseWrapper(conf, ALIAS)
    connections[ALIAS] = wrapper
    try:
        yield WorkerDatabase(ALIAS, f"sqlite:///{path}")
    finally:
        wrapper.close()
        del connections[ALIAS]


class Workers:
    """Starts real workers on the shared database; kills or stops them all at the end."""

    def __init__(self, database: WorkerDatabase, folder: Path) -> None:
        self.database = database
        self.folder = folder
        self.started: list[subprocess.Popen] = []
        self.environment: dict[str, str] = {}

    def start(self) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "wijkteam.settings",
            "WIJKTEAM_ENV": "test",
            "DATABASE_URL": self.database.url,
            "WIJKTEAM_TASK_LEASE_SECONDS": str(LEASE_SECONDS),
            "WIJKTEAM_AUDIT_CHECKPOINT_FILE": str(self.folder / "checkpoints.jsonl"),
            "PYTHONUNBUFFERED": "1",
            **self.environment,
        }
        log = (self.folder / f"worker-{len(self.started)}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - our own command, our own arguments
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
            + ["--interval", "0.2"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.started.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(path.read_text() for path in sorted(self.folder.glob("worker-*.log")))

    def end(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def workers(worker_database, tmp_path) -> Iterator[Workers]:
    running = Workers(worker_database, tmp_path)
    try:
        yield running
    finally:
        running.end()


def until(condition: Callable[[], bool], what: str, workers: Workers, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} seconds\n{workers.logs()}")
        time.sleep(0.1)


def killed(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def lines(folder: Path) -> list[str]:
    log = folder / "runs.log"
    return log.read_text().splitlines() if log.exists() else []


def test_a_task_whose_worker_was_killed_is_run_again_after_the_lease_and_ends_once(
    worker_database, workers, tmp_path
):
    task = worker_database.queue(BLOCKING_TASK, str(tmp_path))
    first = workers.start()
    until(lambda: lines(tmp_path) == ["started"], "the first worker started the task", workers)

    killed(first)
    time.sleep(1)
    assert worker_database.task(task).status == TaskResultStatus.RUNNING  # nobody finishes it

    (tmp_path / "release").touch()
    workers.start()
    until(
        lambda: worker_database.task(task).status == TaskResultStatus.SUCCESSFUL,
        "the second worker ran the lost task",
        workers,
    )

    finished = worker_database.task(task)
    assert len(finished.worker_ids) == 2
    assert lines(tmp_path) == ["started", "started", "side effect"]
    assert "queued again" in workers.logs()


def test_a_long_task_of_a_worker_that_is_alive_is_not_taken_from_it(
    worker_database, workers, tmp_path
):
    task = worker_database.queue(BLOCKING_TASK, str(tmp_path))
    workers.start()
    until(lambda: lines(tmp_path) == ["started"], "the first worker started the task", workers)
    workers.start()  # a second worker, which would take a task it thought lost

    time.sleep(LEASE_SECONDS * 2.5)  # the task runs far longer than a lease
    (tmp_path / "release").touch()
    until(
        lambda: worker_database.task(task).status == TaskResultStatus.SUCCESSFUL,
        "the first worker ended its task",
        workers,
    )

    assert lines(tmp_path) == ["started", "side effect"]
    assert len(worker_database.task(task).worker_ids) == 1


def test_a_task_lost_too_often_is_given_up(worker_database, workers, tmp_path):
    workers.environment["WIJKTEAM_TASK_MAX_ATTEMPTS"] = "2"
    task = worker_database.queue(BLOCKING_TASK, str(tmp_path))
    for attempt in (1, 2):
        process = workers.start()
        until(
            lambda attempt=attempt: lines(tmp_path).count("started") == attempt,
            f"attempt {attempt} started",
            workers,
        )
        killed(process)

    workers.start()
    until(
        lambda: worker_database.task(task).status == TaskResultStatus.FAILED,
        "the task was given up",
        workers,
    )

    failed = worker_database.task(task)
    assert failed.exception_class_path == "wijkteam.core.lease.WorkerLost"
    assert lines(tmp_path) == ["started", "started"]


class SlowToAnswer:
    """An SMTP server that receives the message and then keeps the client waiting for its
    answer until ``answer`` is set: a worker killed meanwhile never hears that it was taken."""

    def __init__(self) -> None:
        self.received: list[str] = []
        self.answer = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:
        import asyncio

        self.received.append(str(parse(envelope.content)["Subject"]))
        await asyncio.get_running_loop().run_in_executor(None, self.answer.wait, 60)
        return "250 2.0.0 OK"


@pytest.fixture
def slow_smtp(workers) -> Iterator[SlowToAnswer]:
    handler = SlowToAnswer()
    controller = LocalController(handler, hostname="127.0.0.1", port=0)
    controller.start()
    workers.environment |= {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(controller.port),
        "EMAIL_TIMEOUT": "60",
    }
    try:
        yield handler
    finally:
        handler.answer.set()
        controller.stop()


def test_an_email_whose_worker_was_killed_while_sending_is_never_sent_twice(
    worker_database, workers, slow_smtp
):
    emails = OutgoingEmail.objects.using(worker_database.alias)
    email = emails.create(to="bewoner@example.test", subject="Uw melding", body_text="Dank u.")
    task = worker_database.queue("wijkteam.notifications.tasks.deliver_email", email.pk)
    first = workers.start()
    until(lambda: slow_smtp.received == ["Uw melding"], "the mail server got it", workers)
    assert emails.get(pk=email.pk).status == EmailStatus.SENDING

    killed(first)
    slow_smtp.answer.set()  # from now on the server answers at once
    workers.start()
    until(
        lambda: worker_database.task(task).status == TaskResultStatus.SUCCESSFUL,
        "the second worker ran the lost task",
        workers,
    )

    after = emails.get(pk=email.pk)
    assert after.status == EmailStatus.UNCERTAIN
    assert after.attempts == 1
    assert slow_smtp.received == ["Uw melding"]
    # An email queued now goes out as ever, through the same worker.
    second = emails.create(to="bewoner@example.test", subject="Nog een", body_text="Dank u.")
    worker_database.queue("wijkteam.notifications.tasks.deliver_email", second.pk)
    until(lambda: slow_smtp.received == ["Uw melding", "Nog een"], "the next email", workers)
    until(lambda: emails.get(pk=second.pk).status == EmailStatus.SENT, "recorded sent", workers)
