"""Beheer → API-koppelingen: functional admins make a client (its key is shown once, on the
page the new client opens on), change its name, scopes and rate limit, and revoke it (an action
with a confirmation). Making and revoking go through the services, which audit them."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.api.models import ApiClient
from wijkteam.api.scopes import Scope
from wijkteam.api.services import (
    ACCOUNT_ROLES,
    api_client_check,
    api_client_create,
    api_client_revoke,
)
from wijkteam.core.admin import action_confirmation, action_confirmed
from wijkteam.core.errors import DomainError
from wijkteam.core.shown_once import note_for, show_once, shown
from wijkteam.partners.models import Organisation, Role, Team
from wijkteam.wijkbeeld.measure_forms import IdsChoiceField

# The new client's key, shown once on its page (core/shown_once.py: a signed cookie that the
# page drops); only a hash of it is kept.
KEY_COOKIE = "wijkteam_api_key"


class ScopesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Scope.choices, required=False, **kwargs)


class ApiClientChangeForm(forms.ModelForm):
    scopes = ScopesField(label=gettext_lazy("Scopes"))

    class Meta:
        model = ApiClient
        fields = ["name", "scopes", "rate_limit_per_minute"]


class ApiClientAddForm(ApiClientChangeForm):
    """A new client: besides its own fields, its account's role and wijkteams."""

    role = forms.ChoiceField(
        label=gettext_lazy("Rol van de koppeling"),
        choices=[(role.value, role.label) for role in ACCOUNT_ROLES],
        initial=Role.MEDEWERKER,
        help_text=gettext_lazy(
            "Medewerker: leest en doet wat een medewerker van de organisatie mag. Alleen "
            "lezen: leest alleen. Huuradministratie: de huurachterstand van de corporatie in "
            "alle wijken."
        ),
    )
    teams = IdsChoiceField(
        label=gettext_lazy("Wijkteams"),
        queryset=Team.objects.select_related("district"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy(
            "De koppeling ziet en doet wat de organisatie in deze wijkteams mag; alleen "
            "wijkteams waarin de organisatie partner is."
        ),
    )

    class Meta(ApiClientChangeForm.Meta):
        fields = ["name", "organisation", "scopes", "rate_limit_per_minute"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            api_client_check(
                name=data["name"],
                organisation=data["organisation"],
                role=data["role"],
                teams=list(data["teams"]),
                scopes=data["scopes"],
                rate_limit_per_minute=data["rate_limit_per_minute"],
            )
        except DomainError as refused:
            self.add_error(refused.field if refused.field in self.fields else None, refused.message)
        return data


@admin.register(ApiClient)
class ApiClientAdmin(AuditedModelAdmin):
    list_display = [
        "name",
        "organisation",
        "scope_list",
        "key_prefix",
        "rate_limit_per_minute",
        "last_used_at",
        "state",
    ]
    list_filter = ["organisation", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name", "key_prefix"]
    actions = ["revoke"]
    change_form_template = "admin/api/apiclient/change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = ApiClientChangeForm if obj is not None else ApiClientAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "organisation", "role", "teams", "scopes", "rate_limit_per_minute"]
        return [
            "name",
            "organisation",
            "account",
            "account_role",
            "account_teams",
            "scopes",
            "rate_limit_per_minute",
            "key_prefix",
            "created_at",
            "created_by",
            "last_used_at",
            "revoked_at",
            "revoked_by",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fixed = [
            "organisation",
            "account",
            "account_role",
            "account_teams",
            "key_prefix",
            "created_at",
            "created_by",
            "last_used_at",
            "revoked_at",
            "revoked_by",
        ]
        if obj.revoked_at is not None:  # a revoked client stays as it was
            fixed += ["name", "scopes", "rate_limit_per_minute"]
        return fixed

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked, never deleted: what it did keeps its name

    def has_revoke_permission(self, request) -> bool:
        return self.has_change_permission(request)

    @admin.display(description=gettext_lazy("scopes"))
    def scope_list(self, client: ApiClient) -> str:
        return ", ".join(client.scopes) or "–"

    @admin.display(description=gettext_lazy("status"))
    def state(self, client: ApiClient) -> str:
        return _("ingetrokken") if client.revoked_at else _("actief")

    @admin.display(description=gettext_lazy("rol"))
    def account_role(self, client: ApiClient) -> str:
        return client.account.get_role_display()

    @admin.display(description=gettext_lazy("wijkteams"))
    def account_teams(self, client: ApiClient) -> str:
        teams = Team.objects.filter(members__user=client.account).select_related("district")
        return ", ".join(str(team) for team in teams) or "–"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        client, key = api_client_create(
            actor=request.user,
            name=data["name"],
            organisation=data["organisation"],
            scopes=data["scopes"],
            rate_limit_per_minute=data["rate_limit_per_minute"],
            role=data["role"],
            teams=data["teams"],
        )
        # The admin goes on with the object it built: make it the one the service made.
        obj.__dict__.update({k: v for k, v in client.__dict__.items() if k != "_state"})
        obj._state.adding = False
        request._wijkteam_new_api_key = key

    def response_add(self, request, obj, post_url_continue=None):
        key = getattr(request, "_wijkteam_new_api_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            _("De koppeling %(name)s is aangemaakt.") % {"name": obj.name},
            messages.SUCCESS,
        )
        response = HttpResponseRedirect(reverse("admin:api_apiclient_change", args=[obj.pk]))
        return show_once(response, KEY_COOKIE, {"client": obj.pk, "key": key})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        note = note_for(request, KEY_COOKIE)
        new_key = note.get("key") if note and str(note.get("client")) == str(object_id) else None
        context = {**(extra_context or {}), "new_key": new_key}
        response = super().change_view(request, object_id, form_url, context)
        return shown(response, KEY_COOKIE) if new_key else response

    @admin.action(description=gettext_lazy("Intrekken"), permissions=["revoke"])
    def revoke(self, request, queryset):
        """Revoke the chosen clients after a confirmation page (their keys stop at once)."""
        clients = list(queryset.filter(revoked_at__isnull=True).select_related("organisation"))
        if not action_confirmed(request):
            return action_confirmation(
                request,
                self,
                template="admin/api/apiclient/revoke_confirmation.html",
                title=_("API-koppelingen intrekken"),
                selected=[client.pk for client in clients],
                chosen=bool(clients),
                clients=clients,
            )
        if not self.has_revoke_permission(request):
            raise PermissionDenied
        revoked = 0
        for client in clients:
            try:
                api_client_revoke(actor=request.user, client=client)
            except DomainError as refused:
                self.message_user(request, refused.message, messages.ERROR)
            else:
                revoked += 1
        self.message_user(
            request,
            ngettext(
                "%(count)s koppeling ingetrokken: haar sleutel werkt niet meer.",
                "%(count)s koppelingen ingetrokken: hun sleutels werken niet meer.",
                revoked,
            )
            % {"count": revoked},
            messages.SUCCESS if revoked else messages.WARNING,
        )
        return None
