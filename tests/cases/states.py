"""Cases in the states the services' own checks are about, built through the services
themselves (the authorization table in test_service_authorization uses them)."""

from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from tests.cases.support import address, case_of, intake, open_proposal
from wijkteam.cases.closure.feedback import feedback_give
from wijkteam.cases.closure.outcome import case_resolve
from wijkteam.cases.documents import case_document_add, process_document
from wijkteam.cases.handling import case_action_create
from wijkteam.cases.models import Case, CaseAction, CaseDocument, CaseStatus, Feedback, Outcome
from wijkteam.cases.regrouping import case_merge
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.models import Channel, Reporter, Signal
from wijkteam.signals.services import ReporterInput


def noise(world, number: int = 1, **extra) -> Case:
    """A tenant's noise report, received by the corporation, its case in consultation."""
    extra.setdefault("receiving_organisation", world.corporatie)
    return case_of(intake("overlast-geluid", location=address(number=number), **extra))


def reported(world, number: int = 1) -> Case:
    return noise(
        world,
        number,
        channel=Channel.RESIDENT_WEB,
        receiving_organisation=None,
        reporter=ReporterInput(name="Rik Melder", email="rik@example.test"),
    )


def led(case: Case) -> Case:
    """The corporation agreed as lead by silence: the case is being handled."""
    proposal = open_proposal(case)
    proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.HANDLING
    return case


def resolved(world, case: Case) -> Case:
    case_resolve(actor=world.consulent_a, case=led(case), outcome=Outcome.SOLVED, message="Klaar.")
    case.refresh_from_db()
    return case


def data_removed(case: Case) -> Case:
    Case.objects.filter(pk=case.pk).update(retention_applied_at=timezone.now())
    case.refresh_from_db()
    return case


def merged(world, case: Case) -> Case:
    case_merge(actor=world.wijkmanager_a, case=case, into=noise(world, 77), reason="Dubbel")
    case.refresh_from_db()
    return case


def two_signals(world) -> tuple[Case, Signal]:
    """A case with two signals, and the second of them."""
    case = noise(world)
    second = intake("overlast-dieren", location=address(number=1))
    assert case_of(second) == case
    return case, second


def action_of(world, case: Case) -> CaseAction:
    return case_action_create(
        actor=world.wijkmanager_a,
        case=case,
        description="Gesprek met de buren",
        owner_organisation=world.welzijn,
        due_date=timezone.localdate() + timedelta(days=7),
    )


def pdf_upload():
    """A plain one-page letter, as the PDF check accepts it (written by a real PDF library)."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    body = BytesIO()
    writer.write(body)
    return process_document(upload=SimpleUploadedFile("brief.pdf", body.getvalue()))


def document_of(world, case: Case) -> CaseDocument:
    return case_document_add(actor=world.consulent_a, case=case, document=pdf_upload())


def feedback_of(world, *, satisfied: bool) -> Feedback:
    case = resolved(world, reported(world))
    reporter = Reporter.objects.get(signal__case_link__case=case)
    return feedback_give(actor=SYSTEM, reporter=reporter, satisfied=satisfied)


def care_case(world) -> Case:
    """A care worry received by Welzijn: only the organisations taking part see its details;
    the corporation's consulent is in the team but does not."""
    case = case_of(
        intake(
            "zorg-verwaarlozing",
            location=address(number=7, postcode="3999AB"),
            receiving_organisation=world.welzijn,
        )
    )
    intake(
        "zorg-eenzaamheid",
        location=address(number=7, postcode="3999AB"),
        receiving_organisation=world.welzijn,
    )
    assert case.links.count() == 2
    return case
