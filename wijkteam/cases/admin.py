from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.cases.models import TriageRule
from wijkteam.partners.models import OrganisationKind

# Only the triage agreements live in the admin. Cases themselves hold personal data and are
# read through the need-to-know pages, never through the admin.


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
