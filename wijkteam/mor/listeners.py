"""What the forwarding listens to (settings.WIJKTEAM_EVENT_LISTENERS): a first responder
agreed. Safe when the same event comes twice: a case is forwarded to a MOR system once."""

from wijkteam.mor.services import forwarding_open
from wijkteam.notifications.events import Event, EventType


def forward_on_lead_agreed(event: Event) -> None:
    """The gemeente became the lead of a case: forward it when its MOR system takes the case's
    category (services.forwarding_open decides)."""
    if event.kind == EventType.LEAD_AGREED and event.case_id is not None:
        forwarding_open(case_id=event.case_id)
