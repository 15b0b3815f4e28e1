from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wijkteam.access.audit import ChainReport, audit_chain_verify
from wijkteam.access.checkpoints import (
    Checkpoint,
    CheckpointProblem,
    CheckpointReport,
    checkpoints_check,
)

REASONS = {
    "gap": "de positie ervoor ontbreekt in de verzegelde keten (een verzegelde regel is "
    "verwijderd)",
    "chain": "het zegel van de regel klopt niet met de regel ervoor in de keten (een regel is "
    "ingevoegd, verplaatst of opnieuw verzegeld)",
    "content": "de inhoud van de regel klopt niet meer met zijn hash (de regel is gewijzigd of "
    "vervalst)",
    "copy": "de regel is een kopie van een andere regel (een regel is ingevoegd)",
}
# Problems named one by one; the rest are counted.
SHOWN = 10


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _broken(chain: ChainReport) -> str:
    broken = chain.broken
    where = f"positie {broken.position}" if broken.position else "nog niet verzegeld"
    reason = REASONS[broken.reason]
    if broken.original_id is not None:
        reason += f"; het origineel is regel {broken.original_id}"
    return (
        f"Eerste gebroken schakel: regel {broken.entry_id} ({_when(broken.at)}, {where}): "
        f"{reason}. De {chain.checked:,} regels ervoor zijn in orde."
    )


def _late(chain: ChainReport) -> str:
    seconds = int(chain.seal_within.total_seconds())
    return (
        f"{chain.late:,} regels van de audittrail zijn langer dan {seconds} seconden niet "
        f"verzegeld (de oudste van {_when(chain.oldest_late)}). Draait de achtergrondtaak "
        "(manage.py db_worker)? manage.py audit_seal verzegelt ze nu."
    )


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
        f"{checkpoint.rows:,} verzegelde regels, de laatste regel {checkpoint.last_id}"
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
            "andere hash (of geen zegel meer)."
        )
    return (
        f"De audittrail klopt niet met een ijkpunt: {then}, maar die regel staat nu op positie "
        f"{problem.rows_up_to:,} van de verzegelde keten (regels verwijderd of ingevoegd)."
    )


class Command(BaseCommand):
    help = (
        "Controleert de verzegelde keten van de audittrail in zegelvolgorde en meldt de eerste "
        "gebroken schakel, controleert ook de inhoud van de nog niet verzegelde regels en meldt "
        "regels die te lang niet verzegeld zijn, en houdt de audittrail tegen elk ijkpunt in "
        "het ijkpuntenbestand, zodat ook verwijderde regels aan het einde worden gevonden. "
        "Eindigt met code 1 als er iets niet klopt."
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
            errors.append(_broken(chain))
        if chain.late:
            errors.append(_late(chain))
        errors += [_describe(problem, anchors) for problem in anchors.problems[:SHOWN]]
        if len(anchors.problems) > SHOWN:
            errors.append(f"En nog {len(anchors.problems) - SHOWN} ijkpunten die niet kloppen.")
        if errors:
            raise CommandError("\n".join(errors))
        self.stdout.write(
            f"Audittrail in orde: {chain.checked:,} regels gecontroleerd, {chain.sealed:,} "
            f"verzegeld en {chain.unsealed:,} nog niet. Laatste ketenhash: {chain.head_hash}"
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
            f"{_when(latest.at)} ({latest.rows:,} verzegelde regels)."
        )
