from django.core.management.base import BaseCommand

from wijkteam.core.periodic import periodic_ensure


class Command(BaseCommand):
    help = (
        "Queue the periodic background tasks (deadline sweep, daily digest, nightly retention "
        "run, hourly audit trail checkpoint) for the worker. Safe to run at every start: a task "
        "that is already queued is not queued again."
    )

    def handle(self, *args, **options):
        queued = periodic_ensure()
        for path in queued:
            self.stdout.write(f"queued {path}")
        if not queued:
            self.stdout.write("all periodic tasks already queued")
