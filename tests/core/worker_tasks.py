"""A task for the tests of a killed worker (test_worker_killed.py) only: it writes down that it
started, waits until the test lets it go on, and then does its one side effect, once, as the
real tasks do (a second run finds it done)."""

import time
from pathlib import Path

from django_tasks import task


@task()
def wait_for_release(folder: str) -> None:
    folder_path = Path(folder)
    with (folder_path / "runs.log").open("a") as log:
        log.write("started\n")
    deadline = time.monotonic() + 120
    while not (folder_path / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never let the task go on")
        time.sleep(0.05)
    done = folder_path / "done"
    if not done.exists():
        done.write_text("done")
        with (folder_path / "runs.log").open("a") as log:
            log.write("side effect\n")


@task()
def lose_the_database_once(folder: str) -> None:
    """Fails its first run as a query does whose connection broke, and succeeds the second."""
    from django.db import OperationalError

    runs = Path(folder) / "runs.log"
    with runs.open("a") as log:
        log.write("run\n")
    if runs.read_text().count("run") == 1:
        raise OperationalError("server closed the connection unexpectedly")


@task()
def write_done(folder: str, name: str) -> None:
    """Leaves a file named ``name``: the test sees that a worker ran it."""
    (Path(folder) / name).write_text("done")


@task()
def record_run(folder: str, number: int) -> None:
    """Writes down which worker process ran task ``number`` (for two workers on one queue)."""
    import os

    with (Path(folder) / "runs.log").open("a") as log:
        log.write(f"{number} {os.getpid()}\n")
    time.sleep(0.03)  # long enough that the other worker, started with it, takes some
