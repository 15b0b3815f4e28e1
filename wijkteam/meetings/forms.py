"""Forms of the meeting pages. They only read what was typed; the rules (end after start, not
in the past, a place or a link) are the services', shown next to the field they are about."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.core.choice_fields import IdChoiceField, IdsChoiceField
from wijkteam.core.dates import DateField
from wijkteam.core.widgets import DateInput
from wijkteam.meetings.models import Weekday
from wijkteam.partners.models import Organisation, Team, User


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class ChairField(IdChoiceField):
    def label_from_instance(self, user: User) -> str:
        return (
            f"{user.full_name} ({user.organisation.name})" if user.organisation else user.full_name
        )


class InvitedField(IdsChoiceField):
    def label_from_instance(self, organisation: Organisation) -> str:
        return organisation.name


class WhenFields(forms.Form):
    day = DateField(label=_("Datum"), widget=DateInput)
    start_time = forms.TimeField(label=_("Begintijd"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Eindtijd"), widget=TimeInput)
    place = forms.CharField(
        label=_("Plaats"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: Buurtcentrum De Schakel, zaal 2. Of vul een videolink in."),
    )
    video_url = forms.URLField(
        label=_("Videolink"), max_length=200, required=False, assume_scheme="https"
    )


class MeetingForm(WhenFields):
    chair = ChairField(label=_("Voorzitter"), queryset=User.objects.none(), required=False)
    invited = InvitedField(
        label=_("Uitgenodigde partners"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = (
            User.objects.filter(team_memberships__team=team, is_active=True, is_api_account=False)
            .select_related("organisation")
            .order_by("full_name")
        )
        self.fields["chair"].empty_label = _("De wijkmanager van het team")
        self.fields["invited"].queryset = Organisation.objects.filter(
            team_partners__team=team
        ).order_by("name")


class MoveForm(WhenFields):
    reason = forms.CharField(
        label=_("Reden van verplaatsen"),
        max_length=300,
        help_text=_("De uitgenodigden zien de reden bij het overleg."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van afgelasten"),
        max_length=300,
        help_text=_("De uitgenodigden zien de reden bij het overleg en in hun agenda."),
    )


class ScheduleForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Dag"), choices=Weekday.choices, coerce=int)
    interval_weeks = forms.TypedChoiceField(
        label=_("Hoe vaak"),
        coerce=int,
        choices=[
            (1, _("elke week")),
            (2, _("om de week")),
            (3, _("elke drie weken")),
            (4, _("elke vier weken")),
        ],
    )
    starts_on = DateField(
        label=_("Vanaf"),
        widget=DateInput,
        help_text=_("Het eerste overleg valt in de week van deze datum."),
    )
    start_time = forms.TimeField(label=_("Begintijd"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Eindtijd"), widget=TimeInput)
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    video_url = forms.URLField(
        label=_("Videolink"), max_length=200, required=False, assume_scheme="https"
    )
    is_active = forms.BooleanField(
        label=_("Rooster gebruiken"),
        required=False,
        initial=True,
        help_text=_("Uit: er worden geen nieuwe overleggen meer gepland."),
    )


# --- Part C (minutes): an addendum to closed minutes -----------------------------------------


class AddendumForm(forms.Form):
    """The item choices are the chair's own ItemViews (their headings as the chair may read
    them); a blank choice is an addendum to the minutes as a whole."""

    item = forms.TypedChoiceField(
        label=_("Bij agendapunt"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_(
            "Een aanvulling bij een agendapunt lezen alleen wie dat agendapunt mogen lezen. "
            "Zonder agendapunt is de aanvulling voor alle uitgenodigde partners: zet er dan "
            "niets vertrouwelijks in."
        ),
    )
    text = forms.CharField(
        label=_("Aanvulling"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "De notulen zelf veranderen niet; de aanvulling komt erbij, met datum en uw naam."
        ),
    )

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("De notulen als geheel")), *choices]
