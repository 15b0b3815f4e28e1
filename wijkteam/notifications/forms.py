from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.notifications.models import NotificationMode


class PreferencesForm(forms.Form):
    notification_mode = forms.ChoiceField(
        label=_("Hoe wilt u berichten ontvangen naast de meldingen in Wijkteam?"),
        choices=NotificationMode.choices,
        widget=forms.RadioSelect,
    )
