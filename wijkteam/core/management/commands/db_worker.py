"""django-tasks' database worker, which first makes sure every periodic task has a run queued
and every task lost with a dead worker is queued again, keeps a heartbeat while it runs (so that
its own tasks are not taken for lost; core/lease.py), and beside its tasks does the duties of
``settings.WORKER_DUTIES`` (sealing the audit trail every few seconds, queueing lost tasks
again; core/duties.py).

This command has the name of django_tasks_db's own and wins over it (wijkteam.core comes first
in INSTALLED_APPS), so every way of starting a worker (bin/run, a systemd unit, a container)
repairs the schedule: a worker killed in the middle of a periodic run is restarted, and at its
start the run it lost is queued again.
"""

import os

from django.core.management import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from wijkteam.core.duties import DutyThread, duties_run_once
from wijkteam.core.lease import HeartbeatThread, tasks_reclaim, worker_beat, worker_stopped
from wijkteam.core.periodic import periodic_ensure
from wijkteam.core.worker import SteadyWorker


class Command(db_worker.Command):
    help = (
        "Run the background worker. At its start every periodic task without a queued run "
        "(a run lost with a killed worker, say) is queued again, and so is every task whose "
        "worker stopped beating a lease ago; beside its tasks it seals the audit trail every "
        "few seconds and looks for lost tasks (with --batch: once, after the tasks)."
    )

    def handle(self, *args, **options):
        queued = periodic_ensure()
        reclaimed = tasks_reclaim()
        if options["verbosity"]:
            for path in queued:
                self.stdout.write(f"queued {path}")
            for task_id in reclaimed:
                self.stdout.write(f"queued again {task_id}")
        watching = os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if options["reload"] and not options["batch"] and watching:
            # The autoreloader's watching process: the worker (and its duties) run in its
            # child, which beats for itself.
            super().handle(*args, **options)
            return
        worker_id = options["worker_id"]
        worker_beat(worker_id)
        heartbeat = HeartbeatThread(worker_id)
        heartbeat.start()
        duties = None if options["batch"] else DutyThread()
        if duties:
            duties.start()
        try:
            self._work(options)
            if options["batch"]:
                duties_run_once()
        finally:
            if duties:
                duties.stop()
            heartbeat.stop()
            worker_stopped(worker_id)

    def _work(self, options: dict) -> None:
        """django_tasks_db's worker loop without the reloader (its command's own steps), with
        the worker that rides out a database restart (core/worker.py)."""
        self.configure_logging(options["verbosity"])
        if options["exclude_queues"] and "*" not in options["queue_name"].split(","):
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SteadyWorker.from_options(options)
        worker.configure_signals()
        if options["reload"] and not options["batch"]:
            run_with_reloader(worker.run)  # the reloader's child: ends when a file changes
        else:
            worker.run()
