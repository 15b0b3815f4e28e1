"""Moving a signal to another address or point, and so to another buurt, wijk and team."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language
from wijkteam.partners.actors import Actor, is_user, require_actor
from wijkteam.partners.models import Team
from wijkteam.signals.access import may_edit_signal
from wijkteam.signals.counts import signal_counts_stale
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import (
    EventKind,
    LocationStatus,
    Signal,
)
from wijkteam.signals.timeline import record_event

LOCATION_FIELDS = (
    "latitude",
    "longitude",
    "street",
    "house_number",
    "house_number_addition",
    "postcode",
    "city",
    "bag_id",
    "location_note",
    "location_status",
    "district_id",
    "neighbourhood_id",
)


def require_signal_data_kept(signal: Signal) -> None:
    """Nothing is added to a signal whose personal data the retention run removed (with its
    case, or on its own when it never reached one): an address added now would stay for good,
    and a signal done on its own would join a case as if it had never been."""
    if signal.retention_applied_at is not None:
        raise DomainError(
            _(
                "De persoonsgegevens van melding %(signal)s zijn na de bewaartermijn verwijderd; "
                "er kan niets meer aan worden veranderd."
            )
            % {"signal": signal.reference}
        )


def signal_relocate(*, actor: Actor, signal: Signal, location: ResolvedLocation) -> Signal:
    """Correct where a signal is (e.g. an address that could not be checked while PDOK was
    down). Only the receiving organisation's staff may: a new wijk moves the signal to another
    team. The signal moves to the team of its new wijk; history and audit say what changed.
    A correction must place the signal: one that is still unchecked is refused, so that nobody
    is told the location was corrected while the buurt is as unknown as before. Not once the
    retention run removed the signal's personal data."""
    require_actor(actor)
    if not (is_user(actor) and may_edit_signal(actor, signal)):
        raise DomainError(_("Alleen de organisatie die de melding ontving, past de locatie aan."))
    if location.status == LocationStatus.OUTSIDE:
        raise DomainError(
            _("Deze plek ligt buiten de wijken van het wijkteam. Kies een plek in de gemeente."),
            field="location",
        )
    if location.status == LocationStatus.NEEDS_REVIEW:
        raise DomainError(
            _(
                "Dit adres kon niet worden gecontroleerd: de adresservice is niet bereikbaar en "
                "het adres staat niet in het adresregister. De buurt is dus nog onbekend; er is "
                "niets opgeslagen. Wijs de plek aan op de kaart, of probeer het later opnieuw."
            ),
            field="location",
        )
    values = location.signal_fields()
    before_line = signal.address_line
    with transaction.atomic():
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        require_signal_data_kept(locked)
        changes = {
            name: [getattr(locked, name), value]
            for name, value in values.items()
            if getattr(locked, name) != value
        }
        if not changes:
            return locked
        for name, value in values.items():
            setattr(locked, name, value)
        locked.team = (
            Team.objects.filter(district_id=location.district_id).first()
            if location.district_id
            else None
        )
        locked.save(update_fields=[*values, "team"])
        signal_counts_stale(locked)
        if "district_id" in changes:
            signal_counts_stale(locked, district_id=changes["district_id"][0])
        with in_default_language():
            record_event(
                locked,
                actor,
                EventKind.NOTE,
                text=Message(
                    gettext_noop("Locatie aangepast: %(before)s → %(after)s."),
                    before=before_line or Message(gettext_noop("geen adres")),
                    after=locked.address_line or Message(gettext_noop("plek op de kaart")),
                ),
            )
        audit_record(
            actor=actor,
            action="relocate",
            instance=locked,
            changes={name: [str(old), str(new)] for name, (old, new) in changes.items()},
        )
    return locked
