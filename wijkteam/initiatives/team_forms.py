"""Forms of the team's initiative pages. They read what was typed; the rules (which stage
allows what, who may record whose contribution, amounts above 0) are the services', shown next
to the field they are about."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.dates import DateField
from wijkteam.core.paging import MAX_PAGE
from wijkteam.core.widgets import DateInput
from wijkteam.initiatives.models import ContributionKind, Stage
from wijkteam.initiatives.plans import Parties
from wijkteam.initiatives.public_forms import amount_as_written
from wijkteam.initiatives.team_reads import ALL, MOST_SUPPORTED, NEWEST, RUNNING, STAGE_CHANGED
from wijkteam.partners.models import Organisation
from wijkteam.signals.arrears_csv.values import BadValue
from wijkteam.signals.forms import PhotosField

# The value of "the residents themselves" in the contribution form's partner list.
RESIDENTS = "bewoners"


class InitiativeListForm(forms.Form):
    fase = forms.ChoiceField(
        label=_("Fase"),
        required=False,
        choices=[(RUNNING, _("Lopend (niet afgesloten)")), (ALL, _("Alle"))] + Stage.choices,
    )
    sorteer = forms.ChoiceField(
        label=_("Volgorde"),
        required=False,
        choices=[
            (NEWEST, _("Nieuwste eerst")),
            (MOST_SUPPORTED, _("Meeste steun eerst")),
            (STAGE_CHANGED, _("Laatst van fase veranderd")),
        ],
    )
    pagina = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)


class ThresholdForm(forms.Form):
    support_threshold = forms.IntegerField(
        label=_("Steundrempel"),
        required=False,
        min_value=1,
        max_value=100_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
        help_text=_(
            "Bij zoveel bevestigde steunbetuigingen gaat een idee vanzelf naar het wijkteam. "
            "Leeg: alleen met de hand."
        ),
    )


class BudgetYearForm(forms.Form):
    jaar = forms.IntegerField(label=_("Jaar"), required=False, min_value=2000, max_value=2100)


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Naar fase"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de volgende fase.")},
    )
    message = forms.CharField(
        label=_("Bericht voor bewoners"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Openbaar: staat op de pagina van het initiatief en gaat per e-mail naar wie om "
            "berichten vroeg. Verplicht bij 'niet doorgegaan': schrijf dan waarom."
        ),
    )
    # Set by the confirmation page: stopping an initiative is asked once more.
    bevestigd = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, next_stages: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(stage, Stage(stage).label) for stage in next_stages]


class PlanForm(forms.Form):
    plan = forms.CharField(
        label=_("Plan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Openbaar: wat er gebeurt en wie wat doet."),
    )


class ContributionForm(forms.Form):
    # Offered: the parties this user may record for; read: any partner of the team, so that
    # whether this user may record its contribution is the service's to say.
    organisation = forms.CharField(label=_("Van wie"), widget=forms.Select)
    kind = forms.ChoiceField(
        label=_("Soort bijdrage"), choices=ContributionKind.choices, widget=forms.RadioSelect
    )
    amount = forms.CharField(
        label=_("Bedrag in euro of aantal uren"),
        required=False,
        max_length=20,
        help_text=_(
            "Bij geld of uren, bijvoorbeeld 1.500,00 of 12,5. Leeg bij materiaal of een vergunning."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    description = forms.CharField(
        label=_("Wat"),
        required=False,
        max_length=300,
        help_text=_("Verplicht bij materiaal of een vergunning, bijvoorbeeld: 20 m² tegels."),
    )
    promised_on = DateField(label=_("Toegezegd op"), widget=DateInput)

    def __init__(self, *args, parties: Parties, partners: list[Organisation], **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("promised_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        choices = [
            (str(organisation.pk), organisation.name) for organisation in parties.organisations
        ]
        if parties.residents:
            choices.append((RESIDENTS, str(_("De bewoners zelf"))))
        self.fields["organisation"].widget.choices = choices
        self._partners = {str(organisation.pk): organisation for organisation in partners}

    def clean_organisation(self) -> Organisation | None:
        value = self.cleaned_data["organisation"]
        if value == RESIDENTS:
            return None
        organisation = self._partners.get(value)
        if organisation is None:
            raise forms.ValidationError(_("Kies een partner van dit wijkteam."))
        return organisation

    def clean_amount(self) -> Decimal | None:
        value = self.cleaned_data["amount"].strip()
        if not value:
            return None
        try:
            return amount_as_written(value)
        except BadValue as error:
            raise forms.ValidationError(
                _("Vul een bedrag of een aantal uren in, bijvoorbeeld 1.500 of 12,5.")
            ) from error


class DeliverForm(forms.Form):
    delivered_on = DateField(label=_("Geleverd op"), widget=DateInput, required=False)


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=120,
        help_text=_("Bijvoorbeeld: struiken weggehaald, grond verhard, muurschildering klaar."),
    )
    happened_on = DateField(label=_("Datum"), widget=DateInput)
    description = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotosField(
        label=_("Foto's"),
        help_text=_("JPEG of PNG. Foto's van mensen alleen met hun toestemming."),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("happened_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class RemarkForm(forms.Form):
    text = forms.CharField(
        label=_("Opmerking"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen voor het wijkteam; nooit openbaar."),
    )


class ReasonForm(forms.Form):
    """Hide (or show again) the idea, or hide a supporter's comment."""

    reason = forms.CharField(
        label=_("Reden"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("De indiener krijgt deze reden per e-mail."),
    )

    def __init__(self, *args, required: bool = True, for_supporter: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if for_supporter:
            self.fields["reason"].help_text = _(
                "Wie de reactie schreef, krijgt deze reden per e-mail."
            )


class TextEditForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=120)
    description = forms.CharField(
        label=_("Wat en waarom"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    own_contribution = forms.CharField(
        label=_("Wat de bewoners zelf doen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Reden van de aanpassing"),
        max_length=500,
        help_text=_("De indiener krijgt deze reden per e-mail."),
    )
