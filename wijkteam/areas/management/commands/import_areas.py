from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wijkteam.areas.geojson import AreaImportError, parse_areas
from wijkteam.areas.services import areas_import


class Command(BaseCommand):
    help = (
        "Importeer wijken en buurten uit een CBS/PDOK 'Wijken en Buurten' GeoJSON-bestand "
        "(OGC API Features, CRS84). Opnieuw importeren is veilig: ongewijzigde gebieden blijven "
        "ongemoeid."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="GeoJSON-bestand (FeatureCollection) met wijken of buurten"
        )
        parser.add_argument(
            "--gemeente",
            metavar="GM0345",
            help="alleen features van deze gemeentecode importeren (andere worden overgeslagen)",
        )

    def handle(self, *args, path: str, gemeente: str | None, verbosity: int, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        self.stdout.write(f"Lezen en controleren: {file.name} ({file.stat().st_size:,} bytes)")
        try:
            parsed = parse_areas(file.read_bytes(), municipality_code=gemeente)
        except AreaImportError as error:
            raise CommandError(f"Niets geïmporteerd. {error.message}") from error
        self.stdout.write(
            f"Gevonden: {len(parsed.districts)} wijken en {len(parsed.neighbourhoods)} buurten"
            + (
                f" ({parsed.skipped_other_municipality} features van andere gemeenten overgeslagen)"
                if parsed.skipped_other_municipality
                else ""
            )
        )

        def progress(label: str, done: int, total: int) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  {label}: {done}/{total} ({100 * done // total}%)")

        report = areas_import(parsed=parsed, progress=progress)
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"Let op: {warning}"))
        for label, counts in (("Wijken", report.districts), ("Buurten", report.neighbourhoods)):
            self.stdout.write(
                f"{label}: {len(counts.created)} nieuw, {len(counts.updated)} bijgewerkt, "
                f"{len(counts.unchanged)} ongewijzigd"
            )
            if verbosity >= 2:
                for verb, codes in (("nieuw", counts.created), ("bijgewerkt", counts.updated)):
                    if codes:
                        self.stdout.write(f"  {verb}: {', '.join(sorted(codes))}")
        self.stdout.write(self.style.SUCCESS("Import voltooid."))
