"""The rent administration's forms: one arrears signal, or a CSV file of them."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.core.dates import DateField
from wijkteam.core.widgets import DateInput
from wijkteam.signals.arrears_csv.rows import ArrearsRow
from wijkteam.signals.arrears_csv.values import BadValue, parse_amount
from wijkteam.signals.locations import POSTCODE, normalise_postcode
from wijkteam.signals.models import ARREARS_STEP_FIELDS


class ArrearsForm(forms.Form):
    """One arrears signal, typed in by the rent administration."""

    external_reference = forms.CharField(
        label=gettext_lazy("Referentie (uit uw eigen systeem)"), max_length=64
    )
    tenant_name = forms.CharField(label=gettext_lazy("Naam huurder"), max_length=150)
    street = forms.CharField(label=gettext_lazy("Straat"), max_length=150)
    house_number = forms.IntegerField(
        label=gettext_lazy("Huisnummer"), min_value=1, max_value=99999
    )
    house_number_addition = forms.CharField(
        label=gettext_lazy("Toevoeging"), max_length=20, required=False
    )
    postcode = forms.CharField(label=gettext_lazy("Postcode"), max_length=7)
    city = forms.CharField(label=gettext_lazy("Plaats"), max_length=100, required=False)
    amount = forms.CharField(
        label=gettext_lazy("Achterstand in euro"),
        max_length=20,
        help_text=gettext_lazy("Bijvoorbeeld 1.234,56"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    months = forms.IntegerField(
        label=gettext_lazy("Maanden achterstand"), min_value=1, max_value=120
    )
    signal_date = DateField(label=gettext_lazy("Datum signaal"), widget=DateInput)
    contact_attempted_on = DateField(
        label=gettext_lazy("1. Persoonlijk contact geprobeerd op"),
        required=False,
        widget=DateInput,
    )
    debt_help_pointed_on = DateField(
        label=gettext_lazy("2. Gewezen op schuldhulp op"),
        required=False,
        widget=DateInput,
    )
    written_reminder_on = DateField(
        label=gettext_lazy("3. Schriftelijke aanmaning verstuurd op"),
        required=False,
        widget=DateInput,
    )
    no_objection_on = DateField(
        label=gettext_lazy("4. Doorgeven aangeboden, huurder maakte geen bezwaar, op"),
        required=False,
        widget=DateInput,
    )

    def clean_amount(self) -> Decimal:
        # The same notation rules as the CSV import, so both doors accept the same amounts.
        try:
            amount = parse_amount(self.cleaned_data["amount"])
        except BadValue as error:
            raise forms.ValidationError(str(error)) from error
        if not Decimal("0.01") <= amount < Decimal("1000000"):
            raise forms.ValidationError(_("Het bedrag moet tussen 0,01 en 1.000.000 euro liggen."))
        return amount

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if not POSTCODE.match(value):
            raise forms.ValidationError(_("Een postcode is 4 cijfers en 2 letters, zoals 3901 HC."))
        return normalise_postcode(value)

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in ("signal_date", *ARREARS_STEP_FIELDS):
            value = cleaned.get(name)
            if value and value > today:
                self.add_error(name, _("Deze datum ligt in de toekomst."))
        return cleaned

    def row(self) -> ArrearsRow:
        data = self.cleaned_data
        return ArrearsRow(
            line=0,
            external_reference=data["external_reference"].strip(),
            tenant_name=data["tenant_name"].strip(),
            street=data["street"].strip(),
            house_number=data["house_number"],
            house_number_addition=data["house_number_addition"].strip(),
            postcode=data["postcode"],
            city=data["city"].strip(),
            amount=data["amount"],
            months=data["months"],
            signal_date=data["signal_date"],
            contact_attempted_on=data["contact_attempted_on"],
            debt_help_pointed_on=data["debt_help_pointed_on"],
            written_reminder_on=data["written_reminder_on"],
            no_objection_on=data["no_objection_on"],
        )


# About 150,000 rows of a full export. The import reads it as a stream; the upload holds it once.
IMPORT_MAX_BYTES = 25 * 1024 * 1024


class ArrearsImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV-bestand"),
        help_text=gettext_lazy("Puntkomma- of kommagescheiden, met kopregel. Maximaal 25 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 25 MB. Splits het op."))
        return upload
