"""A measure's effect as a viewer may read it: the monthly counts of its target categories in
its buurten and in the comparison buurten (chosen, or else suggested), read from the kept
counts, fed to the estimate (effect.py).

The aggregate rule (access.py) holds here too: a target category the viewer may not see is
left out of the counts (and the page says so), and where a group's count of a category shown
as "< 5" would be told, the viewer gets no estimate, only that the numbers are too small."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wijkteam.areas.models import Neighbourhood
from wijkteam.signals.models import Category, SignalMonthCount
from wijkteam.wijkbeeld.access import (
    SMALL_COUNT,
    Level,
    PictureViewer,
    category_level,
    is_hidden_small,
    shown,
    told,
)
from wijkteam.wijkbeeld.comparison import Suggestion, suggest_comparison, target_filter
from wijkteam.wijkbeeld.effect import (
    TOO_FEW_SIGNALS,
    Effect,
    GroupFigures,
    Refusal,
    Window,
    effect_window,
    estimate_effect,
    few_signals_message,
    subject_of,
)
from wijkteam.wijkbeeld.freshness import picture_cached
from wijkteam.wijkbeeld.models import Measure

TOO_SMALL = "too_small"
NOTHING_VISIBLE = "nothing_visible"


def data_since() -> date | None:
    """The first month with any count: before it, nothing was counted yet."""
    return SignalMonthCount.objects.aggregate(first=Min("month"))["first"]


def monthly_counts(
    neighbourhood_ids: list[int], categories: list[Category], months: tuple[date, ...]
) -> dict[int, dict[date, int]]:
    """Per buurt, its count of the target categories in each month (summed over
    subcategories and doors; a month without signals is missing)."""
    found: dict[int, dict[date, int]] = {pk: {} for pk in neighbourhood_ids}
    if not months or not neighbourhood_ids or not categories:
        return found
    rows = (
        SignalMonthCount.objects.filter(
            target_filter(categories),
            neighbourhood_id__in=neighbourhood_ids,
            month__gte=min(months),
            month__lte=max(months),
        )
        .values("neighbourhood_id", "month")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        found[row["neighbourhood_id"]][row["month"]] = row["n"]
    return found


@dataclass(frozen=True)
class GroupRow:
    """A row of the small table: a group before and after, as the viewer may read it."""

    label: str
    figures: GroupFigures
    level: Level

    @property
    def before(self) -> str:
        return shown(self.figures.before, self.level)

    @property
    def after(self) -> str:
        return shown(self.figures.after, self.level)

    @property
    def per_month_before(self) -> float | None:
        """From the count as told (rounded where suppressed): an exact average would tell the
        exact count."""
        return _per_month(told(self.figures.before, self.level), self.figures.months_before)

    @property
    def per_month_after(self) -> float | None:
        return _per_month(told(self.figures.after, self.level), self.figures.months_after)


def _per_month(count: int | None, months: int) -> float | None:
    if count is None:
        return None
    return count / months if months else 0.0


@dataclass
class MeasureEffect:
    """What the measure's page shows of its effect."""

    result: Effect | Refusal
    window: Window
    comparison: list[Neighbourhood]
    suggested: bool  # no comparison buurten chosen: the suggestion is used
    suggestion: Suggestion
    left_out: list[Category] = field(default_factory=list)  # target categories not seen
    rows: list[GroupRow] = field(default_factory=list)
    # Target categories seen as "< 5" whose small count would be in a total with the others.
    too_few: list[Category] = field(default_factory=list)


def _level(levels: list[Level]) -> Level:
    return Level.SUPPRESSED if Level.SUPPRESSED in levels else Level.EXACT


def _untold(refusal: Refusal) -> Refusal:
    """The refusal without the small count it would tell (shown as "< 5" in the table)."""
    messages = tuple(
        few_signals_message(_("minder dan %(small)s") % {"small": SMALL_COUNT})
        if reason == TOO_FEW_SIGNALS
        else message
        for reason, message in zip(refusal.reasons, refusal.messages, strict=True)
    )
    return replace(refusal, messages=messages)


def _main(category: Category) -> int:
    return category.parent_id or category.pk


def _untold_mains(
    seen: list[Category], levels: dict[int, Level], groups: dict[str, list[int]], window: Window
) -> set[int]:
    """The main categories the viewer sees as "< 5" whose count in a group (the measure's
    buurten or the comparison's) before or after the start is 1 to 4, when the target holds
    other main categories too: a total with them would tell the small count (the difference
    with what the viewer reads of the others elsewhere), so it stays out, as it stays out of
    every total of the picture (reads.told_total). When every main category is such a one, the
    total tells none of them exactly: they stay."""
    mains = {_main(c) for c in seen}
    suppressed = [c for c in seen if levels[c.pk] is Level.SUPPRESSED]
    if len(mains) < 2 or not suppressed or not window.months:
        return set()
    group_of = {pk: name for name, pks in groups.items() for pk in pks}
    rows = (
        SignalMonthCount.objects.filter(
            target_filter(suppressed),
            neighbourhood_id__in=list(group_of),
            month__gte=min(window.months),
            month__lte=max(window.months),
        )
        .values("main_category_id", "neighbourhood_id", "month")
        .annotate(n=Sum("count"))
        .order_by()
    )
    cells: dict[tuple, int] = defaultdict(int)
    for row in rows:
        phase = "before" if row["month"] in window.before else "after"
        cells[row["main_category_id"], group_of[row["neighbourhood_id"]], phase] += row["n"]
    untold = {main for (main, _group, _phase), n in cells.items() if 0 < n < SMALL_COUNT}
    return untold if untold != mains else set()


def measure_effect(
    measure: Measure, viewer: PictureViewer, *, today: date | None = None
) -> MeasureEffect:
    """The effect of ``measure`` (loaded with its buurten, target categories with their parents
    and comparison buurten) as ``viewer`` may read it."""
    today = today or timezone.localdate()
    categories = list(measure.target_categories.all())
    levels = {c.pk: category_level(viewer, c.parent or c) for c in categories}
    seen = [c for c in categories if levels[c.pk] is not Level.HIDDEN]
    left_out = [c for c in categories if levels[c.pk] is Level.HIDDEN]
    chosen = sorted(measure.comparison_neighbourhoods.all(), key=lambda n: n.code)
    suggestion = suggest_comparison(measure, categories, today=today)
    comparison = chosen or suggestion.neighbourhoods
    window = effect_window(
        started_on=measure.started_on,
        ended_on=measure.ended_on,
        today=today,
        data_since=data_since(),
    )
    own = [n.pk for n in measure.neighbourhoods.all()]
    untold = _untold_mains(
        seen, levels, {"treated": own, "comparison": [n.pk for n in comparison]}, window
    )
    too_few = [c for c in seen if _main(c) in untold]
    seen = [c for c in seen if _main(c) not in untold]
    level = _level([levels[c.pk] for c in seen])
    counts = monthly_counts(own + [n.pk for n in comparison], seen, window.months)
    treated = {pk: counts[pk] for pk in own}
    compared = {n.pk: counts[n.pk] for n in comparison}
    subject = subject_of([(c.display_name) for c in seen])
    # The fit takes a good part of a second: kept until the counts change (freshness.py).
    result = picture_cached(
        ("effect", get_language(), measure.pk, window, subject, repr(treated), repr(compared)),
        lambda: estimate_effect(
            treated=treated, comparison=compared, window=window, subject=subject
        ),
    )
    if isinstance(result, Refusal) and is_hidden_small(result.treated.before, level):
        result = _untold(result)
    rows = [
        GroupRow(_("Buurten van de maatregel"), result.treated, level),
        GroupRow(_("Vergelijkingsbuurten"), result.comparison, level),
    ]
    if not seen:
        result = Refusal(
            (NOTHING_VISIBLE,),
            (_("U ziet de cijfers van de categorieën van deze maatregel niet."),),
            window,
            result.treated,
            result.comparison,
        )
    elif isinstance(result, Effect) and any(
        is_hidden_small(count, level)
        for figures in (result.treated, result.comparison)
        for count in (figures.before, figures.after)
    ):
        result = Refusal(
            (TOO_SMALL,),
            (
                _(
                    "Te weinig meldingen om een effect te tonen: in een van de groepen zijn het "
                    "er minder dan 5."
                ),
            ),
            window,
            result.treated,
            result.comparison,
        )
    return MeasureEffect(
        result=result,
        window=window,
        comparison=comparison,
        suggested=not chosen,
        suggestion=suggestion,
        left_out=left_out,
        rows=rows,
        too_few=too_few,
    )
