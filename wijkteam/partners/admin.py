from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.core.admin import HTTPS_URL_FIELDS
from wijkteam.core.errors import DomainError
from wijkteam.partners.models import (
    OidcProvider,
    Organisation,
    Team,
    TeamMember,
    TeamPartner,
    User,
)
from wijkteam.partners.twofactor import two_factor_reset

# Authenticator apps are managed only through the services (a reset is audited); django-otp's
# own admin page would also show every secret key.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


class ClientSecretField(forms.CharField):
    """A secret that is typed, never shown again: left empty, the kept one stays (and the
    field counts as unchanged, so nothing is saved or audited for it)."""

    widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})

    def has_changed(self, initial, data) -> bool:
        return bool(data)


def _https_by_default(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs.update(HTTPS_URL_FIELDS[models.URLField])
    return db_field.formfield(**kwargs)


class OidcProviderForm(forms.ModelForm):
    client_secret = ClientSecretField(
        label=_("clientgeheim"),
        required=False,
        max_length=500,
        help_text=_(
            "Wordt na opslaan niet meer getoond. Leeg laten houdt het bewaarde geheim; vul een "
            "nieuw in om het te vervangen."
        ),
    )

    class Meta:
        model = OidcProvider
        formfield_callback = _https_by_default
        fields = [
            "is_enabled",
            "slug",
            "issuer",
            "client_id",
            "client_secret",
            "email_claim",
            "scopes",
            "trust_second_factor",
            "second_factor_amr",
            "second_factor_acr",
        ]

    def clean_client_secret(self) -> str:
        typed = self.cleaned_data.get("client_secret", "")
        if typed:
            return typed
        if self.instance.pk and self.instance.client_secret:
            return self.instance.client_secret
        raise ValidationError(_("Vul het clientgeheim in dat de organisatie heeft gegeven."))


class OidcProviderInline(admin.StackedInline):
    """Logging in through the organisation's own OpenID Connect provider (partners/oidc.py)."""

    model = OidcProvider
    form = OidcProviderForm
    extra = 1
    max_num = 1
    formfield_overrides = HTTPS_URL_FIELDS

    def get_fieldsets(self, request, obj=None):
        callback = request.build_absolute_uri(reverse("sso_callback"))
        description = gettext(
            "Medewerkers van deze organisatie loggen in via de eigen inlogdienst "
            "(OpenID Connect, authorization code flow met PKCE). Geef de organisatie dit "
            "terugkeeradres (redirect URI) op: %(callback)s. Alleen wie hier al een actief "
            "account van deze organisatie heeft, komt binnen."
        ) % {"callback": callback}
        return [
            (
                None,
                {
                    "description": description,
                    "fields": ["is_enabled", "slug", "issuer", "client_id", "client_secret"],
                },
            ),
            (_("Wie inlogt"), {"fields": ["email_claim", "scopes"]}),
            (
                _("Tweede stap"),
                {"fields": ["trust_second_factor", "second_factor_amr", "second_factor_acr"]},
            ),
        ]


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "phone", "email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    formfield_overrides = HTTPS_URL_FIELDS
    inlines = [OidcProviderInline]


@admin.register(User)
class UserAdmin(AuditedModelAdmin):
    list_display = ["full_name", "email", "organisation", "role", "is_active", "is_demo"]
    list_filter = ["organisation", "role", "is_active", "is_demo", "is_api_account"]
    search_fields = ["full_name", "email"]
    list_select_related = ["organisation"]
    fieldsets = [
        (None, {"fields": ["full_name", "email", "phone"]}),
        (_("Lidmaatschap"), {"fields": ["organisation", "role"]}),
        (
            _("Status"),
            {
                "fields": [
                    "is_active",
                    "is_demo",
                    "is_api_account",
                    "last_login",
                    "date_joined",
                    "two_factor_status",
                ]
            },
        ),
    ]
    # New users set their own password through "Wachtwoord vergeten"; superuser rights are
    # given only on the command line (manage.py createsuperuser).
    # An API client's account is made and revoked with its client (Beheer → Koppelingen).
    readonly_fields = [
        "last_login",
        "date_joined",
        "is_demo",
        "is_api_account",
        "two_factor_status",
    ]
    change_form_template = "admin/partners/user/change_form.html"

    @admin.display(description=_("tweestapsverificatie"))
    def two_factor_status(self, user: User) -> str:
        device = (
            TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
            if user.pk
            else None
        )
        if device is None:
            return gettext(
                "Nog niet ingesteld: bij de volgende keer inloggen koppelt de gebruiker een app."
            )
        since = device.created_at
        return gettext("Ingesteld (app gekoppeld op %(date)s)") % {
            "date": formats.date_format(since, "DATE_FORMAT") if since else "?"
        }

    def get_urls(self):
        reset = self.admin_site.admin_view(self.two_factor_reset_view)
        return [
            path(
                "<path:object_id>/tweestapsverificatie-resetten/",
                reset,
                name="partners_user_two_factor_reset",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_http_methods(["GET", "POST"]))
    def two_factor_reset_view(self, request, object_id: str):
        """A lost or new phone: after confirming, the user's authenticator app is removed and
        they set up a new one at their next login."""
        user = self.get_object(request, object_id)
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        if request.method == "POST":
            try:
                two_factor_reset(actor=request.user, user=user)
            except DomainError as refused:
                self.message_user(request, refused.message, messages.ERROR)
                return redirect(reverse("admin:partners_user_change", args=[user.pk]))
            self.message_user(
                request,
                gettext(
                    "De tweestapsverificatie van %(name)s is opnieuw ingesteld. Bij de volgende "
                    "keer inloggen koppelt %(name)s een app op de nieuwe telefoon."
                )
                % {"name": user.full_name},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:partners_user_change", args=[user.pk]))
        return TemplateResponse(
            request,
            "admin/partners/user/two_factor_reset.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Tweestapsverificatie opnieuw instellen"),
                "opts": self.opts,
                "original": user,
                "has_device": TOTPDevice.objects.filter(user=user).exists(),
            },
        )


class TeamPartnerInline(admin.TabularInline):
    model = TeamPartner
    extra = 0
    autocomplete_fields = ["organisation"]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(AuditedModelAdmin):
    list_display = ["__str__", "district", "phone", "meeting_schedule"]
    list_select_related = ["district"]
    search_fields = ["district__name", "district__code"]
    inlines = [TeamPartnerInline, TeamMemberInline]
