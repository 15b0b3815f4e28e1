from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wijkteam.notifications.models import OutgoingEmail
from wijkteam.notifications.services import emails_retry


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "topic", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject", "topic"]
    # The body is never shown: it may hold a password-reset link.
    fields = [
        "to",
        "subject",
        "topic",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # The outbox itself is read-only; putting failed emails back in the queue is the one thing
    # staff who may see it can do.
    def has_retry_permission(self, request) -> bool:
        return self.has_view_permission(request)

    @admin.action(description=_("Opnieuw proberen"), permissions=["retry"])
    def retry(self, request, queryset):
        count = emails_retry(actor=request.user, email_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)s e-mail opnieuw in de wachtrij",
                "%(count)s e-mails opnieuw in de wachtrij",
                count,
            )
            % {"count": count},
            # Sent and still queued emails are left alone: nothing to do is worth a warning.
            messages.SUCCESS if count else messages.WARNING,
        )
