"""Taking an initiative through its stages (``STAGE_TRANSITIONS``): the one service that
changes ``Initiative.stage``. Each step is a line of the public story, emailed to who asked for
updates; the step to the wijkteam tells the team's members."""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.core.translation import in_default_language
from wijkteam.initiatives.access import may_decide, team_of
from wijkteam.initiatives.models import (
    ENDED_STAGES,
    STAGE_TRANSITIONS,
    Initiative,
    Stage,
)
from wijkteam.initiatives.updates import update_add
from wijkteam.notifications.services import notify_users
from wijkteam.partners.actors import Actor, is_system, require_actor
from wijkteam.partners.models import TeamMember

# The public line for each stage reached (stored in the default language).
STAGE_TITLES = {
    Stage.TEAM: gettext_noop("Het idee ligt bij het wijkteam"),
    Stage.PLAN: gettext_noop("Er is een plan"),
    Stage.UNDERWAY: gettext_noop("Het project is begonnen"),
    Stage.REALISED: gettext_noop("Gerealiseerd"),
    Stage.STOPPED: gettext_noop("Niet doorgegaan"),
}

STOP_REASON_MAX = 2000
MESSAGE_MAX = 2000


def lock_initiative(initiative_id: int) -> Initiative:
    """The initiative, locked for the rest of the transaction (PostgreSQL; SQLite has one
    writer anyway), so that two steps at the same moment take turns."""
    return Initiative.objects.select_for_update().get(pk=initiative_id)


def initiative_stage_set(
    *,
    actor: Actor,
    initiative: Initiative,
    stage: str,
    message: str = "",
    at: datetime | None = None,
) -> Initiative:
    """Move the initiative to ``stage`` if the table allows it from where it is now.

    The team's wijkmanager or a coordinator decides; the system moves an idea to the team when
    its wijk's support threshold is reached. ``message`` is public: the reason it did not go
    ahead (required for *niet doorgegaan*), or a word on the step for the others. ``at``: when
    the step was taken, if not now (the demo's past)."""
    require_actor(actor)
    message = (message or "").strip()
    if stage not in STAGE_TRANSITIONS:
        raise DomainError(_("Kies een fase."), field="stage")
    if len(message) > (STOP_REASON_MAX if stage == Stage.STOPPED else MESSAGE_MAX):
        raise DomainError(
            _("Houd het bericht korter dan %(max)s tekens.") % {"max": MESSAGE_MAX},
            field="message",
        )
    if stage == Stage.STOPPED and not message:
        raise DomainError(
            _("Schrijf waarom het initiatief niet doorgaat; bewoners lezen deze reden."),
            field="message",
        )
    with transaction.atomic():
        current = lock_initiative(initiative.pk)
        if is_system(actor):
            if not (current.stage == Stage.IDEA and stage == Stage.TEAM):
                raise forbidden(_("Alleen het wijkteam neemt deze stap."))
        elif not may_decide(actor, current):
            raise forbidden(
                _("Alleen de wijkmanager van het wijkteam of een coördinator neemt deze stap.")
            )
        if current.confirmed_at is None:
            raise DomainError(_("Dit idee is nog niet bevestigd door de indiener."))
        if stage not in STAGE_TRANSITIONS[current.stage]:
            raise DomainError(
                _("Van '%(from)s' kan het initiatief niet naar '%(to)s'.")
                % {"from": Stage(current.stage).label, "to": Stage(stage).label},
                field="stage",
            )
        before = current.stage
        now = at or timezone.now()
        current.stage = stage
        current.stage_changed_at = now
        fields = ["stage", "stage_changed_at"]
        if stage in ENDED_STAGES:
            current.ended_at = now
            fields.append("ended_at")
        if stage == Stage.STOPPED:
            current.stop_reason = message
            fields.append("stop_reason")
        current.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="initiative_stage",
            instance=current,
            # The reason is public text anyway; the audit row holds its length only, like any
            # text written by a person.
            changes={"stage": [before, stage], "message_length": len(message)},
        )
        with in_default_language():
            update_add(
                initiative=current,
                title=_(STAGE_TITLES[stage]),
                text=message,
                stage=stage,
                at=now,
            )
        if stage == Stage.TEAM:
            _tell_team(current, by_threshold=is_system(actor))
    initiative.refresh_from_db()
    return current


def _tell_team(initiative: Initiative, *, by_threshold: bool) -> None:
    """The team's working members hear of an idea that is now theirs."""
    team = team_of(initiative)
    if team is None:
        return
    members = [
        member.user
        for member in TeamMember.objects.filter(
            team=team, user__is_active=True, user__is_api_account=False
        ).select_related("user")
    ]
    with in_default_language():
        if by_threshold:
            body = _("Het idee heeft genoeg steun gekregen en ligt nu bij het wijkteam.")
        else:
            body = _("Het idee ligt nu bij het wijkteam.")
        notify_users(
            users=members,
            subject=_("Bewonersinitiatief %(reference)s: %(title)s")
            % {"reference": initiative.reference, "title": initiative.title},
            body=body,
            link=reverse("projects:detail", args=[initiative.reference]),
            fanout_key=f"initiative-team:{initiative.pk}",
        )
