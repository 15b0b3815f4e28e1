import pytest

from tests.webhooks.receiver import Receiver
from wijkteam.notifications.events import EventType
from wijkteam.webhooks.services import subscription_create


@pytest.fixture
def receivers():
    """Start local receivers: ``receivers(secret, answers)``; all stop after the test."""
    started: list[Receiver] = []

    def start(secret: str = "", answers: tuple[int, ...] = (200,), location: str = "") -> Receiver:
        receiver = Receiver(secret, answers, location)
        started.append(receiver)
        return receiver

    yield start
    for receiver in started:
        receiver.stop()


@pytest.fixture
def subscribe(world):
    """A subscription made by the functional admin: ``subscribe(organisation, url, types)``,
    returning the subscription and its secret."""

    def make(organisation, url: str, event_types=tuple(EventType.values), name: str = "Systeem"):
        return subscription_create(
            actor=world.admin,
            organisation=organisation,
            name=name,
            url=url,
            event_types=event_types,
        )

    return make
