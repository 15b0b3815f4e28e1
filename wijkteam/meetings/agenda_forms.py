"""Forms of the agenda pages. They read what was typed; the rules are the services'."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.choice_fields import IdChoiceField
from wijkteam.meetings.models import Meeting


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Onderwerp"), max_length=200)
    reason = forms.CharField(
        label=_("Toelichting"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarom het wijkteam dit moet bespreken. Geen namen of adressen."),
    )
    case = forms.CharField(
        label=_("Casusnummer (niet verplicht)"),
        max_length=20,
        required=False,
        help_text=_("Bijvoorbeeld Z-2026-00012: een casus van dit wijkteam."),
    )


class MeetingChoiceField(IdChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        return formats.date_format(timezone.localtime(meeting.starts_at), "l j F Y, H:i")


class MoveItemForm(forms.Form):
    to_meeting = MeetingChoiceField(
        label=_("Naar het overleg van"), queryset=Meeting.objects.none(), empty_label=None
    )

    def __init__(self, *args, meetings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_meeting"].queryset = meetings


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom moet het wijkteam deze casus bespreken?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ten hoogste 300 tekens. De partners die de casus mogen zien lezen dit."),
    )
