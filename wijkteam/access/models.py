from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change to one domain record, written by the service that made the change, in the
    same transaction. Rows are only ever added."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("door"),
    )
    actor_label = models.CharField(_("door (zoals toen)"), max_length=200)
    action = models.CharField(_("handeling"), max_length=40)
    object_type = models.CharField(_("soort record"), max_length=100)
    object_id = models.CharField(_("record-id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.object_repr}"
