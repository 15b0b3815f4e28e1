"""Reads the privacy pages need across the domain apps."""

from wijkteam.cases.models import Case
from wijkteam.partners.models import User
from wijkteam.signals.models import Signal


def case_references(reference: str) -> list[str] | None:
    """The numbers under which a case's records are logged: the case and all its signals. A
    signal's number leads to its case. None when no case or signal has this number."""
    case = Case.objects.filter(reference=reference).first()
    if case is None:
        signal = Signal.objects.filter(reference=reference).select_related("case_link").first()
        if signal is None:
            return None
        link = getattr(signal, "case_link", None)
        if link is None:
            return [signal.reference]
        case = link.case
    signals = Signal.objects.filter(case_link__case=case).values_list("reference", flat=True)
    return [case.reference, *signals]


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email=email).first()
