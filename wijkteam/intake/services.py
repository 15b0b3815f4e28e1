"""Taking a signal in: every door (resident, staff, wijkbeheerder, rent administration, demo)
calls ``signal_intake``, so that every signal is registered the same way."""

from typing import Any

from django.db import transaction

from wijkteam.signals.services import SignalCreated, signal_create


def signal_intake(**fields: Any) -> SignalCreated:
    """Register a signal (see ``signal_create`` for the fields) in one transaction."""
    with transaction.atomic():
        return signal_create(**fields)
