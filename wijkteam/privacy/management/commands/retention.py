from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from wijkteam.partners.actors import SYSTEM
from wijkteam.privacy.retention import (
    Removal,
    leftovers_due,
    leftovers_remove,
    retention_plan,
    retention_run,
)


class Command(BaseCommand):
    help = (
        "Verwijder de persoonsgegevens van gesloten casussen waarvan de bewaartermijn voorbij "
        "is, en foto's van meldformulieren die niemand verstuurde (de achtergrondtaak doet dit "
        "elke nacht). Met --dry-run: toon wat er zou verdwijnen, "
        "zonder iets te veranderen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="alleen tonen wat er zou verdwijnen; er verandert niets",
        )

    def handle(self, *args, dry_run: bool, **options):
        with translation.override(settings.LANGUAGE_CODE):
            if dry_run:
                self._plan()
            else:
                self._run()

    def _plan(self) -> None:
        self.stdout.write("Proefdraai: er verandert niets.")
        count = 0
        for removal in retention_plan():
            count += 1
            self._describe(removal)
        self.stdout.write(
            f"{count} casus(sen) aan de beurt." if count else "Geen casussen aan de beurt."
        )
        self.stdout.write(f"{leftovers_due()} foto('s) van niet verstuurde meldformulieren.")

    def _describe(self, removal: Removal) -> None:
        case = removal.case
        closed = timezone.localtime(case.closed_at).strftime("%d-%m-%Y")
        free_text = "vrije tekst blijft" if removal.keeps_free_text else "vrije tekst gaat weg"
        self.stdout.write(
            f"{case.reference}  {case.category}  gesloten {closed}  "
            f"(bewaartermijn {removal.months} maanden, {free_text})"
        )
        lines = removal.lines()
        for label, number in lines:
            self.stdout.write(f"  - {label}: {number}")
        if not lines:
            self.stdout.write("  - niets persoonlijks meer gevonden")

    def _run(self) -> None:
        report = retention_run(actor=SYSTEM)
        self.stdout.write(f"{report.cases} casus(sen) geanonimiseerd.")
        for label, number in report.lines():
            self.stdout.write(f"  - {label}: {number}")
        removed = leftovers_remove()
        self.stdout.write(f"{removed} foto('s) van niet verstuurde meldformulieren verwijderd.")
        if report.failed:
            raise CommandError(
                f"Mislukt (de volgende ronde probeert het opnieuw): {', '.join(report.failed)}"
            )
