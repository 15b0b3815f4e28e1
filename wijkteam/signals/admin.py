from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.signals.models import Category

# Only configuration lives in the admin. Signals themselves are personal data and are read
# through the need-to-know pages, never through the admin.


class SubcategoryInline(admin.TabularInline):
    model = Category
    fk_name = "parent"
    fields = [
        "name",
        "name_en",
        "public_name",
        "public_name_en",
        "default_lead_kind",
        "sensitivity",
        "response_days",
        "retention_months",
        "keep_free_text",
        "is_active",
    ]
    extra = 0
    show_change_link = True


@admin.register(Category)
class CategoryAdmin(AuditedModelAdmin):
    list_display = [
        "__str__",
        "public_name",
        "default_lead_kind",
        "sensitivity",
        "response_days",
        "retention",
        "keep_free_text",
        "residents_may_report",
        "is_active",
    ]
    list_filter = ["parent", "sensitivity", "keep_free_text", "residents_may_report", "is_active"]
    search_fields = ["name", "name_en", "public_name", "public_name_en", "slug"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "parent",
                    # The English next to the Dutch: shown on English pages when filled in.
                    ("name", "name_en"),
                    "slug",
                    ("public_name", "public_name_en"),
                    ("help_text", "help_text_en"),
                    "sort_order",
                    "is_active",
                ]
            },
        ),
        (
            _("Wie reageert eerst"),
            {
                "fields": [
                    "default_lead_kind",
                    "lead_kind_if_not_tenant",
                    ("lead_note", "lead_note_en"),
                ]
            },
        ),
        (
            _("Regels"),
            {
                "fields": [
                    "sensitivity",
                    "residents_may_report",
                    "is_acute",
                    "is_public_space",
                    "residents_may_join",
                    "response_days",
                ]
            },
        ),
        (
            _("Bewaartermijn"),
            {
                "description": _(
                    "Wat er met de persoonsgegevens van een gesloten casus gebeurt. Elke nacht "
                    "verwijdert Wijkteam wat over de termijn is, behalve bij casussen waarop de "
                    "privacy officer een bewaarplicht heeft gezet."
                ),
                "fields": ["retention_months", "keep_free_text"],
            },
        ),
    ]

    @admin.display(description=_("bewaartermijn (maanden)"), ordering="retention_months")
    def retention(self, obj: Category) -> str:
        if obj.retention_months:
            return str(obj.retention_months)
        return _("%(months)s (standaard)") % {"months": obj.retention_period}

    def get_readonly_fields(self, request, obj=None):
        # Signals store their main category; a subcategory keeps the parent it was made with.
        return ["parent"] if obj is not None and obj.parent_id else []

    def get_inlines(self, request, obj):
        return [SubcategoryInline] if obj is not None and obj.parent_id is None else []

    def has_delete_permission(self, request, obj=None):
        # Categories with signals are kept (PROTECT); switch them off with "actief" instead.
        return super().has_delete_permission(request, obj) and not (obj and obj.signals.exists())
