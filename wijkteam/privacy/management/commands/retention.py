from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from wijkteam.partners.actors import SYSTEM
from wijkteam.privacy.retention import (
    KINDS,
    InitiativeRemoval,
    Removal,
    SignalRemoval,
    housekeeping_due,
    housekeeping_run,
    initiative_inventory,
    initiatives_due,
    initiatives_retention_run,
    leftovers_due,
    leftovers_remove,
    retention_plan,
    retention_run,
    unconfirmed_due,
    unconfirmed_remove,
    unplaced_plan,
    unplaced_retention_run,
)


class Command(BaseCommand):
    help = (
        "Verwijder de persoonsgegevens van gesloten casussen, meldingen die nooit in een casus "
        "kwamen en afgelopen bewonersinitiatieven waarvan de bewaartermijn voorbij is, foto's "
        "van meldformulieren die niemand verstuurde en ideeën en steunbetuigingen die niemand "
        "bevestigde, en ruim de oude regels op van tabellen die vanzelf groeien (de "
        "achtergrondtaak doet dit elke nacht). Met --dry-run: toon wat er zou verdwijnen, "
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
        signals = 0
        for removal in unplaced_plan():
            signals += 1
            self._describe_signal(removal)
        self.stdout.write(
            f"{signals} melding(en) zonder casus aan de beurt."
            if signals
            else "Geen meldingen zonder casus aan de beurt."
        )
        self.stdout.write(f"{leftovers_due()} foto('s) van niet verstuurde meldformulieren.")
        initiatives = 0
        for removal in initiative_inventory(initiatives_due().iterator(chunk_size=200)):
            initiatives += 1
            self._describe_initiative(removal)
        self.stdout.write(
            f"{initiatives} bewonersinitiatief/-initiatieven aan de beurt."
            if initiatives
            else "Geen bewonersinitiatieven aan de beurt."
        )
        unconfirmed = unconfirmed_due()
        self.stdout.write(
            f"{unconfirmed.ideas} niet bevestigd(e) idee(ën) en {unconfirmed.supports} niet "
            "bevestigde steunbetuiging(en) met een verlopen link."
        )
        self._housekeeping(housekeeping_due())

    def _housekeeping(self, counts: dict[str, int], *, heading: str = "Opruimen:") -> None:
        self.stdout.write(heading)
        for kind in KINDS:
            self.stdout.write(f"  - {kind.label}: {counts[kind.key]}")

    def _describe_initiative(self, removal: InitiativeRemoval) -> None:
        initiative = removal.initiative
        ended = timezone.localtime(initiative.ended_at).strftime("%d-%m-%Y")
        self.stdout.write(
            f"{initiative.reference}  {initiative.get_stage_display()}  afgelopen {ended}  "
            f"(bewaartermijn {removal.months} maanden)"
        )
        self._what_goes(removal.lines())

    def _describe(self, removal: Removal) -> None:
        case = removal.case
        closed = timezone.localtime(case.closed_at).strftime("%d-%m-%Y")
        free_text = "vrije tekst blijft" if removal.keeps_free_text else "vrije tekst gaat weg"
        self.stdout.write(
            f"{case.reference}  {case.category}  gesloten {closed}  "
            f"(bewaartermijn {removal.months} maanden, {free_text})"
        )
        self._what_goes(removal.lines())

    def _describe_signal(self, removal: SignalRemoval) -> None:
        signal = removal.signal
        changed = timezone.localtime(signal.last_change).strftime("%d-%m-%Y")
        free_text = "vrije tekst blijft" if removal.keeps_free_text else "vrije tekst gaat weg"
        self.stdout.write(
            f"{signal.reference}  {signal.category}  zonder casus, laatst gewijzigd {changed}  "
            f"(bewaartermijn {removal.months} maanden, {free_text})"
        )
        self._what_goes(removal.lines())

    def _what_goes(self, lines) -> None:
        for label, number in lines:
            self.stdout.write(f"  - {label}: {number}")
        if not lines:
            self.stdout.write("  - niets persoonlijks meer gevonden")

    def _run(self) -> None:
        report = retention_run(actor=SYSTEM)
        self.stdout.write(f"{report.cases} casus(sen) geanonimiseerd.")
        for label, number in report.lines():
            self.stdout.write(f"  - {label}: {number}")
        # Named only when there was something to do, as the initiatives below.
        signals = unplaced_retention_run(actor=SYSTEM)
        if signals.signals or signals.failed:
            self.stdout.write(f"{signals.signals} melding(en) zonder casus geanonimiseerd.")
        for label, number in signals.lines():
            self.stdout.write(f"  - {label}: {number}")
        removed = leftovers_remove()
        self.stdout.write(f"{removed} foto('s) van niet verstuurde meldformulieren verwijderd.")
        # Initiatives are named only when there was something to do: most nights there is not.
        unconfirmed = unconfirmed_remove(actor=SYSTEM)
        if unconfirmed.ideas or unconfirmed.supports:
            self.stdout.write(
                f"{unconfirmed.ideas} niet bevestigd(e) idee(ën) en {unconfirmed.supports} niet "
                "bevestigde steunbetuiging(en) verwijderd."
            )
        initiatives = initiatives_retention_run(actor=SYSTEM)
        if initiatives.initiatives or initiatives.failed:
            self.stdout.write(
                f"{initiatives.initiatives} bewonersinitiatief/-initiatieven geanonimiseerd."
            )
        for label, number in initiatives.lines():
            self.stdout.write(f"  - {label}: {number}")
        # Named only when there was something to clean up, as the initiatives.
        removed = housekeeping_run()
        if any(removed.values()):
            self._housekeeping(removed, heading="Opgeruimd:")
        failed = [*report.failed, *signals.failed, *initiatives.failed]
        if failed:
            raise CommandError(
                f"Mislukt (de volgende ronde probeert het opnieuw): {', '.join(failed)}"
            )
