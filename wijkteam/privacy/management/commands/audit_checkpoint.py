from django.core.management.base import BaseCommand
from django.utils import timezone

from wijkteam.privacy.audit_checkpoints import audit_checkpoint_publish


class Command(BaseCommand):
    help = (
        "Legt nu een ondertekend ijkpunt van de audittrail vast (de achtergrondtaak doet dit elk "
        "uur): het aantal regels, de laatste regel en zijn hash, achteraan in het "
        "ijkpuntenbestand en, als WIJKTEAM_AUDIT_CHECKPOINT_EMAIL is ingesteld, per e-mail."
    )

    def handle(self, *args, **options):
        published = audit_checkpoint_publish()
        checkpoint = published.checkpoint
        at = timezone.localtime(checkpoint.at).strftime("%Y-%m-%d %H:%M:%S")
        last = f"laatste regel {checkpoint.last_id}" if checkpoint.last_id else "nog leeg"
        self.stdout.write(
            f"Ijkpunt vastgelegd ({at}): {checkpoint.rows:,} regels, {last}. "
            f"Bestand: {published.path}"
        )
        if published.mailed_to:
            self.stdout.write(f"Ook gemaild naar {published.mailed_to}.")
