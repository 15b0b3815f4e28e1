from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wijkteam.access.audit import audit_chain_verify
from wijkteam.access.checkpoints import (
    Checkpoint,
    CheckpointProblem,
    CheckpointReport,
    checkpoints_check,
)

REASONS = {
    "link": "de regel verwijst niet naar de hash van de regel ervoor "
    "(een regel is verwijderd, ingevoegd of verplaatst)",
    "content": "de inhoud van de regel klopt niet meer met zijn hash (de regel is gewijzigd)",
}
# Problems named one by one; the rest are counted.
SHOWN = 10


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _describe(problem: CheckpointProblem, report: CheckpointReport) -> str:
    where = f"{report.path}, regel {problem.line}"
    if problem.kind == "forged":
        return (
            f"Ijkpunt vervalst of beschadigd ({where}): de regel is geen ijkpunt met een geldige "
            "handtekening onder de sleutel van de audittrail."
        )
    checkpoint: Checkpoint = problem.checkpoint
    then = (
        f"bij het ijkpunt van {_when(checkpoint.at)} ({where}) telde de audittrail "
        f"{checkpoint.rows:,} regels, de laatste regel {checkpoint.last_id}"
    )
    if problem.kind == "missing":
        return (
            f"Het einde van de audittrail ontbreekt: {then}; die regel is er niet meer en de "
            f"audittrail telt nu {problem.rows_now:,} regels. Er zijn regels aan het einde "
            "verwijderd (of alle regels)."
        )
    if problem.kind == "changed":
        return (
            f"De audittrail klopt niet met een ijkpunt: {then}, maar die regel heeft nu een "
            "andere hash."
        )
    return (
        f"De audittrail klopt niet met een ijkpunt: {then}, maar tot en met die regel telt hij "
        f"nu {problem.rows_up_to:,} regels (regels verwijderd of ingevoegd)."
    )


class Command(BaseCommand):
    help = (
        "Controleert de hashketen van de audittrail en meldt de eerste gebroken schakel, en "
        "houdt de audittrail tegen elk ijkpunt in het ijkpuntenbestand, zodat ook verwijderde "
        "regels aan het einde worden gevonden. Eindigt met code 1 als er iets niet klopt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            metavar="BESTAND",
            type=Path,
            help="een ander ijkpuntenbestand, bijvoorbeeld met de regels uit de gemailde "
            "ijkpunten (standaard: WIJKTEAM_AUDIT_CHECKPOINT_FILE)",
        )

    def handle(self, *args, checkpoints: Path | None = None, **options):
        chain = audit_chain_verify()
        anchors = checkpoints_check(path=checkpoints)
        errors = []
        if chain.broken is not None:
            broken = chain.broken
            errors.append(
                f"Eerste gebroken schakel: regel {broken.entry_id} ({_when(broken.at)}): "
                f"{REASONS[broken.reason]}. De {chain.checked:,} regels ervoor zijn in orde."
            )
        errors += [_describe(problem, anchors) for problem in anchors.problems[:SHOWN]]
        if len(anchors.problems) > SHOWN:
            errors.append(f"En nog {len(anchors.problems) - SHOWN} ijkpunten die niet kloppen.")
        if errors:
            raise CommandError("\n".join(errors))
        self.stdout.write(
            f"Audittrail in orde: {chain.checked:,} regels gecontroleerd. "
            f"Laatste hash: {chain.head_hash}"
        )
        if anchors.latest is None:
            self.stderr.write(
                f"Let op: geen ijkpunten in {anchors.path}. Of er regels aan het einde van de "
                "audittrail zijn verwijderd, is zonder ijkpunten niet te zien "
                "(manage.py audit_checkpoint legt er een vast)."
            )
            return
        latest = anchors.latest
        self.stdout.write(
            f"Ijkpunten in orde: {anchors.checked:,} gecontroleerd; het laatste is van "
            f"{_when(latest.at)} ({latest.rows:,} regels)."
        )
