"""Milestones of a project ("struiken weggehaald", "grond verhard", "muurschildering klaar"),
with their date and photos; published once, a milestone is a line of the public story and an
email to the residents who asked for updates (updates.py).

Stages: milestones belong to a plan being carried out, so they are recorded from *plan* on, and
also once the project was realised (the opening is often its last milestone). A project that
did not go ahead gets none, and publishes none."""

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.core.written_files import atomic_with_files
from wijkteam.initiatives.models import Initiative, InitiativeUpdate, Milestone, Stage
from wijkteam.initiatives.plans import require_worker
from wijkteam.initiatives.proposals import photos_store
from wijkteam.initiatives.stages import lock_initiative
from wijkteam.initiatives.text_audit import text_facts
from wijkteam.initiatives.updates import update_add
from wijkteam.partners.actors import Actor
from wijkteam.signals.models import PendingUpload
from wijkteam.signals.photos import ProcessedPhoto

MILESTONE_STAGES = frozenset({Stage.PLAN, Stage.UNDERWAY, Stage.REALISED})
TITLE_MAX = 120
DESCRIPTION_MAX = 2000


def _require_milestone_stage(initiative: Initiative) -> None:
    if initiative.stage in MILESTONE_STAGES:
        return
    if initiative.stage == Stage.STOPPED:
        raise DomainError(_("Dit initiatief is niet doorgegaan; er komen geen mijlpalen meer bij."))
    raise DomainError(_("Mijlpalen komen er als er een plan is."))


def milestone_add(
    *,
    actor: Actor,
    initiative: Initiative,
    title: str,
    happened_on: date,
    description: str = "",
    photos: Sequence[ProcessedPhoto] = (),
    pending_uploads: Sequence[PendingUpload] = (),
) -> Milestone:
    """Record a milestone that was reached, with its photos (not published yet). A member of
    the team, from *plan* on; not for a project that did not go ahead."""
    title = (title or "").strip()
    description = (description or "").strip()
    if not title:
        raise DomainError(_("Geef de mijlpaal een titel."), field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(
            _("Houd de titel korter dan %(max)s tekens.") % {"max": TITLE_MAX}, field="title"
        )
    if len(description) > DESCRIPTION_MAX:
        raise DomainError(
            _("Houd de toelichting korter dan %(max)s tekens.") % {"max": DESCRIPTION_MAX},
            field="description",
        )
    if happened_on > timezone.localdate():
        raise DomainError(
            _("Een mijlpaal is iets wat bereikt is: de datum kan niet in de toekomst liggen."),
            field="happened_on",
        )
    with atomic_with_files():
        current = lock_initiative(initiative.pk)
        user = require_worker(actor, current)
        _require_milestone_stage(current)
        milestone = Milestone.objects.create(
            initiative=current,
            title=title,
            happened_on=happened_on,
            description=description,
            created_by=user,
        )
        photos_store(
            initiative=current,
            photos=photos,
            pending_uploads=pending_uploads,
            milestone=milestone,
        )
        audit_record(
            actor=actor,
            action="milestone_add",
            instance=milestone,
            changes={
                "initiative": current.reference,
                "title": text_facts(title),
                "description": text_facts(description),
                "happened_on": happened_on.isoformat(),
                "photos": len(photos) + len(pending_uploads),
            },
        )
    return milestone


def milestone_publish(
    *, actor: Actor, milestone: Milestone, at: datetime | None = None
) -> InitiativeUpdate:
    """Publish a milestone: a line of the public story with its title and text, emailed to the
    initiator and the supporters who asked for updates. Once: a second time is refused.
    ``at``: when it was published, if not now (the demo's past)."""
    with transaction.atomic():
        current = lock_initiative(milestone.initiative_id)
        require_worker(actor, current)
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if locked.published_at is not None:
            raise DomainError(
                _("Deze mijlpaal is al gepubliceerd, op %(day)s.")
                % {"day": timezone.localtime(locked.published_at).strftime("%d-%m-%Y")}
            )
        _require_milestone_stage(current)
        if not current.is_public:
            raise DomainError(
                _(
                    "Het initiatief is verborgen voor bewoners; maak het eerst weer zichtbaar "
                    "voordat u een bericht publiceert."
                )
            )
        locked.published_at = at or timezone.now()
        locked.save(update_fields=["published_at"])
        # The milestone's own words, as the team wrote them (not translated).
        update = update_add(
            initiative=current,
            title=locked.title,
            text=locked.description,
            milestone=locked,
            at=locked.published_at,
        )
        audit_record(
            actor=actor,
            action="milestone_publish",
            instance=locked,
            changes={"initiative": current.reference, "update": update.pk},
        )
    milestone.published_at = locked.published_at
    return update
