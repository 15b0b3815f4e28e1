import re

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.core.dates import DateField
from wijkteam.core.paging import page_number
from wijkteam.core.widgets import DateInput
from wijkteam.privacy.legal_hold import MAX_REASON_LENGTH
from wijkteam.privacy.models import RequestKind
from wijkteam.privacy.persons import MIN_NAME_LENGTH, PersonQuery, digits
from wijkteam.signals.locations import normalise_postcode


class AccessLogSearchForm(forms.Form):
    """Who looked at a case or signal, or what one user looked at, in a period."""

    nummer = forms.CharField(
        label=_("Casus- of meldingnummer"),
        required=False,
        max_length=20,
        help_text=_("Bij een melding ziet u ook de inzagen van de casus waar die bij hoort."),
    )
    gebruiker = forms.EmailField(label=_("Gebruiker (e-mailadres)"), required=False)
    van = DateField(label=_("Vanaf"), required=False, widget=DateInput)
    tot = DateField(label=_("Tot en met"), required=False, widget=DateInput)

    def clean_nummer(self) -> str:
        return self.cleaned_data["nummer"].strip().upper()

    def clean_gebruiker(self) -> str:
        return self.cleaned_data["gebruiker"].strip().lower()

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("nummer") and not data.get("gebruiker"):
            raise forms.ValidationError(
                _("Vul een casus- of meldingnummer in, een gebruiker, of allebei.")
            )
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("De einddatum ligt voor de begindatum."))
        return data

    @property
    def page(self) -> int:
        return page_number(self.data.get("pagina"))


class PersonSearchForm(forms.Form):
    """A person's request: what they asked, and what they gave to find them by."""

    kind = forms.ChoiceField(
        label=_("Soort verzoek"),
        choices=RequestKind.choices,
        initial=RequestKind.ACCESS,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("Verzoek"),
        max_length=300,
        help_text=_("Hoe en wanneer het verzoek binnenkwam, bijvoorbeeld: brief van 12 november."),
    )
    name = forms.CharField(label=_("Naam"), required=False, max_length=150)
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    phone = forms.CharField(label=_("Telefoonnummer"), required=False, max_length=30)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    house_number = forms.IntegerField(
        label=_("Huisnummer"), required=False, min_value=1, max_value=99999
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if name and len(name) < MIN_NAME_LENGTH:
            raise forms.ValidationError(
                _("Zoek op minstens %(count)s tekens van de naam.") % {"count": MIN_NAME_LENGTH}
            )
        return name

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and len(digits(phone)) < 6:
            raise forms.ValidationError(_("Dit is geen volledig telefoonnummer."))
        return phone

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode and not re.fullmatch(r"\d{4}[A-Z]{2}", postcode):
            raise forms.ValidationError(_("Een postcode is 4 cijfers en 2 letters, zoals 3901 HC."))
        return postcode

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if bool(data.get("postcode")) != bool(data.get("house_number")):
            raise forms.ValidationError(_("Zoek op een adres met postcode én huisnummer."))
        if not any(data.get(key) for key in ("name", "email", "phone", "postcode")):
            raise forms.ValidationError(
                _("Vul in waarop de persoon te vinden is: naam, e-mailadres, telefoon of adres.")
            )
        return data

    def query(self) -> PersonQuery:
        data = self.cleaned_data
        return PersonQuery(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            postcode=data["postcode"],
            house_number=data["house_number"],
        )


PAGE_SIZE = 50
MAX_PAGE = 200  # deeper than 10,000 rows: the list is not the tool for that


class LegalHoldForm(forms.Form):
    reference = forms.CharField(
        label=_("Casusnummer of meldingnummer"),
        max_length=20,
        help_text=_("Bijvoorbeeld Z-2026-00012, of M-2026-00034 voor de casus van die melding."),
        error_messages={"required": _("Vul het casusnummer in.")},
    )
    reason = forms.CharField(
        label=_("Reden van de bewaarplicht"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Waarom de gegevens langer bewaard moeten worden, bijvoorbeeld een klacht of een "
            "rechtszaak met het kenmerk. Geen namen van bewoners."
        ),
        error_messages={
            "required": _("Geef de reden van de bewaarplicht op."),
            "max_length": _("De reden is te lang (maximaal %(limit_value)s tekens)."),
        },
    )


class PageForm(forms.Form):
    pagina = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def number(self) -> int:
        return (self.cleaned_data.get("pagina") if self.is_valid() else None) or 1
