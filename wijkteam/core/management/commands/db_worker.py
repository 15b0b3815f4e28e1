"""django-tasks' database worker, which first makes sure every periodic task has a run queued.

This command has the name of django_tasks_db's own and wins over it (wijkteam.core comes first
in INSTALLED_APPS), so every way of starting a worker (bin/run, a systemd unit, a container)
repairs the schedule: a worker killed in the middle of a periodic run is restarted, and at its
start the run it lost is queued again.
"""

from django_tasks_db.management.commands import db_worker

from wijkteam.core.periodic import periodic_ensure


class Command(db_worker.Command):
    help = (
        "Run the background worker. At its start every periodic task without a queued run "
        "(a run lost with a killed worker, say) is queued again."
    )

    def handle(self, *args, **options):
        queued = periodic_ensure()
        if options["verbosity"]:
            for path in queued:
                self.stdout.write(f"queued {path}")
        super().handle(*args, **options)
