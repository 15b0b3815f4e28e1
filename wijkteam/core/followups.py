"""Background work a step leaves for after it committed (telling the partners, the reporter's
receipt, a proposal's deadline), queued in the step's own transaction: it is there exactly when
the step is.

``follow_up(task, **kwargs)`` queues one task. Inside ``followups_together()`` (the intake;
the demo's record of its past) the tasks are collected, each once, and queued as one row at
the end of the block: the worker's
``queue_followups`` then queues each of them, so a report writes one task row however many
things follow from it. Every task queued this way must be safe to run twice (a worker killed
halfway runs ``queue_followups`` again)."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task

# The jobs collected by ``followups_together``, each once, by a key of its own.
_collected: ContextVar[dict[str, list[Any]] | None] = ContextVar("followups", default=None)


def follow_up(work: Task, *, run_after: datetime | None = None, **kwargs: Any) -> None:
    """Queue ``work(**kwargs)`` (not before ``run_after``) in the caller's transaction."""
    collected = _collected.get()
    if collected is None:
        work.using(run_after=run_after).enqueue(**kwargs)
    else:
        job = [work.module_path, kwargs, run_after.isoformat() if run_after else None]
        # The same follow-up twice in one block is queued once.
        collected.setdefault(json.dumps(job, sort_keys=True), job)


@contextmanager
def followups_together() -> Iterator[None]:
    if _collected.get() is not None:
        yield  # the outer block queues them
        return
    token = _collected.set({})
    try:
        yield
        jobs = list(_collected.get().values())
    finally:
        _collected.reset(token)
    if len(jobs) == 1:
        path, kwargs, run_after = jobs[0]
        follow_up(import_string(path), run_after=_moment(run_after), **kwargs)
    elif jobs:
        queue_followups.enqueue(jobs=jobs)


def _moment(value: str | None) -> datetime | None:
    return parse_datetime(value) if value else None


@task()
def queue_followups(*, jobs: list[list[Any]]) -> None:
    """Queue each task a step left for after it committed, as its own task."""
    for path, kwargs, run_after in jobs:
        import_string(path).using(run_after=_moment(run_after)).enqueue(**kwargs)
