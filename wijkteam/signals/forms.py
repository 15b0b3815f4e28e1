"""Form pieces shared by every intake door: where, what, photos."""

import math
import re
from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.core.dates import local_datetime
from wijkteam.core.errors import DomainError
from wijkteam.partners.models import Organisation
from wijkteam.partners.team_partners import active_organisations
from wijkteam.signals.arrears_csv.values import BadValue, parse_date
from wijkteam.signals.categories import door_categories, subcategories
from wijkteam.signals.locations import POSTCODE, LocationInput
from wijkteam.signals.models import Category
from wijkteam.signals.photos import MAX_PHOTOS, ProcessedPhoto, process_photo
from wijkteam.signals.services import ReporterInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS photos; each is checked by content and re-encoded (metadata dropped).
    Cleaning returns the processed photos; a refused photo raises with its own message."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list[ProcessedPhoto]:
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if self.required and not uploads:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(uploads) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("U kunt maximaal %(count)s foto's meesturen.") % {"count": MAX_PHOTOS}
            )
        processed, errors = [], []
        for upload in uploads:
            try:
                processed.append(process_photo(upload=upload))
            except DomainError as error:
                errors.append(f"{upload.name}: {error.message}")
        if errors:
            # Keep the good ones: the view stores them so they need not be uploaded again.
            self.accepted = processed
            raise forms.ValidationError(errors)
        return processed


TIME = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?")


class DateTimePartsWidget(forms.MultiWidget):
    """A date (dd-mm-jjjj) and a time (uu:mm) as two text boxes, each with its label and hint.

    Not the browser's own date-time picker: it shows the device's format (mm/dd/yyyy on many
    phones) and some browsers offer no picker at all; plain text works everywhere, also without
    JavaScript, and is read on the server.
    """

    template_name = "signals/widgets/date_time_parts.html"

    def __init__(self, attrs=None):
        super().__init__(
            [
                forms.TextInput(attrs={"size": 10, "maxlength": 10, "autocomplete": "off"}),
                forms.TextInput(attrs={"size": 5, "maxlength": 5, "autocomplete": "off"}),
            ],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [local.strftime("%d-%m-%Y"), local.strftime("%H:%M")]
        return [None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        parts = ((_("Datum"), _("dd-mm-jjjj")), (_("Tijd"), _("uu:mm")))
        for widget, (label, hint) in zip(context["widget"]["subwidgets"], parts, strict=True):
            widget["label"], widget["hint"] = label, hint
            widget["attrs"]["aria-describedby"] = f"{widget['attrs']['id']}_hint"
        return context


def parse_time(value: str) -> time:
    """A time of day as "uu:mm" (also "u:mm", "uu.mm" or just the hour)."""
    match = TIME.fullmatch(value)
    hour, minute = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 99)
    if hour > 23 or minute > 59:
        raise forms.ValidationError(
            _("'%(value)s' is geen tijd. Gebruik uu:mm, bijvoorbeeld 14:30.") % {"value": value}
        )
    return time(hour, minute)


class OccurredAtField(forms.Field):
    """When it happened: optional, a Dutch date and a time, never in the future. Starts at
    now; only a date means the start of that day."""

    widget = DateTimePartsWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Wanneer gebeurde het?"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", timezone.now)
        super().__init__(**kwargs)

    def to_python(self, value) -> datetime | None:
        parts = list(value) if isinstance(value, list | tuple) else [value]
        date_text, time_text = ((str(part or "").strip()) for part in (parts + ["", ""])[:2])
        if not date_text and not time_text:
            return None
        if not date_text:
            raise forms.ValidationError(_("Vul ook de datum in, als dd-mm-jjjj."))
        try:
            day = parse_date(date_text)
        except BadValue as error:
            raise forms.ValidationError(str(error)) from error
        moment = time(0, 0) if not time_text else parse_time(time_text)
        try:
            return local_datetime(day, moment)
        except forms.ValidationError as error:
            # A day past the range is also in the future, which says more about what it is.
            if error.code == "date_out_of_range" and day > timezone.localdate():
                raise self._in_the_future() from error
            raise

    def clean(self, value):
        moment = super().clean(value)
        if moment and moment > timezone.now() + timezone.timedelta(minutes=5):
            raise self._in_the_future()
        return moment

    def _in_the_future(self) -> forms.ValidationError:
        return forms.ValidationError(_("Dit tijdstip ligt in de toekomst."))


class KeptChoiceField(forms.ModelChoiceField):
    """A choice of reference data the process keeps (core/kept.py): the chosen object is looked
    up there, not asked of the database. ``kept_choices`` gives the choices by id."""

    def kept_choices(self) -> dict:
        raise NotImplementedError

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            key = int(value)
        except (TypeError, ValueError):
            key = None
        chosen = self.kept_choices().get(key)
        if chosen is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return chosen


class CategoryField(KeptChoiceField):
    """The categories a door offers (categories.py), grouped under their main category, with the
    plain-words name."""

    def __init__(self, *, for_residents: bool = False, **kwargs):
        self.for_residents = for_residents
        super().__init__(queryset=subcategories(for_residents=for_residents), **kwargs)

    def label_from_instance(self, category: Category) -> str:
        return category.display_public_name

    def kept_choices(self) -> dict[int, Category]:
        return door_categories(for_residents=self.for_residents)

    def grouped(self) -> list[tuple[Category, list[Category]]]:
        groups: dict[int, tuple[Category, list[Category]]] = {}
        for category in door_categories(for_residents=self.for_residents).values():
            groups.setdefault(category.parent_id, (category.parent, []))[1].append(category)
        return sorted(groups.values(), key=lambda group: group[0].sort_order)


class ReceivingOrganisationField(KeptChoiceField):
    """An active organisation (partners/team_partners.py)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Organisation.objects.filter(is_active=True), **kwargs)

    def kept_choices(self) -> dict[int, Organisation]:
        return active_organisations()


class AddressFields(forms.Form):
    """An address as people give it: postcode, house number and addition."""

    postcode = forms.CharField(
        label=gettext_lazy("Postcode"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "text"}),
    )
    house_number = forms.IntegerField(
        label=gettext_lazy("Huisnummer"),
        required=False,
        min_value=1,
        max_value=99999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*"}),
        error_messages={
            "invalid": gettext_lazy(
                "Een huisnummer bestaat uit cijfers. Zet een letter of toevoeging in het vak "
                "Toevoeging."
            )
        },
    )
    house_number_addition = forms.CharField(
        label=gettext_lazy("Toevoeging"), required=False, max_length=10
    )

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "").strip()
        if value and not POSTCODE.match(value):
            raise forms.ValidationError(_("Een postcode is 4 cijfers en 2 letters, zoals 3901 HC."))
        return value


class LocationFields(AddressFields):
    """Where: postcode + house number, or a street address, or a point (map / my location)."""

    street = forms.CharField(
        label=gettext_lazy("Of: straat en huisnummer, of een plek"),
        required=False,
        max_length=150,
        help_text=gettext_lazy("Bijvoorbeeld: Spanjaardsgoed 3, of: Kerkewijk bij de speeltuin"),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    location_note = forms.CharField(
        label=gettext_lazy("Waar precies?"),
        required=False,
        max_length=250,
        help_text=gettext_lazy("Bijvoorbeeld: achter de flat, bij de container"),
    )

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        has_point = latitude is not None and longitude is not None
        if has_point and not (
            math.isfinite(latitude)
            and math.isfinite(longitude)
            and -90 <= latitude <= 90
            and -180 <= longitude <= 180
        ):
            self.add_error(None, _("De aangewezen plek is ongeldig. Wijs hem opnieuw aan."))
            has_point = False
        postcode, number = cleaned.get("postcode"), cleaned.get("house_number")
        if postcode and not number and "house_number" not in self.errors:
            self.add_error("house_number", _("Vul ook het huisnummer in."))
        if number and not postcode and not cleaned.get("street") and "postcode" not in self.errors:
            self.add_error("postcode", _("Vul ook de postcode in."))
        if not (has_point or postcode or cleaned.get("street")) and not self._location_errors():
            self.add_error(
                "postcode",
                _(
                    "Vul een postcode en huisnummer in, een straat, of wijs de plek aan op de "
                    "kaart."
                ),
            )
        return cleaned

    def _location_errors(self) -> bool:
        return any(name in self.errors for name in ("postcode", "house_number", "street"))

    def location_input(self) -> LocationInput:
        data = self.cleaned_data
        return LocationInput(
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            postcode=data.get("postcode") or "",
            house_number=data.get("house_number"),
            house_number_addition=data.get("house_number_addition") or "",
            street=data.get("street") or "",
            note=data.get("location_note") or "",
        )


def add_domain_error(form: forms.Form, error: DomainError, *, fallback: str | None = None) -> None:
    """Show a service's DomainError next to its field (or above the form)."""
    field = error.field if error.field in form.fields else fallback
    form.add_error(field if field in form.fields else None, error.message)


class StaffSignalForm(LocationFields):
    """A signal received by phone, at the desk, from a partner or a bewonerscommissie."""

    channel = forms.ChoiceField(label=gettext_lazy("Hoe kwam de melding binnen?"))
    receiving_organisation = ReceivingOrganisationField(
        label=gettext_lazy("Ontvangen door"),
        empty_label=None,
        help_text=gettext_lazy(
            "Uw eigen organisatie, of de organisatie die dit soort melding volgens de afspraken "
            "ontvangt."
        ),
    )
    category = CategoryField(label=gettext_lazy("Categorie"))
    description = forms.CharField(
        label=gettext_lazy("Omschrijving"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    occurred_at = OccurredAtField()
    is_urgent = forms.BooleanField(
        label=gettext_lazy("Spoed: acute dreiging, geweld of een misdrijf dat nu gebeurt"),
        required=False,
    )
    reporter_name = forms.CharField(
        label=gettext_lazy("Naam melder"), required=False, max_length=150
    )
    reporter_email = forms.EmailField(label=gettext_lazy("E-mail melder"), required=False)
    reporter_phone = forms.CharField(
        label=gettext_lazy("Telefoon melder"), required=False, max_length=30
    )
    reporter_anonymous = forms.BooleanField(
        label=gettext_lazy("De melder wil anoniem blijven"), required=False
    )
    is_tenant = forms.TypedChoiceField(
        label=gettext_lazy("Gaat het om een huurder van de corporatie?"),
        choices=[
            ("", gettext_lazy("Onbekend")),
            ("yes", gettext_lazy("Ja")),
            ("no", gettext_lazy("Nee")),
        ],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )
    photos = PhotosField(label=gettext_lazy("Foto's"))

    def __init__(self, *args, user, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c.value, c.label) for c in channels]
        self.fields["receiving_organisation"].initial = user.organisation_id

    def reporter_input(self) -> ReporterInput | None:
        """The reporter, when any detail or the anonymous choice was given; otherwise None."""
        data = self.cleaned_data
        given = (
            data.get("reporter_name") or data.get("reporter_email") or data.get("reporter_phone")
        )
        if not given and not data.get("reporter_anonymous"):
            return None
        return ReporterInput(
            name=data.get("reporter_name", ""),
            email=data.get("reporter_email", ""),
            phone=data.get("reporter_phone", ""),
            is_anonymous=bool(data.get("reporter_anonymous")),
        )


class FieldSignalForm(LocationFields):
    """The wijkbeheerder's quick form on a phone: photo, place, category, a few words."""

    category = CategoryField(label=gettext_lazy("Wat is het?"), widget=forms.RadioSelect)
    photos = PhotosField(
        label=gettext_lazy("Foto"),
        required=True,
        error_messages={"required": gettext_lazy("Maak of kies een foto.")},
    )
    description = forms.CharField(
        label=gettext_lazy("Korte toelichting"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs["capture"] = "environment"
