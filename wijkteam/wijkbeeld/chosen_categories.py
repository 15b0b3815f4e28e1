"""The categories a page of the wijk's picture looks at: ``?categorie=<slug>`` (repeatable), a
main category or a subcategory; none chosen is every category the viewer sees.

A category the viewer may not see (the arrears, for most) is treated as one that does not
exist: it is left out, with a message, and never tells that it is there."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wijkteam.signals.models import Category
from wijkteam.wijkbeeld.access import Level, PictureViewer, category_level

# More than anyone ticks on a form; a longer list is a wrong link, not a choice.
MAX_CHOSEN = 60


@dataclass(frozen=True)
class MainOption:
    """A main category the viewer sees, with its subcategories, as the form offers them."""

    category: Category
    level: Level
    subcategories: list[Category]


@dataclass
class Selection:
    """What was chosen: the main categories (with how the viewer sees them) that are chosen
    in whole or in part, and the subcategories counted (None: every one of those mains)."""

    options: list[MainOption]
    mains: list[tuple[Category, Level]]
    category_ids: frozenset[int] | None
    slugs: list[str] = field(default_factory=list)

    @property
    def is_everything(self) -> bool:
        return not self.slugs

    def count_filter(self) -> dict:
        """Keyword filters on the counts (SignalMonthCount, SignalSpotMonthCount)."""
        found = {"main_category_id__in": [category.pk for category, _level in self.mains]}
        if self.category_ids is not None:
            found["category_id__in"] = sorted(self.category_ids)
        return found


def category_options(viewer: PictureViewer) -> list[MainOption]:
    """The main categories the viewer sees (with their subcategories), in one query."""
    everything = list(Category.objects.order_by("sort_order", "name"))
    children = defaultdict(list)
    for category in everything:
        if category.parent_id is not None:
            children[category.parent_id].append(category)
    options = []
    for category in everything:
        if category.parent_id is None:
            level = category_level(viewer, category)
            if level is not Level.HIDDEN:
                options.append(MainOption(category, level, children[category.pk]))
    return options


def parse_categories(values: list[str], viewer: PictureViewer) -> tuple[Selection, str]:
    """The categories asked for (``request.GET.getlist("categorie")``) and a message when one
    was not known ('' when all were)."""
    options = category_options(viewer)
    by_slug = {}
    for option in options:
        by_slug[option.category.slug] = (option, None)
        for sub in option.subcategories:
            by_slug[sub.slug] = (option, sub)
    chosen_slugs, unknown = [], False
    for value in values[:MAX_CHOSEN]:
        if value in by_slug and value not in chosen_slugs:
            chosen_slugs.append(value)
        elif value not in by_slug:
            unknown = True
    message = _("Een gekozen categorie bestaat niet; die is weggelaten.") if unknown else ""
    if not chosen_slugs:
        mains = [(option.category, option.level) for option in options]
        return Selection(options, mains, None, []), message
    whole, ids = set(), set()
    for slug in chosen_slugs:
        option, sub = by_slug[slug]
        if sub is None:
            whole.add(option.category.pk)
            ids.update({option.category.pk, *(s.pk for s in option.subcategories)})
        else:
            ids.add(sub.pk)
    mains = [
        (option.category, option.level)
        for option in options
        if option.category.pk in whole or ids & {s.pk for s in option.subcategories}
    ]
    return Selection(options, mains, frozenset(ids), chosen_slugs), message
