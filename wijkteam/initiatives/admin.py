"""Beheer: each wijk's support threshold (through ``district_threshold_set``, audited), and the
initiatives as a read-only list for finding one. The initiatives themselves are worked on the
team's pages; their people (initiator, supporters) are never shown here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.areas.models import District
from wijkteam.core.admin import ReadOnlyAdmin
from wijkteam.core.errors import DomainError
from wijkteam.initiatives.models import DistrictInitiativeSettings, Initiative
from wijkteam.initiatives.thresholds import (
    THRESHOLD_MAX,
    district_threshold_set,
    threshold_check,
)


class DistrictInitiativeSettingsForm(forms.ModelForm):
    support_threshold = forms.IntegerField(
        label=_("steundrempel"),
        required=False,
        min_value=1,
        max_value=THRESHOLD_MAX,
        help_text=DistrictInitiativeSettings._meta.get_field("support_threshold").help_text,
    )

    class Meta:
        model = DistrictInitiativeSettings
        fields = ["district", "support_threshold"]

    def clean_support_threshold(self):
        threshold = self.cleaned_data.get("support_threshold")
        try:
            threshold_check(threshold)
        except DomainError as error:
            raise forms.ValidationError(error.message) from error
        return threshold


@admin.register(DistrictInitiativeSettings)
class DistrictInitiativeSettingsAdmin(AuditedModelAdmin):
    """One row per wijk that sets a threshold. Saved through the initiatives' own service
    instead of the generic audited save: it checks the threshold and who acts, and audits the
    change; a wijk without a threshold keeps its row with the field empty."""

    form = DistrictInitiativeSettingsForm
    list_display = ["district", "support_threshold"]
    list_select_related = ["district"]
    ordering = ["district__code"]

    def get_readonly_fields(self, request, obj=None):
        # The wijk is the row's identity; only its threshold is edited.
        return ["district"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "district" in form.base_fields:
            # A new row is for a wijk that has none yet.
            form.base_fields["district"].queryset = District.objects.filter(
                initiative_settings__isnull=True
            ).defer("geometry")
        return form

    def save_model(self, request, obj, form, change):
        saved, _moved = district_threshold_set(
            actor=request.user,
            district=obj.district,
            threshold=form.cleaned_data.get("support_threshold"),
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    """Read only, and without its people: who proposed or supported an initiative is for the
    team's pages and the privacy officer."""

    list_display = ["reference", "title", "district", "stage", "is_confirmed", "is_hidden"]
    list_filter = ["stage", "district"]
    list_select_related = ["district"]
    search_fields = ["reference", "title"]
    fields = ["reference", "title", "district", "stage", "is_confirmed", "is_hidden"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("district__geometry")

    @admin.display(description=_("bevestigd"), boolean=True)
    def is_confirmed(self, initiative: Initiative) -> bool:
        return initiative.confirmed_at is not None

    @admin.display(description=_("verborgen"), boolean=True)
    def is_hidden(self, initiative: Initiative) -> bool:
        return initiative.hidden_at is not None
