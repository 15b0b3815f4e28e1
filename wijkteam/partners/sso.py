"""Logging in through an organisation's own provider: the providers on offer, the logins under
way in a browser's session, and who the provider's answer lets in (the protocol itself is in
oidc.py, the pages in sso_views.py)."""

import time
from dataclasses import asdict, dataclass

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import forbidden
from wijkteam.partners.auth import StaffBackend
from wijkteam.partners.models import OidcProvider, User

# The logins under way in this session: state → what the return must match.
PENDING_SESSION_KEY = "wijkteam_sso_pending"
# A login at the provider that takes longer than this starts again.
PENDING_SECONDS = 15 * 60
# Logins begun in other tabs are kept, up to this many.
PENDING_MAX = 5


def providers_on_offer() -> QuerySet[OidcProvider]:
    """The providers staff may log in through: switched on, of an active organisation."""
    return (
        OidcProvider.objects.filter(is_enabled=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


@dataclass(frozen=True)
class PendingLogin:
    """A login sent to a provider, kept in the session until the browser returns."""

    provider_id: int
    nonce: str
    code_verifier: str
    redirect_uri: str
    next_url: str
    begun_at: float


def pending_login_keep(session: SessionBase, state: str, login: PendingLogin) -> None:
    """Remember a login under its state (the oldest ones go past PENDING_MAX)."""
    pending = _current(session)
    pending[state] = asdict(login)
    newest = sorted(pending.items(), key=lambda item: item[1]["begun_at"])[-PENDING_MAX:]
    session[PENDING_SESSION_KEY] = dict(newest)


def pending_login_take(session: SessionBase, state: str) -> PendingLogin | None:
    """The login begun under this state in this session, taken out (a state works once); None
    when there is none, or it is too old."""
    if PENDING_SESSION_KEY not in session:
        return None  # a return without a start: no session is made for it
    pending = _current(session)
    found = pending.pop(state, None) if state else None
    session[PENDING_SESSION_KEY] = pending
    return PendingLogin(**found) if found is not None else None


def _current(session: SessionBase) -> dict[str, dict]:
    oldest = time.time() - PENDING_SECONDS
    stored = session.get(PENDING_SESSION_KEY)
    if not isinstance(stored, dict):
        return {}
    return {
        state: login
        for state, login in stored.items()
        if isinstance(login, dict) and login.get("begun_at", 0) > oldest
    }


@dataclass(frozen=True)
class SignOn:
    """Who logs in, and whether the provider's second factor counts instead of ours."""

    user: User
    second_factor_counts: bool


@transaction.atomic
def user_sign_on(*, provider: OidcProvider, email: str, second_factor_shown: bool) -> SignOn:
    """The staff member an organisation's provider vouched for: the active account with this
    email address (in any case) in that very organisation. Nobody is created here, and nobody
    of another organisation is let in: their own organisation's provider is theirs. The
    provider's second factor counts when its ID token showed one and the organisation's
    settings trust it. Audited, with whether it counted."""
    organisation = provider.organisation
    if not (provider.is_enabled and organisation.is_active):
        raise forbidden(
            _("Inloggen via %(organisation)s staat uit.") % {"organisation": organisation.name}
        )
    user = (
        User.objects.select_related("organisation")
        .filter(email__iexact=email.strip(), organisation=organisation)
        .first()
    )
    if user is None or not StaffBackend().user_can_authenticate(user):
        raise forbidden(
            _(
                "Wijkteam kent geen actief account van %(organisation)s met het e-mailadres "
                "%(email)s. Een account maakt de functioneel beheerder van uw organisatie aan; "
                "vraag het daar."
            )
            % {"organisation": organisation.name, "email": email}
        )
    counts = second_factor_shown and provider.trust_second_factor
    audit_record(
        actor=user,
        action="login_sso",
        instance=user,
        changes={
            "organisation": organisation.pk,
            "provider": provider.pk,
            "second_factor_by_provider": counts,
        },
    )
    return SignOn(user=user, second_factor_counts=counts)
