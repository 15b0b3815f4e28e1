from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.signals.forms import (
    CategoryField,
    LocationFields,
    OccurredAtField,
    PhotosField,
)
from wijkteam.signals.kept_photos import KeptPhotosForm
from wijkteam.signals.services import ReporterInput

ANONYMOUS_CHOICES = [
    ("contact", gettext_lazy("Ik wil op de hoogte blijven (met mijn gegevens)")),
    ("anonymous", gettext_lazy("Ik meld anoniem")),
]


def tenant_choices() -> list[tuple[str, str]]:
    corporation = {"corporation": settings.WIJKTEAM_CORPORATION_NAME}
    return [
        ("yes", _("Ja, ik huur van %(corporation)s") % corporation),
        ("no", _("Nee")),
        ("unknown", _("Weet ik niet / zeg ik liever niet")),
    ]


class ResidentReportForm(LocationFields, KeptPhotosForm):
    """The resident's report: what, where, when, photos, and who (or anonymous)."""

    category = CategoryField(
        for_residents=True,
        label=gettext_lazy("Waar gaat het over?"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies waar uw melding over gaat.")},
    )
    description = forms.CharField(
        label=gettext_lazy("Wat is er aan de hand?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Beschrijf wat u ziet of hoort, en hoe vaak het gebeurt."),
        error_messages={"required": gettext_lazy("Beschrijf kort wat er aan de hand is.")},
    )
    occurred_at = OccurredAtField(
        help_text=gettext_lazy(
            "Staat op nu. Gebeurde het eerder, pas dan de datum en tijd aan. Gebeurt het vaak? "
            "Maak beide vakken leeg."
        ),
    )
    photos = PhotosField(
        label=gettext_lazy("Foto's"),
        help_text=gettext_lazy("Maximaal 3 foto's (JPEG of PNG, elk maximaal 10 MB)."),
    )
    contact = forms.ChoiceField(
        label=gettext_lazy("Wilt u op de hoogte blijven?"),
        choices=ANONYMOUS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Kies of u op de hoogte wilt blijven of anoniem meldt.")
        },
    )
    name = forms.CharField(
        label=gettext_lazy("Naam"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy("Hierop ontvangt u de link om uw melding te volgen."),
    )
    phone = forms.CharField(
        label=gettext_lazy("Telefoonnummer"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    is_tenant = forms.ChoiceField(
        label=gettext_lazy("Huurt u uw woning van de woningcorporatie?"),
        choices=tenant_choices,
        widget=forms.RadioSelect,
        initial="unknown",
        required=False,
    )
    # Anti-abuse: a field people never see; bots fill it in.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )
    same_as = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    confirmed_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    field_order = [
        "category",
        "description",
        "occurred_at",
        "postcode",
        "house_number",
        "house_number_addition",
        "street",
        "location_note",
        "photos",
        "contact",
        "name",
        "email",
        "phone",
        "is_tenant",
    ]

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Uw melding kon niet worden verstuurd."))
        return ""

    def clean(self):
        cleaned = super().clean()
        wants_contact = cleaned.get("contact") == "contact"
        no_way_to_reach = not (cleaned.get("email") or cleaned.get("phone"))
        if wants_contact and no_way_to_reach and "email" not in self.errors:
            self.add_error(
                "email",
                _("Vul uw e-mailadres of telefoonnummer in, of kies 'Ik meld anoniem'."),
            )
        return cleaned

    def reporter_input(self) -> ReporterInput:
        data = self.cleaned_data
        return ReporterInput(
            name=data.get("name", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            is_anonymous=data.get("contact") == "anonymous",
            language=translation.get_language() or "",
        )

    def tenant_answer(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("is_tenant") or "unknown")


class SatisfactionForm(forms.Form):
    """ "Bent u tevreden over de afhandeling?" on the tracking page."""

    satisfied = forms.ChoiceField(
        label=gettext_lazy("Bent u tevreden over de afhandeling?"),
        choices=[("yes", gettext_lazy("Ja")), ("no", gettext_lazy("Nee"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies ja of nee.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Niet verplicht. Schrijf geen gegevens van anderen op."),
    )
