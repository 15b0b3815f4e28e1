from django.core.management.base import BaseCommand

from wijkteam.access.seal import audit_seal, sealed_head


class Command(BaseCommand):
    help = (
        "Verzegelt nu de nieuwe regels van de audittrail (de achtergrondtaak doet dit elke paar "
        "seconden): elke vastgelegde regel die nog geen zegel heeft, krijgt de volgende positie "
        "in de keten en een ketenhash."
    )

    def handle(self, *args, **options):
        sealed = audit_seal()
        rows, last_id, last_hash = sealed_head()
        self.stdout.write(
            f"{sealed:,} regels verzegeld. De verzegelde audittrail telt {rows:,} regels"
            + (f", de laatste regel {last_id} met ketenhash {last_hash}." if last_id else ".")
        )
