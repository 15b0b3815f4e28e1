from django.core.management.base import BaseCommand

from wijkteam.cases.figures import figures_rebuild
from wijkteam.signals.counts import counts_rebuild
from wijkteam.wijkbeeld.freshness import picture_changed


class Command(BaseCommand):
    help = (
        "Tel het wijkbeeld opnieuw vanaf het begin: de meldingen per maand, buurt en categorie "
        "en de cijfers per casus. Veilig om opnieuw te draaien; de pagina's blijven werken."
    )

    def handle(self, *args, verbosity: int, **options):
        def step(label: str):
            def progress(done: int, total: int) -> None:
                if verbosity:
                    self.stdout.write(f"{label}: {done} van {total} ({done * 100 // total}%)")

            return progress

        counts_rebuild(progress=step("Meldingen (wijk × jaar)"))
        cases = figures_rebuild(progress=step("Casussen"))
        picture_changed()
        self.stdout.write(self.style.SUCCESS(f"Wijkbeeld opnieuw geteld ({cases} casussen)."))
