from django.contrib import admin

from wijkteam.access.models import AuditEntry
from wijkteam.access.services import config_record_delete, config_record_save
from wijkteam.core.admin import HTTPS_URL_FIELDS, ReadOnlyAdmin


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin pages for configuration data: every save and delete goes through the audited
    services instead of calling ``.save()`` and ``.delete()`` directly."""

    formfield_overrides = HTTPS_URL_FIELDS

    def save_model(self, request, obj, form, change):
        config_record_save(
            actor=request.user,
            instance=obj,
            changed_fields=list(form.changed_data),
            created=not change,
        )

    def delete_model(self, request, obj):
        config_record_delete(actor=request.user, instance=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            config_record_delete(actor=request.user, instance=obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            config_record_delete(actor=request.user, instance=obj)
        changed = {id(obj): fields for obj, fields in formset.changed_objects}
        for obj in instances:
            config_record_save(
                actor=request.user,
                instance=obj,
                changed_fields=list(changed.get(id(obj), [f.name for f in obj._meta.fields])),
                created=obj in formset.new_objects,
            )
        formset.save_m2m()


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_label", "object_id"]
    date_hierarchy = "at"
