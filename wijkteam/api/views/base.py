"""What every view of the API shares: the scope it asks per method, Dutch texts, the names the
API gives the services' fields (for problems), and pages of a list with links."""

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.api.problems import ParameterError

PAGE_SIZE = 50
MAX_PAGE_SIZE = 50
# No list is read deeper than this page (10,000 rows): a later one is asked to narrow its
# filters (a LIMIT past tens of thousands of rows costs the database a scan of all of them).
MAX_PAGE = 200
MAX_ROWS = MAX_PAGE * MAX_PAGE_SIZE


class ApiView(APIView):
    """A view of the API. ``scopes``: the scope each method needs (None: any valid key)."""

    scopes: dict[str, str | None] = {}
    # The query parameters a GET reads (a serializer of them); any other is refused, so that a
    # misspelt filter is told, not silently ignored.
    query_class: type[serializers.Serializer] | None = None
    # The API's names of the fields a service's DomainError may name (service → API).
    domain_fields: dict[str, str] = {}

    def scope_for(self, method: str) -> str | None:
        return self.scopes.get(method)

    def initial(self, request, *args, **kwargs):
        # The API speaks Dutch, whatever the client's language settings (problems included).
        translation.activate(settings.LANGUAGE_CODE)
        if request.method.lower() not in self.http_method_names or not hasattr(
            self, request.method.lower()
        ):
            # A method the resource has not: 405 before anything else is looked at.
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        reads = self.query_class and request.method in ("GET", "HEAD")
        known = self.query_class().fields if reads else {}
        for name in request.query_params:
            if name not in known:
                raise ParameterError(name, _("Deze parameter kent de API hier niet."), "unknown")

    def read_query(self) -> dict[str, Any]:
        """The query parameters of a GET, read by ``query_class``."""
        return query_of(self.request, self.query_class)

    @property
    def account(self):
        """The API client's account: what the access functions and services are asked as."""
        return self.request.user


class PublicView(ApiView):
    """What anyone may read, without a key (a key sent along is not even looked at)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


class PageQuery(serializers.Serializer):
    """The page of a list: ``pagina`` from 1 to 200, ``paginagrootte`` up to 50."""

    pagina = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        default=1,
        help_text=_("Vanaf 1, tot en met 200: verfijn daarna de filters."),
    )
    paginagrootte = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        default=PAGE_SIZE,
        help_text=_("Hoeveel per pagina (1 tot en met 50)."),
    )


def query_of(request: Request, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    """The query parameters read by ``serializer_class``; 400 with invalidParams when wrong.
    A parameter given twice is wrong: a filter means one thing."""
    data = {}
    for name in serializer_class().fields:
        values = request.query_params.getlist(name)
        if len(values) > 1:
            raise ParameterError(name, _("Geef deze parameter één keer."), code="multiple")
        if values:
            data[name] = values[0]
    query = serializer_class(data=data)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


def page_bounds(query: dict[str, Any]) -> tuple[int, int]:
    """(offset, size) of the page asked for; 400 past the deepest page a list is read to."""
    number, size = query.get("pagina", 1), query.get("paginagrootte", PAGE_SIZE)
    if (number - 1) * size >= MAX_ROWS:
        raise ParameterError(
            "pagina",
            _("Zo ver bladert de API niet (ten hoogste %(rows)s rijen); verfijn de filters.")
            % {"rows": MAX_ROWS},
            code="max_value",
        )
    return (number - 1) * size, size


def _link(request: Request, number: int | None) -> dict[str, str]:
    params = request.query_params.copy()
    if number is None:
        return {"href": request.build_absolute_uri()}
    params["pagina"] = str(number)
    query = urlencode(sorted(params.lists()), doseq=True)
    return {"href": request.build_absolute_uri(f"{request.path}?{query}")}


def paged(
    request: Request, query: dict[str, Any], rows: Sequence, name: str, items: list
) -> dict[str, Any]:
    """A page in the HAL shape of the Dutch API Design Rules: ``_links`` (self, and first,
    prev and next where they exist) and ``_embedded`` with the page's ``items`` under
    ``name``. ``rows``: what was read for the page, one more than it holds when a next page
    exists (a list is never counted)."""
    number, size = query.get("pagina", 1), query.get("paginagrootte", PAGE_SIZE)
    links = {"self": _link(request, None), "first": _link(request, 1)}
    if number > 1:
        links["prev"] = _link(request, number - 1)
    if len(rows) > size and number * size < MAX_ROWS:
        links["next"] = _link(request, number + 1)
    return {"_links": links, "_embedded": {name: items}}


def page_of(rows, query: dict[str, Any]) -> list:
    """The rows of the page asked for, and one more when there is a next page."""
    offset, size = page_bounds(query)
    return list(rows[offset : offset + size + 1])


def page_response(
    request: Request, query: dict[str, Any], rows, name: str, items_of: Callable[[list], list]
) -> Response:
    """The page of ``rows`` asked for, its items made by ``items_of`` from the page's rows (in
    one go, so that what each row may show is read for the page at once), as ``paged``."""
    read = page_of(rows, query)
    _offset, size = page_bounds(query)
    return Response(paged(request, query, read, name, items_of(read[:size])))
