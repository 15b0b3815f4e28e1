from django.contrib import admin

from wijkteam.notifications.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    # The body is never shown: it may hold a password-reset link.
    fields = ["to", "subject", "status", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
