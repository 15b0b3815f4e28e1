"""The forms of the chair's page. Their choices come from lists read once per page (the team's
partners, its members), not from a queryset per form: the page has a form per item, and its
number of queries must not grow with the agenda."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.core.dates import DateField
from wijkteam.core.widgets import DateInput
from wijkteam.meetings.holding import CHAIR_OUTCOMES, MAX_MINUTES, MAX_NAMES
from wijkteam.meetings.models import Presence
from wijkteam.partners.models import Organisation, User


class AttendanceForm(forms.Form):
    presence = forms.ChoiceField(
        label=_("Aanwezigheid"), choices=Presence.choices, widget=forms.RadioSelect
    )
    names = forms.CharField(label=_("Wie (namen)"), required=False, max_length=MAX_NAMES)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Notulen"),
        required=False,
        max_length=MAX_MINUTES,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=[(o.value, o.label) for o in CHAIR_OUTCOMES])


class _Choosing(forms.Form):
    """Resolves chosen ids to the objects read for the page."""

    def __init__(self, *args, partners: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = {str(o.pk): o for o in partners}

    def partner(self, value: str) -> Organisation:
        return self.partners[value]


class DecisionForm(_Choosing):
    lead = forms.ChoiceField(label=_("Eerste reactie"))
    involved = forms.MultipleChoiceField(
        label=_("Betrokken partners"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reasoning = forms.CharField(
        label=_("Onderbouwing van het besluit"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partners: list[Organisation], **kwargs):
        super().__init__(*args, partners=partners, **kwargs)
        choices = [(str(o.pk), o.name) for o in partners]
        self.fields["lead"].choices = choices
        self.fields["involved"].choices = choices

    def clean(self):
        data = super().clean()
        if "lead" in data:
            data["lead"] = self.partner(data["lead"])
        data["involved"] = [self.partner(pk) for pk in data.get("involved", [])]
        return data


class ActionForm(_Choosing):
    description = forms.CharField(label=_("Afspraak"), max_length=300)
    owner_organisation = forms.ChoiceField(label=_("Wie (organisatie)"))
    owner_user = forms.ChoiceField(label=_("Wie (persoon)"), required=False)
    due_date = DateField(label=_("Uiterlijk"), widget=DateInput)

    def __init__(self, *args, partners: list[Organisation], members: list[User], **kwargs):
        super().__init__(*args, partners=partners, **kwargs)
        self.members = {str(u.pk): u for u in members}
        self.fields["owner_organisation"].choices = [(str(o.pk), o.name) for o in partners]
        # The team's members by organisation; the service refuses a person of another one.
        groups: dict[str, list] = {}
        for user in members:
            name = user.organisation.name if user.organisation_id else ""
            groups.setdefault(name, []).append((str(user.pk), user.full_name))
        self.fields["owner_user"].choices = [("", _("De organisatie")), *groups.items()]

    def clean(self):
        data = super().clean()
        if "owner_organisation" in data:
            data["owner_organisation"] = self.partner(data["owner_organisation"])
        chosen = data.get("owner_user")
        data["owner_user"] = self.members[chosen] if chosen else None
        return data
