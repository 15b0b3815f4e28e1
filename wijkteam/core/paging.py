"""One page of a long list without counting the list: fetch one row more than the page holds
to know whether there is a next page. Page numbers are capped so that no request asks the
database to skip millions of rows."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

PAGE_SIZE = 50
MAX_PAGE = 1000


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_number(value: Any) -> int:
    """The page asked for in ``?pagina=``: a whole number from 1 to MAX_PAGE, else 1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def page_of(rows: QuerySet, number: int, *, size: int = PAGE_SIZE) -> Page:
    """Page ``number`` (from 1) of an ordered queryset."""
    offset = (number - 1) * size
    fetched = list(rows[offset : offset + size + 1])
    return Page(rows=fetched[:size], number=number, has_next=len(fetched) > size)
