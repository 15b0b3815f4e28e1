"""Beheer: the other doors and the words of each category (edited by functional admins, and
the search index follows within seconds: version.py), and the residents' searches that found
nothing or ended in another choice."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.core.admin import ReadOnlyAdmin
from wijkteam.voordeur.models import CategoryWords, Door, SearchEvent
from wijkteam.voordeur.search_log import searches_to_improve

PERIODS = {"30": 30, "90": 90, "365": 365}


@admin.register(Door)
class DoorAdmin(AuditedModelAdmin):
    list_display = ["name", "phone", "is_emergency", "sort_order", "is_active"]
    list_filter = ["is_emergency", "is_active"]
    search_fields = ["name", "keywords", "phrases"]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug", "advice", "advice_en", "phone", "link"]}),
        (_("Zoeken"), {"fields": ["keywords", "phrases", "is_emergency"]}),
        (None, {"fields": ["sort_order", "is_active"]}),
    ]


@admin.register(CategoryWords)
class CategoryWordsAdmin(AuditedModelAdmin):
    list_display = ["category", "start_page_position"]
    list_select_related = ["category__parent"]
    search_fields = ["category__name", "category__public_name", "keywords", "phrases"]
    fields = ["category", "keywords", "phrases", "start_page_position"]


@admin.register(SearchEvent)
class SearchEventAdmin(ReadOnlyAdmin):
    """Read only. The list shows the searches per words that found nothing or were followed by
    another choice than the best answer, with counts: where words may be missing."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)
        period = request.GET.get("periode", "30")
        days = PERIODS.get(period, 30)
        since = timezone.localdate() - timezone.timedelta(days=days)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Zoekvragen van bewoners"),
            "rows": searches_to_improve(since=since),
            "periods": [(key, key == period) for key in PERIODS],
            "days": days,
            "total": SearchEvent.objects.filter(day__gte=since).count(),
        }
        return TemplateResponse(request, "admin/voordeur/searchevent/statistics.html", context)
