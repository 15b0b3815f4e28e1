from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.areas.models import District, Neighbourhood


class NeighbourhoodInline(admin.TabularInline):
    model = Neighbourhood
    fields = ["code", "name", "inhabitants", "households", "boundary_source"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(District)
class DistrictAdmin(AuditedModelAdmin):
    list_display = [
        "code",
        "name",
        "inhabitants",
        "households",
        "homes",
        "area_hectares",
        "boundary_source",
    ]
    search_fields = ["code", "name"]
    list_filter = ["boundary_source", "municipality_code"]
    readonly_fields = ["geometry", "updated_at"]
    inlines = [NeighbourhoodInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "municipality_code"]}),
        (_("Cijfers (CBS)"), {"fields": ["inhabitants", "households", "homes", "area_hectares"]}),
        (
            _("Grens"),
            {
                "fields": ["boundary_source", "geometry", "updated_at"],
                "description": _(
                    "Grenzen komen uit een import van CBS/PDOK Wijken en Buurten "
                    "(manage.py import_areas)."
                ),
            },
        ),
    ]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(AuditedModelAdmin):
    list_display = [
        "code",
        "name",
        "district",
        "inhabitants",
        "households",
        "boundary_source",
    ]
    search_fields = ["code", "name"]
    list_filter = ["district", "boundary_source"]
    list_select_related = ["district"]
    readonly_fields = ["geometry", "updated_at"]
