"""Checking that a service refused: DomainError, and not one row changed anywhere (no audit row,
no email, no half-written record)."""

from collections.abc import Callable

import pytest
from django.core import serializers
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.access.models import AuditEntry
from wijkteam.cases.models import Case, CaseEvent, CaseSignal, Proposal, TriageRule
from wijkteam.core.errors import DomainError
from wijkteam.notifications.models import Notification, OutgoingEmail
from wijkteam.partners.models import (
    LoginThrottle,
    Organisation,
    Team,
    TeamMember,
    TeamPartner,
    User,
)
from wijkteam.privacy.models import PersonRequest
from wijkteam.signals.models import (
    ArrearsDetails,
    ArrearsImport,
    Attachment,
    Category,
    DebtHelpReferral,
    Reporter,
    Signal,
    SignalEvent,
)

WATCHED = (
    AuditEntry,
    Signal,
    Reporter,
    SignalEvent,
    Attachment,
    ArrearsDetails,
    ArrearsImport,
    DebtHelpReferral,
    Case,
    CaseSignal,
    CaseEvent,
    Proposal,
    OutgoingEmail,
    Notification,
    PersonRequest,
    Organisation,
    User,
    Team,
    TeamPartner,
    TeamMember,
    TOTPDevice,
    LoginThrottle,
    Category,
    TriageRule,
)


def rows() -> dict[str, list]:
    """Every row of every watched table, as data."""
    return {
        model._meta.label: serializers.serialize("python", model.objects.order_by("pk"))
        for model in WATCHED
    }


def assert_refused(call: Callable[[], object], match: str | None = None) -> DomainError:
    """``call`` raises DomainError (whose message matches ``match``) and changes nothing."""
    before = rows()
    with pytest.raises(DomainError, match=match) as refused:
        call()
    after = rows()
    for label, table in before.items():
        assert after[label] == table, f"{label} changed"
    return refused.value
