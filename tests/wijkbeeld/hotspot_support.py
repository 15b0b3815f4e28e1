"""Builders for the wijk's picture tests: kept counts written directly (what the worker would
keep), and reading the inline SVG of a page."""

import re
import xml.etree.ElementTree as ET
from datetime import date
from html import unescape

from wijkteam.signals.models import (
    Category,
    Channel,
    SignalMonthCount,
    SignalSpotMonthCount,
)

SVG = "{http://www.w3.org/2000/svg}"


def kept_count(month: date, buurt, slug: str, count: int, *, district=None) -> SignalMonthCount:
    """``count`` signals of category ``slug`` in ``buurt`` (None: in ``district`` without a
    buurt) in ``month``, as the worker keeps them."""
    category = Category.objects.select_related("parent").get(slug=slug)
    return SignalMonthCount.objects.create(
        month=month,
        district=district or buurt.district,
        neighbourhood=buurt,
        main_category=category.parent or category,
        category=category,
        channel=Channel.PHONE,
        count=count,
    )


def kept_spot(
    month: date, buurt, slug: str, count: int, *, street: str, lat: float, lon: float
) -> SignalSpotMonthCount:
    category = Category.objects.select_related("parent").get(slug=slug)
    return SignalSpotMonthCount.objects.create(
        month=month,
        district=buurt.district,
        neighbourhood=buurt,
        main_category=category.parent or category,
        category=category,
        cell_lat=int(lat * 1000),
        cell_lon=int(lon * 1000),
        street=street,
        count=count,
    )


def inline_svg(html: str) -> ET.Element:
    """The page's map, parsed as XML (fails when it is not well-formed)."""
    main = html[html.index("<main") :]  # the header's icons are not the map
    found = re.search(r"<svg\b.*?</svg>", main, re.S)
    assert found, "no inline SVG on the page"
    return ET.fromstring(found.group(0))  # noqa: S314 (our own page's markup, in a test)


def cell_texts(html: str, row_label: str) -> list[str]:
    """The cells of the table row whose header is ``row_label``."""
    row = re.search(rf"<tr>\s*<th scope=\"row\">{re.escape(row_label)}</th>(.*?)</tr>", html, re.S)
    assert row, f"no row {row_label!r}"
    return [
        unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    ]
