"""The inbox lists: filters, sorting and pagination that stay fast at a million signals.

Pages are cut with LIMIT n+1 (no COUNT over the table); every filter combination is served by
an index that starts with the list's scope (team or organisation) and ends with created_at.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.boundaries import without_boundaries
from wijkteam.areas.models import Neighbourhood
from wijkteam.core.dates import DateField
from wijkteam.core.widgets import DateInput
from wijkteam.signals.models import Category, Channel, LocationStatus, Signal

PAGE_SIZE = 50
MAX_PAGE = 200  # deeper than 10,000 rows: narrow the filters instead


class InboxFilterForm(forms.Form):
    categorie = forms.ChoiceField(label=_("Categorie"), required=False)
    buurt = forms.ChoiceField(label=_("Buurt"), required=False)
    kanaal = forms.ChoiceField(
        label=_("Kanaal"), required=False, choices=[("", _("Alle kanalen")), *Channel.choices]
    )
    locatie = forms.ChoiceField(
        label=_("Locatie"),
        required=False,
        choices=[("", _("Alle")), (LocationStatus.NEEDS_REVIEW, _("Adres nog te controleren"))],
    )
    van = DateField(label=_("Vanaf"), required=False, widget=DateInput)
    tot = DateField(label=_("Tot en met"), required=False, widget=DateInput)
    pagina = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, neighbourhoods: list[Neighbourhood] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        categories = list(
            Category.objects.filter(is_active=True)
            .select_related("parent")
            .order_by("parent__sort_order", "sort_order")
        )
        mains = [c for c in categories if c.parent_id is None]
        choices: list = [("", _("Alle categorieën"))]
        for main in sorted(mains, key=lambda c: c.sort_order):
            subs = [(c.slug, c.display_name) for c in categories if c.parent_id == main.pk]
            everything = _("Alles in %(name)s") % {"name": main.display_name}
            choices.append((main.display_name, [(main.slug, everything), *subs]))
        self.fields["categorie"].choices = choices
        if neighbourhoods is None:
            del self.fields["buurt"]
        else:
            self.fields["buurt"].choices = [("", _("Alle buurten"))] + [
                (n.code, n.name) for n in neighbourhoods
            ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and end < start:
            self.add_error("tot", _("'Tot en met' ligt vóór 'Vanaf'."))
        return cleaned


@dataclass
class InboxPage:
    signals: list[Signal]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def apply_filters(signals: QuerySet[Signal], form: InboxFilterForm) -> QuerySet[Signal]:
    data = form.cleaned_data if form.is_valid() else {}
    slug = data.get("categorie")
    if slug:
        category = Category.objects.filter(slug=slug).only("pk", "parent_id").first()
        if category is None:
            return signals.none()
        if category.parent_id is None:
            signals = signals.filter(main_category_id=category.pk)
        else:
            signals = signals.filter(category_id=category.pk)
    if data.get("buurt"):
        signals = signals.filter(neighbourhood__code=data["buurt"])
    if data.get("kanaal"):
        signals = signals.filter(channel=data["kanaal"])
    if data.get("locatie"):
        signals = signals.filter(location_status=data["locatie"])
    zone = timezone.get_current_timezone()
    if data.get("van"):
        signals = signals.filter(created_at__gte=datetime.combine(data["van"], time.min, zone))
    if data.get("tot"):
        signals = signals.filter(created_at__lte=datetime.combine(data["tot"], time.max, zone))
    return signals


def inbox_page(signals: QuerySet[Signal], form: InboxFilterForm) -> InboxPage:
    """One page of the newest signals first, without counting the whole list."""
    number = (form.cleaned_data.get("pagina") if form.is_valid() else None) or 1
    offset = (number - 1) * PAGE_SIZE
    rows = list(
        without_boundaries(
            apply_filters(signals, form).select_related(
                "category__parent", "neighbourhood", "receiving_organisation"
            )
        ).order_by("-created_at", "-id")[offset : offset + PAGE_SIZE + 1]
    )
    return InboxPage(signals=rows[:PAGE_SIZE], number=number, has_next=len(rows) > PAGE_SIZE)
