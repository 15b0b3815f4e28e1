from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wijkteam.areas.address_file.reader import parse_addresses
from wijkteam.areas.address_file.rows import AddressImportError
from wijkteam.areas.services import addresses_import


class Command(BaseCommand):
    help = (
        "Importeer BAG-adressen in het lokale adresregister, uit Locatieserver-resultaten (JSON, "
        "response.docs van /free of /lookup) of een CSV-bestand (postcode;huisnummer;toevoeging;"
        "straat;woonplaats;bag_id;lat;lon, of x;y in RD). Met het register controleert Wijkteam "
        "adressen ook als PDOK niet bereikbaar is. Opnieuw importeren is veilig."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON- of CSV-bestand met adressen")
        parser.add_argument(
            "--gemeente",
            metavar="GM0345",
            help="alleen adressen van deze gemeentecode importeren (andere worden overgeslagen)",
        )

    def handle(self, *args, path: str, gemeente: str | None, verbosity: int, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        self.stdout.write(f"Lezen en controleren: {file.name} ({file.stat().st_size:,} bytes)")
        try:
            parsed = parse_addresses(file.read_bytes(), municipality_code=gemeente)
        except AddressImportError as error:
            raise CommandError(error.message) from error
        skipped = []
        if parsed.skipped_other_type:
            skipped.append(f"{parsed.skipped_other_type} resultaten die geen adres zijn")
        if parsed.skipped_other_municipality:
            skipped.append(f"{parsed.skipped_other_municipality} adressen van andere gemeenten")
        self.stdout.write(
            f"Gevonden: {len(parsed.rows)} adressen ({parsed.format.upper()})"
            + (f"; overgeslagen: {', '.join(skipped)}" if skipped else "")
        )

        def progress(label: str, done: int, total: int) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  {label}: {done}/{total} ({100 * done // total}%)")

        report = addresses_import(parsed=parsed, progress=progress)
        if report.outside_areas:
            self.stdout.write(
                self.style.WARNING(
                    f"Let op: {report.outside_areas} adressen liggen in geen van de bekende "
                    "wijken; importeer eerst de wijken en buurten (import_areas) en daarna de "
                    "adressen opnieuw."
                )
            )
        self.stdout.write(
            f"Adressen: {report.created} nieuw, {report.updated} bijgewerkt, "
            f"{report.unchanged} ongewijzigd"
        )
        self.stdout.write(self.style.SUCCESS("Import voltooid."))
