from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class FollowForm(forms.Form):
    """ "Volg uw melding": the email address the resident reported with."""

    email = forms.EmailField(
        label=gettext_lazy("Uw e-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy(
            "Het adres dat u bij uw melding gaf. U krijgt een e-mail met de links om uw "
            "meldingen te volgen."
        ),
        error_messages={
            "required": gettext_lazy("Vul uw e-mailadres in."),
            "invalid": gettext_lazy("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
        },
    )
    # Anti-abuse: a field people never see; bots fill it in.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Uw vraag kon niet worden verstuurd."))
        return ""
