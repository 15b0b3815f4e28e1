"""Reference data for any client with a valid key: the categories (and which of them a
client may report), the wijken and buurten with their CBS figures and boundaries."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from wijkteam.api.serializers.common import gebied, page_schema
from wijkteam.api.serializers.reference import (
    BuurtDetailSerializer,
    BuurtSerializer,
    CategorieSerializer,
    WijkDetailSerializer,
    WijkSerializer,
)
from wijkteam.api.views.base import ApiView, PageQuery, page_response
from wijkteam.areas.models import BoundarySource, District, Neighbourhood
from wijkteam.signals.categories import door_categories
from wijkteam.signals.models import Category

TAG = "Referentiegegevens"


def _category(category: Category, reportable: set[int]) -> dict:
    return {
        "code": category.slug,
        "naam": category.display_name,
        "naamVoorBewoners": category.display_public_name,
        "hoofdcategorie": category.parent.slug if category.parent_id else None,
        "vertrouwelijkheid": category.sensitivity,
        "acuut": category.is_acute,
        "openbareRuimte": category.is_public_space,
        "reactietermijnWerkdagen": category.response_days,
        "viaApiTeMelden": category.pk in reportable,
    }


class CategoriesView(ApiView):
    query_class = PageQuery
    operation_ids = {"GET": "categorieenLijst"}

    @extend_schema(
        tags=[TAG],
        summary="De categorieën",
        description="De actieve hoofd- en subcategorieën, in hun vaste volgorde.",
        parameters=[PageQuery],
        responses={200: page_schema("Categorieen", "categorieen", CategorieSerializer())},
    )
    def get(self, request):
        query = self.read_query()
        reportable = set(door_categories(for_residents=False))
        return page_response(
            request,
            query,
            Category.objects.filter(is_active=True)
            .select_related("parent")
            .order_by("parent__sort_order", "sort_order", "pk"),
            "categorieen",
            lambda rows: [_category(category, reportable) for category in rows],
        )


def _area(area, *, detail: bool) -> dict:
    data = {
        "code": area.code,
        "naam": area.name,
        "gemeentecode": area.municipality_code,
        "inwoners": area.inhabitants,
        "huishoudens": area.households,
        "woningen": area.homes,
        "oppervlakteHectare": area.area_hectares,
        "grensOfficieel": area.boundary_source == BoundarySource.OFFICIAL,
    }
    if isinstance(area, Neighbourhood):
        data["wijk"] = gebied(area.district)
    if detail:
        data["grens"] = area.geometry
    return data


def _areas(rows) -> list[dict]:
    return [_area(area, detail=False) for area in rows]


class DistrictsView(ApiView):
    query_class = PageQuery
    operation_ids = {"GET": "wijkenLijst"}

    @extend_schema(
        tags=[TAG],
        summary="De wijken",
        description="De wijken met hun CBS-cijfers; de grens staat bij één wijk.",
        parameters=[PageQuery],
        responses={200: page_schema("Wijken", "wijken", WijkSerializer())},
    )
    def get(self, request):
        query = self.read_query()
        districts = District.objects.defer("geometry").order_by("code")
        return page_response(request, query, districts, "wijken", _areas)


class DistrictView(ApiView):
    operation_ids = {"GET": "wijkLezen"}

    @extend_schema(
        tags=[TAG],
        summary="Eén wijk, met haar grens en buurten",
        responses={200: WijkDetailSerializer},
    )
    def get(self, request, code: str):
        district = District.objects.filter(code=code).first()
        if district is None:
            raise Http404
        data = _area(district, detail=True)
        data["buurten"] = [
            gebied(buurt) for buurt in district.neighbourhoods.only("code", "name").order_by("code")
        ]
        return Response(data)


class BuurtQuery(PageQuery):
    wijk = serializers.RegexField(
        r"^WK[0-9]{6}$", required=False, help_text="Alleen de buurten van deze wijk (WK...)."
    )


class NeighbourhoodsView(ApiView):
    query_class = BuurtQuery
    operation_ids = {"GET": "buurtenLijst"}

    @extend_schema(
        tags=[TAG],
        summary="De buurten",
        description="De buurten met hun CBS-cijfers, eventueel van één wijk.",
        parameters=[BuurtQuery],
        responses={200: page_schema("Buurten", "buurten", BuurtSerializer())},
    )
    def get(self, request):
        query = self.read_query()
        buurten = Neighbourhood.objects.select_related("district").defer(
            "geometry", "district__geometry"
        )
        if query.get("wijk"):
            buurten = buurten.filter(district__code=query["wijk"])
        return page_response(request, query, buurten.order_by("code"), "buurten", _areas)


class NeighbourhoodView(ApiView):
    operation_ids = {"GET": "buurtLezen"}

    @extend_schema(
        tags=[TAG], summary="Eén buurt, met haar grens", responses={200: BuurtDetailSerializer}
    )
    def get(self, request, code: str):
        buurt = (
            Neighbourhood.objects.select_related("district")
            .defer("district__geometry")
            .filter(code=code)
            .first()
        )
        if buurt is None:
            raise Http404
        return Response(_area(buurt, detail=True))
