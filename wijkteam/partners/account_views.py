"""Logging in: the password, then the code of the authenticator app (or setting the app up);
asking for a new password. Logging in through the organisation's own provider instead is in
sso_views.py; the login page offers it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from wijkteam.core.ratelimit import client_address
from wijkteam.partners.forms import CodeForm, LoginForm, PasswordResetRequestForm
from wijkteam.partners.middleware import second_step_url, session_start
from wijkteam.partners.password_reset import password_reset_request
from wijkteam.partners.sso import providers_on_offer
from wijkteam.partners.twofactor import (
    confirmed_device_id,
    session_is_verified,
    session_verify,
    totp_code_check,
    totp_device_begin,
    totp_device_confirm,
    totp_qr_svg,
    totp_secret_text,
    two_factor_required,
)


class LoginView(auth_views.LoginView):
    """Django's login with our form; a correct password leads to the second step, carrying
    ``next`` along. Too many failed logins answer 429 with the time to try again."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        session_start(self.request.session)
        return response

    def get_context_data(self, **kwargs):
        # The organisations whose staff may log in through their own provider instead.
        return super().get_context_data(**kwargs) | {"sign_on_providers": providers_on_offer()}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.is_locked:
            response.status_code = 429
        return response

    def get_success_url(self) -> str:
        target = super().get_success_url()
        user = self.request.user
        if two_factor_required(user) and not session_is_verified(self.request):
            return second_step_url(user, target)
        return target


class PasswordResetView(auth_views.PasswordResetView):
    """Wachtwoord vergeten: Django's page, with the request counted and the email written by
    the worker (partners/password_reset.py). Every valid address gets the same answer: the
    "Kijk in uw e-mail" page, whether or not it has an account and whether or not a limit
    was reached."""

    form_class = PasswordResetRequestForm

    def form_valid(self, form):
        password_reset_request(
            email=form.cleaned_data["email"],
            client=client_address(self.request),
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
            language=translation.get_language(),
        )
        return HttpResponseRedirect(self.get_success_url())


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's login page is ours (one lockout, one second step). Who is logged in but may
    not configure anything gets a 403 rather than a loop between the two login pages."""
    if request.user.is_authenticated:
        raise PermissionDenied
    query = request.META.get("QUERY_STRING", "")
    return redirect(resolve_url("login") + (f"?{query}" if query else ""))


def next_url_of(request: HttpRequest) -> str:
    """The page the user was on their way to, if it is one of ours: a path on this site (not a
    view name, which ``redirect`` would try to look up)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _done(request: HttpRequest) -> HttpResponse:
    return redirect(next_url_of(request) or resolve_url(settings.LOGIN_REDIRECT_URL))


@never_cache
@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step: the code of the user's authenticator app."""
    user = request.user
    if not two_factor_required(user) or session_is_verified(request):
        return _done(request)
    if confirmed_device_id(user) is None:
        return redirect(second_step_url(user, next_url_of(request)))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            check = totp_code_check(user=user, code=form.cleaned_data["code"])
            if check.accepted:
                session_verify(request, check.device)
                return _done(request)
            form.add_check_error(check.wait_until)
        status = 400
    return render(
        request,
        "partners/two_factor_verify.html",
        {"form": form, "next": next_url_of(request)},
        status=status,
    )


@never_cache
@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """The first login: a new authenticator app, shown as a QR code and as text, confirmed with
    one code. Who has an app already gives its code instead."""
    user = request.user
    if not two_factor_required(user) or session_is_verified(request):
        return _done(request)
    if confirmed_device_id(user) is not None:
        return redirect(second_step_url(user, next_url_of(request)))
    device = totp_device_begin(user=user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            check = totp_device_confirm(
                user=user, device_id=device.pk, code=form.cleaned_data["code"]
            )
            if check.accepted:
                session_verify(request, check.device)
                messages.success(
                    request,
                    _(
                        "Tweestapsverificatie staat aan. Voortaan vraagt Wijkteam na uw "
                        "wachtwoord om een code uit de app."
                    ),
                )
                return _done(request)
            form.add_check_error(check.wait_until)
        status = 400
    return render(
        request,
        "partners/two_factor_setup.html",
        {
            "form": form,
            "next": next_url_of(request),
            # segno's own SVG of our own URL: nothing from a user is in the markup.
            "qr_svg": mark_safe(totp_qr_svg(device)),  # noqa: S308
            "secret": totp_secret_text(device),
            "issuer": settings.OTP_TOTP_ISSUER,
        },
        status=status,
    )
