from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wijkteam.core.admin import action_confirmation, action_confirmed
from wijkteam.notifications.models import EmailStatus, OutgoingEmail
from wijkteam.notifications.services import emails_retry, emails_send_again


def masked_address(address: str) -> str:
    """Enough of an address to tell a typo or a dead domain, not whose it is: residents'
    addresses are for the receiving organisation only (DESIGN §6)."""
    local, _sep, domain = address.partition("@")
    return f"{local[:1]}…@{domain}" if domain else "…"


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "subject", "topic", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    # Not searchable by address: that would tell whether someone was emailed.
    search_fields = ["subject", "topic"]
    # The body is never shown: it may hold a password-reset link or a message to a resident.
    fields = [
        "recipient",
        "subject",
        "topic",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields
    actions = ["retry", "send_again"]

    @admin.display(description=_("aan"))
    def recipient(self, email: OutgoingEmail) -> str:
        return masked_address(email.to)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # Emails go with the retention run or a person's erasure, both audited; not by hand.
    def has_delete_permission(self, request, obj=None):
        return False

    # The outbox itself is read-only; putting failed emails back in the queue (and, after
    # confirming, those that may have been sent) is the one thing staff who may see it can do.
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

    @admin.action(
        description=_("Mogelijk verzonden e-mails toch opnieuw versturen"), permissions=["retry"]
    )
    def send_again(self, request, queryset):
        """After a confirmation page: the recipient may get these emails twice."""
        uncertain = queryset.filter(status=EmailStatus.UNCERTAIN).order_by("created_at")
        if not action_confirmed(request):
            return action_confirmation(
                request,
                self,
                template="admin/notifications/outgoingemail/send_again.html",
                title=gettext("Mogelijk verzonden e-mails opnieuw versturen"),
                selected=queryset.values_list("pk", flat=True),
                chosen=uncertain.exists(),
                emails=[(email, masked_address(email.to)) for email in uncertain],
                left_alone=queryset.count() - uncertain.count(),
            )
        count = emails_send_again(
            actor=request.user, email_ids=uncertain.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s mogelijk verzonden e-mail opnieuw in de wachtrij",
                "%(count)s mogelijk verzonden e-mails opnieuw in de wachtrij",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
        return None
