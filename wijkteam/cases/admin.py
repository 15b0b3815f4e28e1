from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.cases.models import ClosureTemplate, TriageRule
from wijkteam.partners.models import OrganisationKind

# Only the triage agreements and the closure messages live in the admin. Cases themselves hold
# personal data and are read through the need-to-know pages, never through the admin.


class TriageRuleForm(forms.ModelForm):
    involved_kinds = forms.MultipleChoiceField(
        label=_("betrokken partners (soorten)"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TriageRule
        fields = [
            "note",
            "team",
            "neighbourhood",
            "category",
            "tenant",
            "hour_from",
            "hour_to",
            "lead_kind",
            "involved_kinds",
            "is_active",
        ]

    def clean(self):
        data = super().clean()
        team, buurt = data.get("team"), data.get("neighbourhood")
        if buurt is not None and (team is None or buurt.district_id != team.district_id):
            self.add_error(
                "neighbourhood", _("Kies een buurt in de wijk van het gekozen wijkteam.")
            )
        hours = (data.get("hour_from"), data.get("hour_to"))
        if (hours[0] is None) != (hours[1] is None):
            self.add_error("hour_to", _("Vul beide uren in, of geen van beide."))
        for name, value in zip(("hour_from", "hour_to"), hours, strict=True):
            if value is not None and value > 23:
                self.add_error(name, _("Een uur van 0 tot en met 23."))
        return data


@admin.register(TriageRule)
class TriageRuleAdmin(AuditedModelAdmin):
    form = TriageRuleForm
    list_display = ["note", "team", "neighbourhood", "category", "tenant", "lead_kind", "is_active"]
    list_filter = ["team", "lead_kind", "is_active"]
    list_select_related = ["team__district", "neighbourhood", "category__parent"]
    search_fields = ["note"]


@admin.register(ClosureTemplate)
class ClosureTemplateAdmin(AuditedModelAdmin):
    """One message per outcome: the text a lead starts from when closing a case."""

    list_display = ["outcome", "text", "updated_at"]
    fields = ["outcome", "text"]

    def get_readonly_fields(self, request, obj=None):
        # The outcome is the template's identity; only its text is edited.
        return ["outcome"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False
