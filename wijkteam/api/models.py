"""API clients: partner systems that use the REST API for their organisation, and the answers
to requests sent with an Idempotency-Key, kept for a day so that a retry gets the same answer."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.partners.models import Organisation


def default_rate_limit() -> int:
    return settings.WIJKTEAM_API_RATE_LIMIT_PER_MINUTE


class ApiClient(models.Model):
    """A partner system with a key. It acts through its own account (``account``, a user of
    its organisation that never logs in): the services' checks, the need-to-know rule and the
    access log see every call as that account's. The key is shown once when the client is
    made; only its prefix (to find the row) and a hash of its secret are kept."""

    name = models.CharField(_("naam"), max_length=100)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("organisatie"),
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        verbose_name=_("account"),
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    key_prefix = models.CharField(_("begin van de sleutel"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    rate_limit_per_minute = models.PositiveIntegerField(
        _("verzoeken per minuut"),
        default=default_rate_limit,
        help_text=_("Daarboven antwoordt de API met 429 en Retry-After."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-koppeling")
        verbose_name_plural = _("API-koppelingen")
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class IdempotentRequest(models.Model):
    """The answer to a POST sent with an Idempotency-Key: a retry with the same key gets this
    answer again (and nothing is made twice). Kept ``WIJKTEAM_API_IDEMPOTENCY_HOURS``, then
    removed by the worker; the answer may hold personal data, as the original answer did."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # A hash of the method, path and body, to tell a retry from another request with the key.
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.TextField()  # the JSON as answered, its keys in their order
    location = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="api_idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.key[:40]}"
