from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import translation

from wijkteam.core.errors import DomainError
from wijkteam.demo.picture_history import MONTHS
from wijkteam.demo.services import demo_data_load
from wijkteam.demo.veenendaal import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Laad de Veenendaalse demogegevens: zes wijken met buurten (benaderde grenzen), de "
        "partners, wijkteams en demo-accounts voor elke rol. Opnieuw draaien is veilig."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-accounts", action="store_true", help="de lijst met demo-accounts niet tonen"
        )

    def handle(self, *args, quiet_accounts: bool, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(quiet_accounts)

    def _handle(self, quiet_accounts: bool) -> None:
        try:
            report = demo_data_load(demo_mode=settings.DEMO_MODE)
        except DomainError as error:
            raise CommandError(error.message) from error
        if report.areas:
            for label, counts in (
                ("Wijken", report.areas.districts),
                ("Buurten", report.areas.neighbourhoods),
            ):
                self.stdout.write(
                    f"{label}: {len(counts.created)} nieuw, {len(counts.updated)} bijgewerkt, "
                    f"{len(counts.unchanged)} ongewijzigd"
                )
        if report.addresses:
            self.stdout.write(
                f"Adresregister: {report.addresses.created} nieuw, "
                f"{report.addresses.updated} bijgewerkt, {report.addresses.unchanged} ongewijzigd"
            )
        else:
            self.stdout.write("Het adresregister bevat geïmporteerde adressen; die blijven staan.")
        if report.kept_official_boundaries:
            self.stdout.write(
                f"{report.kept_official_boundaries} wijken hebben officiële grenzen; "
                "die blijven staan."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demogegevens geladen: {len(report.users)} accounts, "
                f"{report.signals_created} nieuwe demomeldingen, "
                f"{report.history_cases} eerdere casussen met besluit, "
                f"{report.triage_rules_created} nieuwe triage-afspraken, "
                f"{report.meetings_created} nieuwe wijkteamoverleggen, "
                f"{report.initiatives_created} nieuwe bewonersinitiatieven, "
                f"{report.measures_created} nieuwe maatregelen."
            )
        )
        if report.picture:
            picture = report.picture
            self.stdout.write(
                f"Wijkbeeld: {picture.signals} eerdere meldingen in {picture.cases} casussen "
                f"over {MONTHS} maanden, {picture.closed} gesloten, {picture.feedback} reacties "
                f"van melders, {picture.reopened} heropend."
            )
        if report.resident_tracking_token:
            link = settings.SITE_URL + reverse(
                "portal:track", args=[report.resident_tracking_token]
            )
            self.stdout.write(
                "De pagina van de demobewoner (melding in behandeling bij Veenvesters; alleen nu "
                f"getoond): {link}"
            )
        if quiet_accounts:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD})")
        width = max(len(u.email) for u in report.users)
        for user in report.users:
            teams = ", ".join(
                f"{m.get_function_display()} {m.team.district.name}"
                for m in user.team_memberships.select_related("team__district")
            )
            self.stdout.write(
                f"  {user.email:<{width}}  {user.get_role_display():<22} "
                f"{user.organisation.name:<30} {teams}"
            )
