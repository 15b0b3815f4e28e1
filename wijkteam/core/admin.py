from django import forms
from django.contrib import admin
from django.db import models
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
