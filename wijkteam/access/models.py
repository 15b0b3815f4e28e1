from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change to one domain record, written by the service that made the change, in the
    same transaction. Rows are only ever added. Each row carries, from its append, a keyed hash
    over its own content (``entry_hash``); the sealer (access/seal.py) later gives every
    committed row the next position in the sealing order and a keyed chain hash over the
    previous row's chain hash, its position, its id and its content hash. A changed, removed
    or inserted row then breaks the chain (``manage.py audit_verify``). On PostgreSQL a trigger
    refuses deletes, truncates and every update but the one seal of an unsealed row."""

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
    # A random value that makes every row's content, and so its hash, unique: a copy of a row
    # is found as a second row with the same hash.
    nonce = models.CharField(_("uniek kenmerk"), max_length=32, editable=False)
    entry_hash = models.CharField(_("inhoudshash"), max_length=64, editable=False)
    # Set once by the sealer, never by an append.
    seal_position = models.PositiveBigIntegerField(
        _("zegelpositie"), null=True, blank=True, unique=True, editable=False
    )
    seal_hash = models.CharField(_("ketenhash"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"]),
            # The rows the sealer has still to seal, found without reading the sealed ones.
            models.Index(
                fields=["id"],
                condition=models.Q(seal_position__isnull=True),
                name="auditentry_unsealed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.object_repr}"


class AccessLogEntry(models.Model):
    """One view of a record whose details are for the case partners or confidential (DESIGN
    §6): who saw which record, when, and from which page. Written by the access function that
    handed the record out (access/log.py)."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    user_label = models.CharField(_("gebruiker (zoals toen)"), max_length=200)
    organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    record_type = models.CharField(_("soort record"), max_length=100)
    record_id = models.CharField(_("record-id"), max_length=64)
    reference = models.CharField(_("nummer"), max_length=20)
    sensitivity = models.CharField(_("zichtbaarheid"), max_length=20)
    route = models.CharField(_("pagina"), max_length=100)
    path = models.CharField(_("adres"), max_length=300)

    class Meta:
        verbose_name = _("inzage")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["reference", "-at"], name="accesslog_reference"),
            models.Index(fields=["user", "-at"], name="accesslog_user"),
            models.Index(fields=["-at"], name="accesslog_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label}: {self.reference}"
