from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db import models
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Wijkteam – beheer")
admin.site.site_title = _("Wijkteam – beheer")
admin.site.index_title = _("Configuratie")


# Links typed in Beheer without a scheme are https:// (Django 6's default, asked for now).
HTTPS_URL_FIELDS = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record Beheer shows but nobody adds, changes or deletes by hand (a log, an outbox, a
    delivery): what changes it is a service, through an action of its own where there is one."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def action_confirmed(request: HttpRequest) -> bool:
    """Whether a list action's confirmation page (``action_confirmation``) came back with
    "yes"; until it has, the action shows that page and changes nothing."""
    return request.POST.get("post") == "yes"


def action_confirmation(
    request: HttpRequest,
    modeladmin: admin.ModelAdmin,
    *,
    template: str,
    title: str,
    selected: Iterable[Any],
    chosen: bool,
    **context: Any,
) -> TemplateResponse:
    """The confirmation page of a list action that cannot be taken back lightly.

    ``template`` extends ``admin/wijkteam/action_confirmation.html`` and fills in its blocks;
    ``selected`` are the primary keys the page sends back with its "yes", ``chosen`` whether any
    of them is one the action applies to, and ``context`` what the template lists besides."""
    return TemplateResponse(
        request,
        template,
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": modeladmin.opts,
            "chosen": chosen,
            "selected": [str(pk) for pk in selected],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            **context,
        },
    )
