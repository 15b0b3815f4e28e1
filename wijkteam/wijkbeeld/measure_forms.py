"""Forms of the measures' pages. They read what was typed; the rules (buurten of the wijk,
dates, partners of the team, active categories) are the services', shown at their field."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.core.choice_fields import IdsChoiceField
from wijkteam.core.dates import DateField
from wijkteam.core.paging import MAX_PAGE
from wijkteam.core.widgets import DateInput
from wijkteam.partners.models import Organisation
from wijkteam.signals.models import Category
from wijkteam.wijkbeeld.amounts import CostField
from wijkteam.wijkbeeld.measure_reads import ENDED, ONGOING
from wijkteam.wijkbeeld.measures import DESCRIPTION_MAX, TITLE_MAX
from wijkteam.wijkbeeld.models import Measure, MeasureKind

# The comparison form's buttons.
CHOOSE = "kiezen"
ACCEPT = "voorstel"
CLEAR = "wissen"


class MeasureListForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Toon"),
        required=False,
        choices=[("", _("Alle maatregelen")), (ONGOING, _("Lopend")), (ENDED, _("Gestopt"))],
    )
    pagina = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)


class BuurtChoiceField(IdsChoiceField):
    def label_from_instance(self, obj: Neighbourhood) -> str:
        return obj.name


class TargetCategoriesField(forms.MultipleChoiceField):
    """Main categories (all their signals) and subcategories, grouped by main category."""

    def __init__(self, *, categories: list[Category], **kwargs) -> None:
        self.categories = {str(c.pk): c for c in categories}
        mains = [c for c in categories if c.parent_id is None]
        groups = []
        for main in mains:
            options = [
                (str(main.pk), _("Alle meldingen van %(name)s") % {"name": main.display_name})
            ]
            options += [
                (str(sub.pk), sub.display_name) for sub in categories if sub.parent_id == main.pk
            ]
            groups.append((main.display_name, options))
        self.groups = groups
        super().__init__(choices=groups, widget=forms.CheckboxSelectMultiple, **kwargs)

    def clean(self, value) -> list[Category]:
        return [self.categories[pk] for pk in super().clean(value)]


def target_category_choices(measure: Measure | None) -> list[Category]:
    """The active categories, and the measure's own (so that an inactive one shows checked,
    with the service's message)."""
    chosen = [c.pk for c in measure.target_categories.all()] if measure else []
    return list(
        Category.objects.filter(Q(is_active=True) | Q(pk__in=chosen)).order_by("sort_order", "name")
    )


FIELD_ORDER = (
    "title",
    "kind",
    "description",
    "neighbourhoods",
    "started_on",
    "ended_on",
    "target_categories",
    "cost",
    "partners",
    "is_public",
)


class MeasureForm(forms.Form):
    title = forms.CharField(
        label=_("Naam"),
        max_length=TITLE_MAX,
        help_text=_("Bijvoorbeeld: Extra schoonmaakronde Engelenburg"),
        error_messages={"required": _("Geef de maatregel een naam.")},
    )
    kind = forms.ChoiceField(label=_("Soort maatregel"), choices=MeasureKind.choices)
    description = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat er precies gebeurt, en hoe vaak."),
    )
    neighbourhoods = BuurtChoiceField(
        label=_("Buurten"),
        queryset=Neighbourhood.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies in welke buurten de maatregel loopt."),
            "invalid_choice": _("Kies buurten van deze wijk."),
        },
    )
    started_on = DateField(
        label=_("Begonnen op"),
        widget=DateInput,
        error_messages={"required": _("Vul in wanneer de maatregel begon.")},
    )
    ended_on = DateField(
        label=_("Gestopt op"),
        required=False,
        widget=DateInput,
        help_text=_("Leeg: de maatregel loopt nog."),
    )
    cost = CostField(
        label=_("Kosten (euro)"),
        required=False,
        help_text=_("Bijvoorbeeld 18.000 of 1.500,50. Leeg: onbekend."),
    )
    partners = IdsChoiceField(
        label=_("Partners"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    is_public = forms.BooleanField(
        label=_("Op de openbare wijkpagina tonen"), required=False, initial=True
    )

    def __init__(self, *args, district: District, measure: Measure | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(
            district=district
        ).order_by("name")
        self.fields["partners"].queryset = Organisation.objects.filter(
            team_partners__team__district=district
        ).order_by("name")
        self.fields["target_categories"] = TargetCategoriesField(
            label=_("Bedoeld om te verminderen"),
            categories=target_category_choices(measure),
            help_text=_(
                "De meldingen waarop het effect gemeten wordt: een hele hoofdcategorie, of "
                "alleen enkele subcategorieën."
            ),
            error_messages={"required": _("Kies welke meldingen de maatregel moet verminderen.")},
        )
        self.order_fields(FIELD_ORDER)

    def category_groups(self) -> list[tuple[str, list]]:
        """The target categories' checkboxes, per main category."""
        field = self["target_categories"]
        boxes = {str(box.data["value"]): box for box in field.subwidgets}
        return [
            (label, [boxes[value] for value, _label in options])
            for label, options in self.fields["target_categories"].groups
        ]

    @staticmethod
    def initial_of(measure: Measure) -> dict:
        return {
            "title": measure.title,
            "kind": measure.kind,
            "description": measure.description,
            "neighbourhoods": list(measure.neighbourhoods.all()),
            "started_on": measure.started_on,
            "ended_on": measure.ended_on,
            "cost": f"{measure.cost:.2f}".replace(".", ",") if measure.cost is not None else "",
            "partners": list(measure.partners.all()),
            "target_categories": [str(c.pk) for c in measure.target_categories.all()],
            "is_public": measure.is_public,
        }


class ComparisonForm(forms.Form):
    comparison_neighbourhoods = IdsChoiceField(
        label=_("Vergelijkingsbuurten"),
        required=False,
        queryset=Neighbourhood.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Buurten van de gemeente waar de maatregel niet liep, in elke wijk."),
        error_messages={
            "invalid_choice": _(
                "Kies buurten van de gemeente waar de maatregel niet liep; een buurt van de "
                "maatregel zelf is geen vergelijkingsbuurt."
            )
        },
    )
    action = forms.ChoiceField(
        required=False,
        choices=[(CHOOSE, CHOOSE), (ACCEPT, ACCEPT), (CLEAR, CLEAR)],
    )

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["comparison_neighbourhoods"]
        field.queryset = (
            Neighbourhood.objects.filter(municipality_code=measure.district.municipality_code)
            .exclude(pk__in=[n.pk for n in measure.neighbourhoods.all()])
            .select_related("district")
            .order_by("district__code", "name")
        )
        field.label_from_instance = lambda n: f"{n.name} ({n.district.name})"
