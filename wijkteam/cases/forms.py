"""Forms of the case page and the team's case list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkteam.cases.documents import (
    EXTENSIONS,
    MAX_TITLE_LENGTH,
    ProcessedDocument,
    max_document_bytes,
    process_document,
)
from wijkteam.cases.models import (
    RESPONSES_FOR_MODE,
    CaseStatus,
    NoteVisibility,
    Outcome,
    ResponseKind,
)
from wijkteam.core.choice_fields import IdChoiceField, IdsChoiceField
from wijkteam.core.dates import DateField
from wijkteam.core.errors import DomainError
from wijkteam.core.widgets import DateInput
from wijkteam.partners.models import Organisation, User
from wijkteam.signals.photos import format_size

PAGE_SIZE = 50
MAX_PAGE = 10_000


class OrganisationField(IdChoiceField):
    def label_from_instance(self, organisation: Organisation) -> str:
        return organisation.name


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Uw reactie"), widget=forms.RadioSelect)
    counter_lead = OrganisationField(
        label=_("Wie zou volgens u eerste reactie moeten zijn?"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Kies een partner"),
    )
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij bezwaar, tegenvoorstel of opmerking."),
    )

    def __init__(self, *args, mode: str, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind.value, kind.label) for kind in RESPONSES_FOR_MODE[mode]
        ]
        self.fields["counter_lead"].queryset = partners
        if ResponseKind.COUNTER not in RESPONSES_FOR_MODE[mode]:
            del self.fields["counter_lead"]


class DecisionForm(forms.Form):
    lead = OrganisationField(
        label=_("Eerste reactie"), queryset=Organisation.objects.none(), empty_label=None
    )
    involved = IdsChoiceField(
        label=_("Betrokken partners"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reasoning = forms.CharField(
        label=_("Onderbouwing van het besluit"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = partners
        self.fields["involved"].queryset = partners
        self.fields["involved"].label_from_instance = lambda organisation: organisation.name


class RemarkForm(forms.Form):
    text = forms.CharField(
        label=_("Opmerking"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Samenvatting voor de partners"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Wat de partners moeten weten om te kiezen wie reageert. Geen namen of gegevens "
            "van de melder."
        ),
    )


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Reden"))
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)


class CaseReferenceField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("Bijvoorbeeld Z-2026-00012"))
        super().__init__(**kwargs)

    def clean(self, value):
        return super().clean(value).strip().upper()


class MoveForm(forms.Form):
    signal = forms.ChoiceField(label=_("Melding"))
    target = CaseReferenceField(label=_("Naar casus"))
    reason = ReasonField()

    def __init__(self, *args, signals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signal"].choices = [(s.reference, s.reference) for s in signals]


class MergeForm(forms.Form):
    target = CaseReferenceField(label=_("Samenvoegen met casus"))
    reason = ReasonField()


class SplitForm(forms.Form):
    signals = forms.MultipleChoiceField(
        label=_("Meldingen die een eigen casus worden"), widget=forms.CheckboxSelectMultiple
    )
    reason = ReasonField()

    def __init__(self, *args, signals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signals"].choices = [(s.reference, s.reference) for s in signals]


class CaseListForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle open casussen"))]
        + [(s.value, s.label) for s in CaseStatus if s != CaseStatus.MERGED],
    )
    termijn = forms.ChoiceField(
        label=_("Reactietermijn"),
        required=False,
        choices=[
            ("", _("Alle")),
            ("late", _("Te laat")),
            ("very_late", _("Meer dan 3× te laat")),
        ],
    )
    sorteer = forms.ChoiceField(
        label=_("Volgorde"),
        required=False,
        choices=[("", _("Nieuwste eerst")), ("termijn", _("Kortste termijn eerst"))],
    )
    pagina = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)


class PageForm(forms.Form):
    """The page of a list paged by ``pagina`` (LIMIT n+1, no counting)."""

    pagina = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def page_number(self) -> int:
        return (self.cleaned_data.get("pagina") if self.is_valid() else None) or 1


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in (CaseStatus.IN_PROGRESS, CaseStatus.WAITING)],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=1000,
        help_text=_("Verplicht bij 'wacht op derden': waarop wacht de casus?"),
    )


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Afspraak"), max_length=300)
    owner_organisation = OrganisationField(
        label=_("Wie (organisatie)"), queryset=Organisation.objects.none(), empty_label=None
    )
    owner_user = IdChoiceField(
        label=_("Wie (persoon)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("De organisatie"),
    )
    due_date = DateField(label=_("Uiterlijk"), widget=DateInput)

    def __init__(self, *args, partners, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = partners
        self.fields["owner_user"].queryset = members
        self.fields["owner_user"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.organisation.name})"
        )


class ActionDoneForm(forms.Form):
    result = forms.CharField(label=_("Resultaat"), max_length=500)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Notitie"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(
        label=_("Zichtbaar voor"), choices=NoteVisibility.choices, widget=forms.RadioSelect
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        help_text=_("Voor het wijkteam; de melder ziet alleen het bericht."),
        error_messages={"required": _("Kies de uitkomst.")},
    )
    message = forms.CharField(
        label=_("Bericht aan de melder(s)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Gewone taal, zonder namen. {melding} wordt het meldingnummer van de melder, "
            "{onderwerp} het onderwerp. U ziet het bericht eerst als voorbeeld."
        ),
        error_messages={"required": _("Schrijf het bericht voor de melder.")},
    )


class ReopenForm(forms.Form):
    reason = ReasonField(label=_("Waarom heropent u de casus?"))


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Antwoord aan de melder"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf het antwoord voor de melder.")},
    )


class DocumentField(forms.FileField):
    """One document, checked by its content; cleaning returns the ``ProcessedDocument``."""

    def clean(self, data, initial=None) -> ProcessedDocument:
        upload = super().clean(data, initial)
        try:
            return process_document(upload=upload)
        except DomainError as error:
            raise forms.ValidationError(error.message, code=error.code) from error


class DocumentForm(forms.Form):
    file = DocumentField(
        label=_("Bestand"),
        widget=forms.FileInput(attrs={"accept": ",".join(EXTENSIONS)}),
        error_messages={"required": _("Kies een bestand.")},
    )
    title = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=MAX_TITLE_LENGTH,
        help_text=_("Bijvoorbeeld: brief aan de huurder van 3 maart."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, JPEG of PNG, tot %(max)s. Foto's worden opnieuw opgeslagen, zonder locatie "
            "en andere gegevens van de camera."
        ) % {"max": format_size(max_document_bytes())}
