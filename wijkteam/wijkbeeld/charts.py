"""The charts of the wijk's picture drawn on the server as SVG, with matplotlib's
object-oriented API (a ``Figure`` with the SVG canvas of its own: pyplot keeps global state and
is not thread-safe) and its SVG and Agg backends only.

The SVG keeps its text as text (``svg.fonttype`` none: readable, searchable, translatable), is
the same byte for byte for the same chart (a fixed ``svg.hashsalt``, no date in the metadata),
and carries a ``<title>`` and ``<desc>`` that a screen reader announces (``role="img"`` with
``aria-labelledby``). Colours are the Okabe-Ito palette, which people with a colour vision
deficiency tell apart; lines also differ in marker and dash, bars in hatching, so that no
series is told by colour alone. Every number is in the table beside the chart as well.

A drawn chart is kept in Django's cache under a digest of everything it is drawn from: the
numbers as the viewer may see them (so the viewer's levels: a hidden category is not in them,
a suppressed small count is a gap), the measures marked, the texts in the page's language and
this module's version. A refresh of the counts changes the numbers and so the key; the reads
that give the numbers run for every request (a few aggregate queries), the drawing (tens of
milliseconds) only once."""

import hashlib
import io
import math
from datetime import date, timedelta
from xml.sax.saxutils import escape

import matplotlib
from django.core.cache import cache
from django.utils.formats import number_format
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from wijkteam.wijkbeeld.chart_model import LINES, Chart, Plot
from wijkteam.wijkbeeld.marks import Mark

# Set once for the process, never changed afterwards (so no other thread sees them change).
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "wijkteam-wijkbeeld",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
        "font.size": 11,
        "axes.edgecolor": "#333333",
        "axes.labelcolor": "#1a1a1a",
        "xtick.color": "#1a1a1a",
        "ytick.color": "#1a1a1a",
        "text.color": "#1a1a1a",
    }
)

RENDER_VERSION = "1"
CACHE_SECONDS = 24 * 60 * 60
# Okabe & Ito (2008), without the yellow that is too light on white; black last.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
DASHES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1)))
HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo")
MARK_COLOUR = "#6b6b6b"
WIDTH_INCHES = 9.0
MAX_TICKS = 13
LABEL_LENGTH = 36


def _tick(value: float, _position) -> str:
    """An axis number as the page's language writes it (0,5 in Dutch)."""
    if float(value).is_integer():
        return number_format(int(value), 0, force_grouping=True)
    return number_format(round(value, 2), 2 if round(value, 1) != round(value, 2) else 1)


NUMBERS = FuncFormatter(_tick)


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _short(text: str, length: int = 28) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _month_position(months: list[date], day: date) -> float:
    """Where a day lies on an axis of months (month i is drawn at i, from i-0.5 to i+0.5)."""
    first = months[0]
    index = (day.year - first.year) * 12 + day.month - first.month
    days_in_month = ((day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(1)).day
    return index - 0.5 + (day.day - 1) / days_in_month


def _draw_marks(axes, months: list[date], marks: list[Mark]) -> None:
    low, high = -0.5, len(months) - 0.5
    for row, mark in enumerate(marks):
        start = max(_month_position(months, mark.start), low)
        end = high if mark.end is None else min(_month_position(months, mark.end) + 0.03, high)
        if end <= start:
            continue
        axes.axvspan(start, end, facecolor="#ebebeb", edgecolor="#c4c4c4", hatch="///", lw=0)
        axes.axvline(start, color=MARK_COLOUR, linewidth=1, linestyle="-")
        axes.annotate(
            _short(mark.title, 24),
            xy=(start, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -12 - 13 * (row % 4)),
            textcoords="offset points",
            fontsize=9,
            color="#1a1a1a",
        )


def _lines(figure: Figure, plot: Plot) -> None:
    axes = figure.add_subplot()
    count = len(plot.labels)
    positions = list(range(count))
    if plot.marks and plot.months:
        _draw_marks(axes, plot.months, plot.marks)
    for index, (label, values) in enumerate(plot.series):
        axes.plot(
            positions,
            values,
            label=label,
            color=_colour(index),
            linestyle=DASHES[index % len(DASHES)],
            marker=MARKERS[index % len(MARKERS)] if count <= 24 else None,
            markersize=5,
            linewidth=2,
        )
    step = max(1, math.ceil(count / MAX_TICKS))
    axes.set_xticks(positions[::step], plot.labels[::step], rotation=45, ha="right")
    axes.set_xlim(-0.5, max(count - 0.5, 0.5))
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_formatter(NUMBERS)
    axes.set_ylabel(plot.axis_label)
    axes.grid(axis="y", color="#cccccc", linewidth=0.6)
    axes.set_axisbelow(True)
    if plot.series:
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)


def _stacked(figure: Figure, plot: Plot) -> None:
    axes = figure.add_subplot()
    positions = list(range(len(plot.labels)))
    left = [0.0] * len(positions)
    for index, (label, values) in enumerate(plot.series):
        widths = [0.0 if math.isnan(value) else value for value in values]
        axes.barh(
            positions,
            widths,
            left=left,
            label=label,
            color=_colour(index),
            hatch=HATCHES[index % len(HATCHES)],
            edgecolor="#ffffff",
            linewidth=0.8,
            height=0.7,
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for position, total in zip(positions, left, strict=True):
        if total:
            digits = 0 if float(total).is_integer() else 1
            text = number_format(round(total, 1), digits, force_grouping=True)
            axes.annotate(
                text + ("%" if plot.percent else ""),
                xy=(total, position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=10,
            )
    highest = max(left, default=0)
    axes.set_xlim(0, 100 * 1.12 if plot.percent else max(highest * 1.12, 1))
    axes.set_yticks(positions, [_short(label, LABEL_LENGTH) for label in plot.labels])
    axes.xaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(NUMBERS)
    axes.set_xlabel(plot.axis_label)
    axes.grid(axis="x", color="#cccccc", linewidth=0.6)
    axes.set_axisbelow(True)
    if len(plot.series) > 1:
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)


def figure_inches(plot: Plot) -> tuple[float, float]:
    """The drawn size (width, height) in inches: bar charts grow with their rows."""
    if plot.kind == LINES:
        return WIDTH_INCHES, 4.6
    return WIDTH_INCHES, min(max(1.2 + 0.34 * len(plot.labels), 2.4), 14.0)


def _figure(plot: Plot) -> Figure:
    legend = len(plot.series) > 1 or plot.kind == LINES
    width, height = figure_inches(plot)
    figure = Figure(figsize=(width, height), facecolor="#ffffff")
    FigureCanvasSVG(figure)
    bottom = 1.0 / height if plot.kind == LINES else 0.7 / height
    # Room for the bars' names on the left: about a 100th of the width per character.
    longest = max((len(_short(label, LABEL_LENGTH)) for label in plot.labels), default=0)
    figure.subplots_adjust(
        left=0.09 if plot.kind == LINES else min(0.4, 0.04 + 0.0095 * longest),
        right=(0.8 if plot.kind != LINES else 0.76) if legend else 0.92,
        top=1 - 0.25 / height,
        bottom=bottom,
    )
    (_lines if plot.kind == LINES else _stacked)(figure, plot)
    return figure


def _accessible(svg: str, title: str, description: str) -> str:
    """The root element gets role="img" and aria-labelledby; its first children are the
    title and the description."""
    start = svg.index("<svg")
    end = svg.index(">", start)
    root = svg[start:end]
    labelled = ' role="img" aria-labelledby="chart-title chart-desc"'
    head = (
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(description)}</desc>'
    )
    return svg[:start] + root + labelled + ">" + head + svg[end + 1 :]


def draw_svg(chart: Chart) -> str:
    """The chart as an SVG document (not cached)."""
    figure = _figure(chart.plot)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return _accessible(out.getvalue(), chart.title, chart.description)


def chart_digest(chart: Chart) -> str:
    """A digest of everything the chart's SVG is drawn from."""
    plot = chart.plot
    drawn = (
        RENDER_VERSION,
        chart.title,
        chart.description,
        plot.kind,
        tuple(plot.labels),
        tuple((label, tuple(repr(v) for v in values)) for label, values in plot.series),
        plot.axis_label,
        tuple(month.isoformat() for month in plot.months),
        tuple(mark.key() for mark in plot.marks),
        plot.percent,
    )
    return hashlib.sha256(repr(drawn).encode()).hexdigest()


def chart_svg(chart: Chart) -> str:
    """The chart as SVG, drawn once per distinct content and then read from the cache."""
    key = f"wijkbeeld:svg:{chart_digest(chart)}"
    svg = cache.get(key)
    if svg is None:
        svg = draw_svg(chart)
        cache.set(key, svg, CACHE_SECONDS)
    return svg
