"""Open311 apps in Beheer: a functional admin gives an app its key (shown once, on the next
page, then never again: only its hash is kept), changes its name or contact, and revokes it.
Every step through the audited services; an app is never deleted, so that the signals it
posted keep saying where they came from."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.core.errors import DomainError
from wijkteam.core.shown_once import note_for, show_once, shown
from wijkteam.open311.models import Open311App
from wijkteam.open311.services import open311_app_create, open311_app_revoke

# The new key travels to the app's page in a signed cookie of its own, as the resident's
# tracking link does after the report form (core/shown_once.py), and is dropped once shown.
KEY_COOKIE = "wijkteam_open311_key"
SHOWN_FIELDS = [
    "name",
    "contact_email",
    "key_hint",
    "is_active",
    "created_at",
    "created_by",
    "last_used_at",
    "revoked_at",
    "revoked_by",
]


class Open311AppForm(forms.ModelForm):
    class Meta:
        model = Open311App
        fields = ["name", "contact_email"]


@admin.register(Open311App)
class Open311AppAdmin(AuditedModelAdmin):
    form = Open311AppForm
    list_display = [
        "name",
        "contact_email",
        "key_hint",
        "is_active",
        "created_at",
        "last_used_at",
        "request_count",
    ]
    list_filter = ["is_active"]
    search_fields = ["name", "contact_email", "key_prefix"]
    change_form_template = "admin/open311/open311app/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_requests=Count("requests"))

    @admin.display(description=_("sleutel"))
    def key_hint(self, app: Open311App) -> str:
        return app.key_hint

    @admin.display(description=_("meldingen"), ordering="number_of_requests")
    def request_count(self, app: Open311App) -> int:
        return app.number_of_requests

    def get_fields(self, request, obj=None):
        return ["name", "contact_email"] if obj is None else SHOWN_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else SHOWN_FIELDS[2:]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked instead: see the docstring above

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)  # audited
            return
        new = open311_app_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            contact_email=form.cleaned_data["contact_email"],
        )
        obj.pk = new.app.pk
        obj.refresh_from_db()
        request.open311_new_key = new.key

    def response_add(self, request, obj, post_url_continue=None):
        change = reverse("admin:open311_open311app_change", args=[obj.pk])
        self.message_user(
            request,
            gettext(
                "De app %(name)s heeft een sleutel. Kopieer hem nu: hij wordt niet opnieuw getoond."
            )
            % {"name": obj.name},
            messages.SUCCESS,
        )
        return show_once(
            redirect(change), KEY_COOKIE, {"app": obj.pk, "key": request.open311_new_key}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        note = note_for(request, KEY_COOKIE)
        new_key = note["key"] if note and str(note.get("app")) == str(object_id) else None
        response = super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "new_key": new_key}
        )
        return shown(response, KEY_COOKIE) if new_key else response

    def get_urls(self):
        revoke = self.admin_site.admin_view(self.revoke_view)
        return [
            path("<path:object_id>/intrekken/", revoke, name="open311_open311app_revoke"),
            *super().get_urls(),
        ]

    @method_decorator(require_http_methods(["GET", "POST"]))
    def revoke_view(self, request, object_id: str):
        """After confirming, the app's key stops working at once, for good."""
        app = self.get_object(request, object_id)
        if app is None:
            raise Http404
        if not self.has_change_permission(request, app):
            raise PermissionDenied
        change = reverse("admin:open311_open311app_change", args=[app.pk])
        if request.method == "POST":
            try:
                open311_app_revoke(actor=request.user, app=app)
            except DomainError as refused:
                self.message_user(request, refused.message, messages.ERROR)
                return redirect(change)
            self.message_user(
                request,
                gettext("De sleutel van %(name)s is ingetrokken; hij werkt niet meer.")
                % {"name": app.name},
                messages.SUCCESS,
            )
            return redirect(change)
        return TemplateResponse(
            request,
            "admin/open311/open311app/revoke.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Sleutel intrekken"),
                "opts": self.opts,
                "original": app,
            },
        )
