"""Logging in through an organisation's own provider: the start (/account/sso/<naam>/) sends
the browser to the provider; the return (/account/sso/callback/) lets the person in, or shows a
page that says why not (a state that is unknown or used, no code, an error from the provider,
an answer that does not hold, an account that is not there): never a server error."""

import re
import time

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.partners.account_views import next_url_of
from wijkteam.partners.middleware import second_step_url, session_start
from wijkteam.partners.models import OidcProvider
from wijkteam.partners.oidc import (
    authorization_begin,
    authorization_finish,
    claimed_email,
    second_factor_shown,
)
from wijkteam.partners.sso import (
    PendingLogin,
    pending_login_keep,
    pending_login_take,
    providers_on_offer,
    user_sign_on,
)
from wijkteam.partners.twofactor import (
    session_is_verified,
    session_verify_by_provider,
    two_factor_required,
)

BACKEND = "wijkteam.partners.auth.StaffBackend"
# An error code of the provider is shown when it looks like one (RFC 6749 §4.1.2.1); its
# description is not, being free text from elsewhere on our page.
ERROR_CODE = re.compile(r"[a-z_]{1,40}")
# A code longer than this is no provider's: refused without asking the provider.
MAX_CODE_LENGTH = 2048


def _refused(
    request: HttpRequest, message: str, *, status: int, provider: OidcProvider | None = None
) -> HttpResponse:
    return render(
        request,
        "partners/sso_refused.html",
        {"message": message, "provider": provider},
        status=status,
    )


@never_cache
@require_GET
def sso_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the browser to the organisation's provider, with a fresh state, nonce and PKCE
    challenge kept in the session for the return."""
    next_url = next_url_of(request)
    if request.user.is_authenticated:
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    provider = get_object_or_404(providers_on_offer(), slug=slug)
    redirect_uri = request.build_absolute_uri(reverse("sso_callback"))
    try:
        authorization = authorization_begin(provider, redirect_uri=redirect_uri)
    except DomainError as failure:
        return _refused(request, failure.message, status=502, provider=provider)
    pending_login_keep(
        request.session,
        authorization.state,
        PendingLogin(
            provider_id=provider.pk,
            nonce=authorization.nonce,
            code_verifier=authorization.code_verifier,
            redirect_uri=redirect_uri,
            next_url=next_url,
            begun_at=time.time(),
        ),
    )
    return HttpResponseRedirect(authorization.url)


@never_cache
@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    """The browser back from the provider: the code exchanged and the ID token checked, the
    account found in the provider's organisation, the login; then our second step unless the
    provider's counts."""
    if request.user.is_authenticated:
        return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
    pending = pending_login_take(request.session, request.GET.get("state", ""))
    if pending is None:
        message = _(
            "Deze inlogpoging is verlopen, al gebruikt of in een andere browser begonnen. "
            "Begin opnieuw op de inlogpagina."
        )
        return _refused(request, message, status=400)
    provider = providers_on_offer().filter(pk=pending.provider_id).first()
    if provider is None:
        return _refused(request, _("Inloggen via deze organisatie staat uit."), status=400)
    organisation = provider.organisation.name
    error = request.GET.get("error")
    if error is not None:
        message = _(
            "De inlogdienst van %(organisation)s heeft het inloggen niet doorgezet (melding: "
            "%(error)s). Probeer het opnieuw, of log in met uw wachtwoord."
        ) % {"organisation": organisation, "error": error if ERROR_CODE.fullmatch(error) else "?"}
        return _refused(request, message, status=400, provider=provider)
    code = request.GET.get("code", "")
    if not code or len(code) > MAX_CODE_LENGTH:
        message = _("De inlogdienst van %(organisation)s gaf geen bruikbare code mee.") % {
            "organisation": organisation
        }
        return _refused(request, message, status=400, provider=provider)
    try:
        claims = authorization_finish(
            provider,
            code=code,
            redirect_uri=pending.redirect_uri,
            nonce=pending.nonce,
            code_verifier=pending.code_verifier,
        )
        sign_on = user_sign_on(
            provider=provider,
            email=claimed_email(provider, claims),
            second_factor_shown=second_factor_shown(provider, claims),
        )
    except DomainError as failure:
        status = 403 if failure.code == FORBIDDEN else 502
        return _refused(request, failure.message, status=status, provider=provider)
    user = sign_on.user
    login(request, user, backend=BACKEND)
    session_start(request.session)
    if sign_on.second_factor_counts:
        session_verify_by_provider(request, provider)
    if two_factor_required(user) and not session_is_verified(request):
        return redirect(second_step_url(user, pending.next_url))
    return redirect(pending.next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
