from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.partners.models import Organisation, Team, TeamMember, TeamPartner, User


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "phone", "email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}
    }


@admin.register(User)
class UserAdmin(AuditedModelAdmin):
    list_display = ["full_name", "email", "organisation", "role", "is_active", "is_demo"]
    list_filter = ["organisation", "role", "is_active", "is_demo"]
    search_fields = ["full_name", "email"]
    list_select_related = ["organisation"]
    fieldsets = [
        (None, {"fields": ["full_name", "email", "phone"]}),
        (_("Lidmaatschap"), {"fields": ["organisation", "role"]}),
        (_("Status"), {"fields": ["is_active", "is_demo", "last_login", "date_joined"]}),
    ]
    # New users set their own password through "Wachtwoord vergeten"; superuser rights are
    # given only on the command line (manage.py createsuperuser).
    readonly_fields = ["last_login", "date_joined", "is_demo"]


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
    list_display = ["__str__", "district", "meeting_schedule"]
    list_select_related = ["district"]
    search_fields = ["district__name", "district__code"]
    inlines = [TeamPartnerInline, TeamMemberInline]
