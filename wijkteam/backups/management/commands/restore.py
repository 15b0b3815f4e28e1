from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wijkteam.backups.restore import backup_restore
from wijkteam.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Zet een back-up (de map die manage.py backup maakte) terug in een nieuwe, lege "
        "database (DATABASE_URL) en een nieuwe of lege mediamap (WIJKTEAM_MEDIA_ROOT), en "
        "controleert daarna de aantallen regels per tabel, de SHA-256 van elk mediabestand en "
        "de audittrail (audit_verify) tegen het manifest van de back-up. Weigert een database "
        "met tabellen of een mediamap met bestanden."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="BACKUP", type=Path, help="de map van de back-up")

    def handle(self, *args, source: Path, **options):
        try:
            pending = backup_restore(source=source, progress=self._progress)
        except DomainError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"{error.strerror}: {error.filename}") from error
        self.stdout.write("Teruggezet en gecontroleerd: de kopie klopt met de back-up.")
        if pending:
            self.stdout.write(
                f"Deze versie van Wijkteam heeft {len(pending)} migraties die de back-up nog niet "
                "had: voer manage.py migrate uit voordat u de website en de achtergrondtaak start."
            )

    def _progress(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
