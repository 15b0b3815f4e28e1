"""Beheer of the forwarding: per gemeente its MOR system (address, token, source, on or off) with
the Signalen sub category of each public-space category, and the forwarded cases with their
state, errors and the MOR system's status. Failed ones are tried again or given up here."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.core.admin import HTTPS_URL_FIELDS, ReadOnlyAdmin
from wijkteam.mor.models import Forwarding, MorCategory, MorConnection
from wijkteam.mor.services import forwardings_give_up, forwardings_retry, mor_connection_save


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class MorConnectionForm(forms.ModelForm):
    # The token is never shown again: an empty field keeps the one that is set.
    new_token = forms.CharField(
        label=_("nieuw token"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Het bearer-token dat de gemeente voor Wijkteam in Signalen heeft gemaakt. Wordt "
            "na opslaan niet meer getoond; leeg laten houdt het huidige."
        ),
    )

    class Meta:
        model = MorConnection
        fields = ["organisation", "base_url", "source", "is_active"]
        formfield_callback = _formfield

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_active") and not (cleaned.get("new_token") or self.instance.auth_token):
            self.add_error("new_token", _("Een actieve koppeling heeft een token nodig."))
        return cleaned


class MorCategoryInline(admin.TabularInline):
    model = MorCategory
    fields = ["category", "sub_category_url", "forward"]
    extra = 0


@admin.register(MorConnection)
class MorConnectionAdmin(AuditedModelAdmin):
    form = MorConnectionForm
    inlines = [MorCategoryInline]
    list_display = ["organisation", "base_url", "source", "is_active", "token_state"]
    list_filter = ["is_active"]
    list_select_related = ["organisation"]
    fields = ["organisation", "base_url", "new_token", "token_state", "source", "is_active"]
    readonly_fields = ["token_state"]
    formfield_overrides = HTTPS_URL_FIELDS

    @admin.display(description=_("token"))
    def token_state(self, connection: MorConnection) -> str:
        return str(_("ingesteld") if connection.auth_token else _("niet ingesteld"))

    def save_model(self, request, obj, form, change):
        mor_connection_save(
            actor=request.user,
            connection=obj,
            changed_fields=[name for name in form.changed_data if name != "new_token"],
            created=not change,
            token=form.cleaned_data.get("new_token", ""),
        )


@admin.register(Forwarding)
class ForwardingAdmin(ReadOnlyAdmin):
    """Read only: the worker and the services change forwardings; a person tries a failed one
    again or gives it up."""

    list_display = [
        "created_at",
        "case_reference",
        "connection",
        "state",
        "attempts",
        "next_attempt_at",
        "external_reference",
        "external_state_display",
        "polled_at",
        "short_error",
    ]
    list_filter = ["state", "external_closed", "connection"]
    search_fields = ["case__reference", "external_reference"]
    list_select_related = ["case", "connection__organisation"]
    fields = [
        "case_reference",
        "connection",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
        "sub_category_url",
        "external_id",
        "external_reference",
        "external_state",
        "external_state_display",
        "external_closed",
        "polled_at",
    ]
    readonly_fields = fields
    actions = ["retry", "give_up"]

    @admin.display(description=_("casus"), ordering="case__reference")
    def case_reference(self, forwarding: Forwarding) -> str:
        return forwarding.case.reference

    @admin.display(description=_("laatste fout"))
    def short_error(self, forwarding: Forwarding) -> str:
        error = forwarding.last_error
        return error if len(error) <= 80 else error[:79] + "…"

    # Trying again and giving up are what staff who may see the list can do.
    def has_retry_permission(self, request) -> bool:
        return self.has_view_permission(request)

    @admin.action(description=_("Opnieuw proberen"), permissions=["retry"])
    def retry(self, request, queryset):
        count = forwardings_retry(
            actor=request.user, forwarding_ids=queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s casus opnieuw in de wachtrij voor het MOR-systeem",
                "%(count)s casussen opnieuw in de wachtrij voor het MOR-systeem",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.action(description=_("Doorsturen opgeven"), permissions=["retry"])
    def give_up(self, request, queryset):
        count = forwardings_give_up(
            actor=request.user, forwarding_ids=queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext(
                "Doorsturen van %(count)s casus opgegeven",
                "Doorsturen van %(count)s casussen opgegeven",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
