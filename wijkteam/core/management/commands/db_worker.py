"""django-tasks' database worker, which first makes sure every periodic task has a run queued,
and beside its tasks does the duties of ``settings.WORKER_DUTIES`` (sealing the audit trail
every few seconds; core/duties.py).

This command has the name of django_tasks_db's own and wins over it (wijkteam.core comes first
in INSTALLED_APPS), so every way of starting a worker (bin/run, a systemd unit, a container)
repairs the schedule: a worker killed in the middle of a periodic run is restarted, and at its
start the run it lost is queued again.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from wijkteam.core.duties import DutyThread, duties_run_once
from wijkteam.core.periodic import periodic_ensure


class Command(db_worker.Command):
    help = (
        "Run the background worker. At its start every periodic task without a queued run "
        "(a run lost with a killed worker, say) is queued again; beside its tasks it seals the "
        "audit trail every few seconds (with --batch: once, after the tasks)."
    )

    def handle(self, *args, **options):
        queued = periodic_ensure()
        if options["verbosity"]:
            for path in queued:
                self.stdout.write(f"queued {path}")
        if options["batch"]:
            super().handle(*args, **options)
            duties_run_once()
            return
        if options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's watching process: the worker (and its duties) run in its child.
            super().handle(*args, **options)
            return
        duties = DutyThread()
        duties.start()
        try:
            super().handle(*args, **options)
        finally:
            duties.stop()
