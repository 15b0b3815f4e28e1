"""Builders for the retention tests: cases worked and closed through the real services, at a
moment in the past, with every kind of personal data a case collects."""

from datetime import datetime, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import time_machine
from django.conf import settings
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.cases.support import address, case_of, fan_out, local, open_proposal
from wijkteam.access.models import AuditEntry
from wijkteam.cases.closure.feedback import feedback_give
from wijkteam.cases.closure.outcome import case_close, case_resolve
from wijkteam.cases.documents import case_document_add, process_document
from wijkteam.cases.handling import case_action_complete, case_action_create, case_note_add
from wijkteam.cases.models import (
    Case,
    CaseAction,
    CaseDocument,
    CaseEvent,
    CaseNote,
    CaseSignal,
    CaseStatus,
    Feedback,
    NoteVisibility,
    Outcome,
    Proposal,
    ProposalResponse,
    ResponseKind,
)
from wijkteam.cases.summary import case_remark, case_summary_set
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.cases.triage.responses import proposal_respond
from wijkteam.intake.services import signal_intake
from wijkteam.notifications.models import Notification, OutgoingEmail
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.models import (
    ArrearsDetails,
    Attachment,
    Category,
    Channel,
    Reporter,
    Signal,
    SignalEvent,
)
from wijkteam.signals.photos import process_photo
from wijkteam.signals.services import ArrearsInput, ReporterInput

NAME, EMAIL, PHONE = "Rik Melder", "rik@example.test", "06 9876 5432"
DESCRIPTION = "Rik Melder (nr 3) hoort elke nacht harde muziek bij de buren op nummer 5."
NOTE = "Buurman Jansen zegt dat hij nachtdiensten draait."


def jpeg() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.effect_noise((40, 20), 64).convert("RGB").save(buffer, format="JPEG")
    return SimpleUploadedFile("foto-van-rik.jpg", buffer.getvalue(), content_type="image/jpeg")


def png() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "orange").save(buffer, format="PNG")
    return SimpleUploadedFile("brief-aan-jansen.png", buffer.getvalue(), content_type="image/png")


def _agree(world, case: Case) -> Case:
    case.refresh_from_db()
    if case.status == CaseStatus.CONSULTATION:
        proposal = open_proposal(case)
        proposal_respond(
            actor=world.agent_a,
            proposal=proposal,
            kind=ResponseKind.AGREE,
            reason="De familie Jansen is bij ons bekend.",
        )
        proposal_deadline_pass(
            actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
        )
        case.refresh_from_db()
    assert case.status == CaseStatus.HANDLING, case.status
    return case


def _work_and_close(world, case: Case, *, worker, closed_at: datetime) -> Case:
    case_summary_set(actor=worker, case=case, summary="Geluidsoverlast door Jansen op nummer 5.")
    action = case_action_create(
        actor=worker,
        case=case,
        description="Gesprek met meneer Jansen",
        owner_organisation=worker.organisation,
        due_date=timezone.localdate() + timedelta(days=3),
    )
    case_action_complete(actor=worker, action=action, result="Jansen belooft beterschap.")
    case_note_add(actor=worker, case=case, text=NOTE, visibility=NoteVisibility.PARTNERS)
    case_remark(actor=worker, case=case, text="Rik belde nog een keer.")
    case_document_add(
        actor=worker, case=case, document=process_document(upload=png()), title="Brief Jansen"
    )
    case_resolve(
        actor=worker,
        case=case,
        outcome=Outcome.SOLVED,
        message="Beste Rik, wij spraken met uw buurman. Melding {melding} is opgelost.",
    )
    for reporter in Reporter.objects.filter(signal__case_link__case=case, is_anonymous=False):
        feedback_give(
            actor=SYSTEM,
            reporter=reporter,
            satisfied=True,
            comment="Dank, groet Rik (06 9876 5432)",
        )
    case_close(actor=worker, case=case, at=closed_at)
    case.refresh_from_db()
    return case


def closed_case(
    world,
    *,
    closed_at: datetime,
    slug: str = "overlast-geluid",
    number: int = 3,
    postcode: str = "3999AA",
    location=None,
) -> Case:
    """A resident's report (with name, email, phone and a photo) that became a case, was worked
    by its lead (summary, action, note, remark, document), closed with a message, answered by the
    reporter, and closed at ``closed_at``."""
    with time_machine.travel(closed_at - timedelta(days=20), tick=False):
        created = signal_intake(
            actor=SYSTEM,
            channel=Channel.RESIDENT_WEB,
            category=Category.objects.get(slug=slug),
            description=DESCRIPTION,
            location=location or address(postcode=postcode, number=number, addition="B"),
            reporter=ReporterInput(name=NAME, email=EMAIL, phone=PHONE),
            photos=[process_photo(upload=jpeg())],
        )
        # The receipt goes out after commit (it names no case).
        fan_out()
        signal = created.signal
        case = _agree(world, case_of(signal))
        worker = {
            world.corporatie: world.consulent_a,
            world.gemeente: world.wijkmanager_a,
            world.politie: world.agent_a,
            world.welzijn: world.opbouwwerker_a,
        }[case.lead]
        return _work_and_close(world, case, worker=worker, closed_at=closed_at)


def closed_arrears_case(world, *, closed_at: datetime, number: int = 11) -> Case:
    """A confidential arrears signal of the corporation, worked and closed at ``closed_at``."""
    with time_machine.travel(closed_at - timedelta(days=20), tick=False):
        signal = signal_intake(
            actor=world.rent_admin,
            channel=Channel.ARREARS_FORM,
            category=Category.objects.get(slug="financieel-huurachterstand"),
            description="Huurder meldt ziekte in het gezin.",
            location=address(postcode="3999AB", number=number),
            receiving_organisation=world.corporatie,
            external_reference=f"HA-{number}",
            is_tenant=True,
            arrears=ArrearsInput(
                tenant_name="Fam. Jansen",
                amount=Decimal("1234.56"),
                months=3,
                signal_date=(closed_at - timedelta(days=30)).date(),
            ),
        ).signal
        case = _agree(world, case_of(signal))
        return _work_and_close(world, case, worker=world.consulent_a, closed_at=closed_at)


NOW = local(2026, 6, 15, 10, 0)
THIRTEEN_MONTHS_AGO = local(2025, 5, 15, 12, 0)
ELEVEN_MONTHS_AGO = local(2025, 7, 15, 12, 0)
# Every model the retention run could touch.
SNAPSHOT_MODELS = (
    Case,
    CaseSignal,
    CaseEvent,
    CaseNote,
    CaseAction,
    CaseDocument,
    Feedback,
    Proposal,
    ProposalResponse,
    Signal,
    Reporter,
    Attachment,
    SignalEvent,
    ArrearsDetails,
    OutgoingEmail,
    Notification,
    AuditEntry,
)


def files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def snapshot() -> dict:
    """Every row the run could touch, and the files on disk."""
    rows = {
        model._meta.label: serializers.serialize("python", model.objects.order_by("pk"))
        for model in SNAPSHOT_MODELS
    }
    return {"rows": rows, "files": files()}
