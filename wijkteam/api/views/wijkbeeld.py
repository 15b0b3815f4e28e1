"""The wijk's picture as numbers: signals per month, per wijk or buurt, per main category or
category, as the aggregate need-to-know rule (wijkbeeld/access.py) tells them to the client's
organisation: the arrears only for the corporation and the gemeente's debt help, a small count
of a category about persons as "< 5" and every other count of it rounded to a multiple of 5
outside the category's owner. Read from the counts the worker keeps, never from the signals."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from wijkteam.api.problems import ParameterError
from wijkteam.api.scopes import Scope
from wijkteam.api.serializers.common import (
    CodeNaamSerializer,
    GebiedSerializer,
    code_naam,
    gebied,
    page_schema,
)
from wijkteam.api.views.base import ApiView, PageQuery, page_bounds, paged
from wijkteam.areas.models import District, Neighbourhood
from wijkteam.core.replica import ReplicaReadsMixin
from wijkteam.wijkbeeld.access import Level, picture_viewer, shown, told
from wijkteam.wijkbeeld.public_picture import public_period
from wijkteam.wijkbeeld.reads import counts, subcategories_by_main, visible_main_categories

TAG = "Wijkbeeld"


class AantalSerializer(serializers.Serializer):
    maand = serializers.RegexField(r"^[0-9]{4}-[0-9]{2}$", help_text="jjjj-mm")
    wijk = GebiedSerializer()
    buurt = GebiedSerializer(allow_null=True, help_text="null bij per=wijk, of zonder buurt.")
    hoofdcategorie = CodeNaamSerializer()
    categorie = CodeNaamSerializer(allow_null=True, help_text="null bij categorieen=hoofd.")
    aantal = serializers.IntegerField(
        allow_null=True, help_text='null: een klein aantal (1 tot en met 4), als "< 5".'
    )
    aantalTekst = serializers.CharField()
    afgerond = serializers.BooleanField(
        help_text="Een categorie over personen: afgerond op een vijftal (niet de eigenaar)."
    )


class CountsQuery(PageQuery):
    wijk = serializers.RegexField(r"^WK[0-9]{6}$", required=False)
    per = serializers.ChoiceField(choices=["wijk", "buurt"], required=False, default="wijk")
    categorieen = serializers.ChoiceField(choices=["hoofd", "sub"], required=False, default="hoofd")
    jaar = serializers.RegexField(r"^[0-9]{4}$", required=False, help_text="Een heel jaar.")
    van = serializers.RegexField(r"^[0-9]{4}-[0-9]{2}$", required=False, help_text="jjjj-mm")
    tot = serializers.RegexField(r"^[0-9]{4}-[0-9]{2}$", required=False, help_text="jjjj-mm")


class CountsView(ReplicaReadsMixin, ApiView):
    query_class = CountsQuery
    scopes = {"GET": Scope.WIJKBEELD_READ}
    operation_ids = {"GET": "wijkbeeldAantallen"}

    @extend_schema(
        tags=[TAG],
        summary="Aantallen meldingen per maand",
        description=(
            "Per maand, wijk (of buurt) en hoofdcategorie (of categorie) het aantal meldingen, "
            "zoals de organisatie van de sleutel het mag zien. Zonder periode de laatste 12 "
            "maanden; jaar=jjjj, of van=jjjj-mm en tot=jjjj-mm (tot vijf jaar terug). "
            "Maanden zonder meldingen staan er niet in."
        ),
        parameters=[CountsQuery],
        responses={200: page_schema("Aantallen", "aantallen", AantalSerializer())},
    )
    def get(self, request):
        query = self.read_query()
        period, problem = public_period(
            {name: query.get(name, "") for name in ("jaar", "van", "tot")}
        )
        if period is None:
            raise ParameterError("van" if not query.get("jaar") else "jaar", problem)
        where = {}
        if query.get("wijk"):
            district = District.objects.defer("geometry").filter(code=query["wijk"]).first()
            if district is None:
                raise ParameterError("wijk", _("Deze wijk bestaat niet."), code="does_not_exist")
            where["district_id"] = district.pk
        by_buurt, by_sub = query["per"] == "buurt", query["categorieen"] == "sub"
        area = "neighbourhood_id" if by_buurt else "district_id"
        group = ("month", "district_id", area, "category_id" if by_sub else "main_category_id")
        found = counts(period, tuple(dict.fromkeys(group)), **where)
        rows = self._rows(found, by_buurt=by_buurt, by_sub=by_sub)
        offset, size = page_bounds(query)
        page = rows[offset : offset + size + 1]
        return Response(paged(request, query, page, "aantallen", page[:size]))

    def _rows(self, found: dict, *, by_buurt: bool, by_sub: bool) -> list[dict]:
        viewer = picture_viewer(self.account)
        mains = dict(visible_main_categories(viewer))  # hidden ones are not there at all
        order, categories = {}, {}
        for position, main in enumerate(mains):
            order[main.pk] = (position, 0)
            categories[main.pk] = (main, None)
            for index, sub in enumerate(subcategories_by_main().get(main.pk, []), start=1):
                order[sub.pk] = (position, index)
                categories[sub.pk] = (main, sub)
        districts = {d.pk: d for d in District.objects.defer("geometry")}
        buurten = {b.pk: b for b in Neighbourhood.objects.defer("geometry")} if by_buurt else {}
        rows = []
        for key, count in found.items():
            month, district_id, category_id = key[0], key[1], key[-1]
            if category_id not in categories:
                continue  # a category the viewer may not see counted
            main, sub = categories[category_id]
            level = mains[main]
            buurt = buurten.get(key[2]) if by_buurt else None
            district = districts[district_id]
            rows.append(
                (
                    (month, district.code, buurt.code if buurt else "", order[category_id]),
                    {
                        "maand": f"{month:%Y-%m}",
                        "wijk": gebied(district),
                        "buurt": gebied(buurt),
                        "hoofdcategorie": code_naam(main.slug, main.display_name),
                        "categorie": code_naam(sub.slug, sub.display_name) if sub else None,
                        "aantal": told(count, level),
                        "aantalTekst": shown(count, level),
                        "afgerond": level is Level.SUPPRESSED,
                    },
                )
            )
        return [row for _key, row in sorted(rows, key=lambda pair: pair[0])]
