"""The residents' forms: propose an idea, support one. No account; a honeypot field and the
views' rate limits keep machines out."""

from decimal import Decimal

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.initiatives.models import InitiatorKind
from wijkteam.initiatives.proposals import IdeaInput
from wijkteam.initiatives.support import COMMENT_MAX, SupportInput
from wijkteam.signals.arrears_csv.values import AMBIGUOUS_AMOUNT, BadValue, parse_amount
from wijkteam.signals.forms import AddressFields, LocationFields, PhotosField
from wijkteam.signals.kept_photos import KeptPhotosForm
from wijkteam.signals.locations import LocationInput

# The largest rough cost the form takes (the model's ten digits, two of them cents).
COST_MAX = Decimal("99999999.99")
# "1.500", "12.500.000": dots as a Dutch writer separates thousands.


def amount_as_written(text: str) -> Decimal:
    """An amount (euros, hours) as people write it: Dutch "1.500,50" or English "1,500.50";
    "1.500" or "1,500" in the notation of the page's language (people mean fifteen hundred),
    else a decimal sign. Raises ``BadValue`` for anything else."""
    text = text.strip()
    if AMBIGUOUS_AMOUNT.fullmatch(text):
        thousands = "," if (translation.get_language() or "").startswith("en") else "."
        if thousands in text:
            return Decimal(text.replace(thousands, ""))
        return Decimal(text.replace(",", "."))
    return parse_amount(text)


class EuroField(forms.Field):
    """An amount in euros as people write it: "1500", "1.500", "1.500,50", "€ 250,-", and in
    English "1,500.50"."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "20"})

    def to_python(self, value) -> Decimal | None:
        text = str(value or "").strip()
        if len(text) > 20:
            raise forms.ValidationError(
                _("Vul een bedrag in euro's in, bijvoorbeeld 1500 of 1.500,50."), code="invalid"
            )
        text = text.replace("€", "").replace(" ", "").replace("\u00a0", "")
        text = text.removesuffix(",-").removesuffix(".-")
        if not text:
            return None
        try:
            amount = amount_as_written(text)
        except BadValue:
            raise forms.ValidationError(
                _("Vul een bedrag in euro's in, bijvoorbeeld 1500 of 1.500,50."), code="invalid"
            ) from None
        if amount < 0:
            raise forms.ValidationError(_("Een bedrag kan niet negatief zijn."), code="negative")
        if amount > COST_MAX:
            raise forms.ValidationError(
                _(
                    "Dat bedrag is te hoog voor een buurtidee. Laat het vak leeg als u het niet "
                    "weet."
                ),
                code="too_high",
            )
        return amount.quantize(Decimal("0.01"))


class HoneypotMixin(forms.Form):
    # Anti-abuse: a field people never see; bots fill it in.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Het formulier kon niet worden verstuurd."))
        return ""


class ProposeForm(LocationFields, KeptPhotosForm, HoneypotMixin):
    """An idea for the buurt: what, where, photos, what the residents do, and who."""

    title = forms.CharField(
        label=gettext_lazy("Titel van uw idee"),
        max_length=120,
        help_text=gettext_lazy("Kort en duidelijk, bijvoorbeeld: Een moestuin op het grasveld"),
        error_messages={"required": gettext_lazy("Geef uw idee een titel.")},
    )
    description = forms.CharField(
        label=gettext_lazy("Wat is uw idee, en waarom?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Wat wilt u veranderen of maken, en wat levert het de buurt op?"),
        error_messages={"required": gettext_lazy("Beschrijf uw idee en waarom het goed is.")},
    )
    photos = PhotosField(
        label=gettext_lazy("Foto's"),
        help_text=gettext_lazy(
            "Bijvoorbeeld van de plek zoals die nu is. Maximaal 3 foto's (JPEG of PNG, elk "
            "maximaal 10 MB)."
        ),
    )
    own_contribution = forms.CharField(
        label=gettext_lazy("Wat doet u (en doen buurtbewoners) zelf?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Bijvoorbeeld: wij schilderen de muur met de kinderen uit de buurt."
        ),
    )
    cost_estimate = EuroField(
        label=gettext_lazy("Wat kost het ongeveer? (in euro)"),
        required=False,
        help_text=gettext_lazy("Weet u het niet? Laat het leeg; het wijkteam denkt mee."),
    )
    initiator_kind = forms.ChoiceField(
        label=gettext_lazy("Wie stelt het voor?"),
        choices=InitiatorKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies wie het idee voorstelt.")},
    )
    initiator_name = forms.CharField(
        label=gettext_lazy("Naam"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=gettext_lazy("Uw naam, of de naam van uw groep of bewonerscommissie."),
    )
    initiator_email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy(
            "Hierop ontvangt u een link om uw idee te bevestigen. We tonen uw e-mailadres nooit."
        ),
        error_messages={
            "required": gettext_lazy(
                "Vul uw e-mailadres in: daarop ontvangt u de link om uw idee te bevestigen."
            ),
            "invalid": gettext_lazy("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
        },
    )
    show_name = forms.BooleanField(
        label=gettext_lazy("Mijn naam mag op de website staan bij dit idee"), required=False
    )
    wants_updates = forms.BooleanField(
        label=gettext_lazy("Ik wil per e-mail horen hoe het met mijn idee gaat"),
        required=False,
        initial=True,
    )

    field_order = [
        "title",
        "description",
        "postcode",
        "house_number",
        "house_number_addition",
        "street",
        "location_note",
        "photos",
        "own_contribution",
        "cost_estimate",
        "initiator_kind",
        "initiator_name",
        "initiator_email",
        "show_name",
        "wants_updates",
    ]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("show_name")
            and not (cleaned.get("initiator_name") or "").strip()
            and "initiator_name" not in self.errors
        ):
            self.add_error(
                "initiator_name", _("Vul een naam in, of kies dat uw naam niet getoond wordt.")
            )
        return cleaned

    def idea_input(self) -> IdeaInput:
        data = self.cleaned_data
        return IdeaInput(
            title=data["title"],
            description=data["description"],
            own_contribution=data.get("own_contribution") or "",
            cost_estimate=data.get("cost_estimate"),
            initiator_kind=data["initiator_kind"],
            initiator_name=data.get("initiator_name") or "",
            initiator_email=data["initiator_email"],
            show_name=bool(data.get("show_name")),
            wants_updates=bool(data.get("wants_updates")),
            language=translation.get_language() or "",
        )


class SupportForm(HoneypotMixin, AddressFields):
    """Support an initiative: an email address to confirm, and optionally where one lives and
    why one supports it."""

    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy(
            "Hierop ontvangt u een link om uw steun te bevestigen. We tonen het nooit."
        ),
        error_messages={
            "required": gettext_lazy(
                "Vul uw e-mailadres in: daarop ontvangt u de link om uw steun te bevestigen."
            ),
            "invalid": gettext_lazy("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
        },
    )
    comment = forms.CharField(
        label=gettext_lazy("Waarom steunt u dit?"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Dit staat zonder uw naam op de pagina van het initiatief. Schrijf geen gegevens "
            "van anderen op."
        ),
    )
    wants_updates = forms.BooleanField(
        label=gettext_lazy("Ik wil per e-mail horen hoe het met dit initiatief gaat"),
        required=False,
    )

    field_order = [
        "email",
        "postcode",
        "house_number",
        "house_number_addition",
        "comment",
        "wants_updates",
    ]

    def clean(self):
        cleaned = super().clean()
        postcode, number = cleaned.get("postcode"), cleaned.get("house_number")
        if postcode and not number and "house_number" not in self.errors:
            self.add_error(
                "house_number", _("Vul ook het huisnummer in, of laat de postcode leeg.")
            )
        if number and not postcode and "postcode" not in self.errors:
            self.add_error("postcode", _("Vul ook de postcode in, of laat het huisnummer leeg."))
        return cleaned

    def address_input(self) -> LocationInput | None:
        """The address to check, when one was given."""
        data = self.cleaned_data
        if not (data.get("postcode") and data.get("house_number")):
            return None
        return LocationInput(
            postcode=data["postcode"],
            house_number=data["house_number"],
            house_number_addition=data.get("house_number_addition") or "",
        )

    def support_input(self) -> SupportInput:
        data = self.cleaned_data
        return SupportInput(
            email=data["email"],
            comment=data.get("comment") or "",
            wants_updates=bool(data.get("wants_updates")),
            language=translation.get_language() or "",
        )
