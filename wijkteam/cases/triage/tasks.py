"""Background tasks of triage. Tasks take ids and are safe to run twice; this module is the only
importer of the services they run."""

from django_tasks import task

from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.partners.actors import SYSTEM


@task()
def proposal_deadline(proposal_id: int) -> None:
    """Queued for a proposal's deadline when it is made."""
    proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal_id)
