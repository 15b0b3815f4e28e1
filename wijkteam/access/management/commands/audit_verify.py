from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wijkteam.access.audit import audit_chain_verify

REASONS = {
    "link": "de regel verwijst niet naar de hash van de regel ervoor "
    "(een regel is verwijderd, ingevoegd of verplaatst)",
    "content": "de inhoud van de regel klopt niet meer met zijn hash (de regel is gewijzigd)",
}


class Command(BaseCommand):
    help = (
        "Controleert de hashketen van de audittrail en meldt de eerste gebroken schakel. "
        "Eindigt met code 1 als de keten niet klopt."
    )

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if report.broken is None:
            self.stdout.write(
                f"Audittrail in orde: {report.checked:,} regels gecontroleerd. "
                f"Laatste hash: {report.head_hash}"
            )
            return
        broken = report.broken
        at = timezone.localtime(broken.at).strftime("%Y-%m-%d %H:%M:%S")
        raise CommandError(
            f"Eerste gebroken schakel: regel {broken.entry_id} ({at}): {REASONS[broken.reason]}. "
            f"De {report.checked:,} regels ervoor zijn in orde."
        )
