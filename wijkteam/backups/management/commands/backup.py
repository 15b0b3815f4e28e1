from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wijkteam.backups.backup import backup_create
from wijkteam.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Maakt een back-up van de database en de mediamap, die met elkaar kloppen, in een "
        "nieuwe map wijkteam-backup-<tijd> onder MAP: de database (PostgreSQL: pg_dump van één "
        "momentopname; SQLite: de online back-up van SQLite), de mediamap als tar.gz, de "
        "ijkpunten van de audittrail en een manifest met de aantallen regels per tabel en de "
        "SHA-256 van elk bestand. Alleen leesbaar voor de eigenaar: er staan persoonsgegevens "
        "in."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", metavar="MAP", type=Path, help="de map voor back-ups")
        parser.add_argument(
            "--keep",
            type=int,
            metavar="AANTAL",
            help="verwijder daarna alle back-ups in MAP behalve de nieuwste AANTAL",
        )

    def handle(self, *args, destination: Path, keep: int | None, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep moet minstens 1 zijn.")
        try:
            made = backup_create(destination=destination, keep=keep, progress=self._progress)
        except DomainError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"{error.strerror}: {error.filename}") from error
        self.stdout.write(f"Back-up klaar: {made}")

    def _progress(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
