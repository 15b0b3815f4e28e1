"""Give an app its Open311 key from the command line (as a functional admin does in Beheer):
prints the key once, and only the key, so that a script can take it."""

from django.core.management.base import BaseCommand, CommandError

from wijkteam.core.errors import DomainError
from wijkteam.open311.services import open311_app_create
from wijkteam.partners.actors import SYSTEM


class Command(BaseCommand):
    help = "Give an app an Open311 key (printed once; only its hash is kept)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the app's name, as Beheer lists it")
        parser.add_argument("contact_email", help="whom to mail about the app")

    def handle(self, *args, name: str, contact_email: str, **options):
        try:
            new = open311_app_create(actor=SYSTEM, name=name, contact_email=contact_email)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stderr.write(f"App {new.app.name} (#{new.app.pk}): the key below is shown once.")
        self.stdout.write(new.key)
