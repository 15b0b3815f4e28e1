"""The gemeente's MOR system (a Signalen installation) as Beheer configures it, and each case
forwarded to it with what the MOR system says about it since."""

import re
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.cases.models import Case
from wijkteam.partners.models import Organisation, OrganisationKind
from wijkteam.signals.models import Category

# Where Signalen names a sub category: /signals/v1/public/terms/categories/<main>/sub_categories/
# <sub>, on its own or after the installation's address.
SUB_CATEGORY_PATH = re.compile(
    r"^(?:https?://[^/\s]+)?(/signals/v1/public/terms/categories/[a-z0-9-]+/sub_categories/"
    r"[a-z0-9-]+)/?$"
)


def validate_sub_category(value: str) -> None:
    if not SUB_CATEGORY_PATH.match(value.strip()):
        raise ValidationError(
            _(
                "Geef het adres van een subcategorie in Signalen, zoals "
                "/signals/v1/public/terms/categories/afval/sub_categories/veeg-zwerfvuil."
            )
        )


class MorConnection(models.Model):
    """One gemeente's MOR system: where its Signalen API is and how Wijkteam signs in there."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mor_connection",
        limit_choices_to={"kind": OrganisationKind.GEMEENTE},
        verbose_name=_("gemeente"),
    )
    base_url = models.URLField(
        _("adres van de Signalen-API"),
        max_length=300,
        help_text=_(
            "Het begin van de adressen van de API, zonder /signals/v1, zoals "
            "https://api.meldingen.gemeente.nl."
        ),
    )
    # The bearer token Signalen's private API takes. Sent with every request, so kept as it is
    # (not as a hash); never shown again, never in the audit trail.
    auth_token = models.TextField(_("token"), blank=True, editable=False)
    source = models.CharField(
        _("bron in Signalen"),
        max_length=128,
        default="Wijkteam",
        help_text=_(
            "De naam van de bron zoals die in Signalen bestaat (Signalen weigert een onbekende "
            "bron)."
        ),
    )
    is_active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_(
            "Uit: er wordt niets doorgestuurd of opgehaald; wat klaarstaat, wacht tot de "
            "koppeling weer aan staat."
        ),
    )

    class Meta:
        verbose_name = _("MOR-koppeling")
        verbose_name_plural = _("MOR-koppelingen")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(_("MOR-systeem van %(organisation)s") % {"organisation": self.organisation})

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind != OrganisationKind.GEMEENTE:
            raise ValidationError({"organisation": _("Kies een gemeente.")})


class MorCategory(models.Model):
    """Which Signalen sub category one of Wijkteam's public-space categories is, and whether
    its cases go to the MOR system when the gemeente leads them."""

    connection = models.ForeignKey(
        MorConnection, on_delete=models.CASCADE, related_name="categories"
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_public_space": True, "parent__isnull": False},
        verbose_name=_("categorie in Wijkteam"),
    )
    sub_category_url = models.CharField(
        _("subcategorie in Signalen"),
        max_length=300,
        validators=[validate_sub_category],
        help_text=_(
            "Zoals /signals/v1/public/terms/categories/afval/sub_categories/veeg-zwerfvuil"
        ),
    )
    forward = models.BooleanField(_("doorsturen"), default=True)

    class Meta:
        verbose_name = _("categorie voor het MOR-systeem")
        verbose_name_plural = _("categorieën voor het MOR-systeem")
        ordering = ["category__parent__sort_order", "category__sort_order", "category__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "category"], name="mor_category_once_per_connection"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.sub_category_url}"

    def clean(self) -> None:
        if self.category_id and not (self.category.is_public_space and self.category.parent_id):
            raise ValidationError(
                {"category": _("Alleen subcategorieën van de openbare ruimte gaan naar het MOR.")}
            )

    @property
    def sub_category_path(self) -> str:
        match = SUB_CATEGORY_PATH.match(self.sub_category_url.strip())
        return match.group(1) if match else ""


# A worker that claimed a forwarding this long ago and did not finish is taken to be gone (its
# request has long timed out): another may send it.
CLAIM_MINUTES = 10


def being_sent(now: datetime) -> Q:
    """The forwardings a worker is sending right now."""
    return Q(sending_since__gte=now - timedelta(minutes=CLAIM_MINUTES))


class ForwardingState(models.TextChoices):
    PENDING = "pending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt: wacht op beheer")
    ABANDONED = "abandoned", _("Opgegeven")


# Where a forwarding may go from each state, checked by the services. Sent is final; a failed
# (or given up) forwarding goes back to the queue when a person asks.
TRANSITIONS: dict[str, frozenset[str]] = {
    ForwardingState.PENDING: frozenset(
        {ForwardingState.SENT, ForwardingState.FAILED, ForwardingState.ABANDONED}
    ),
    ForwardingState.FAILED: frozenset({ForwardingState.PENDING, ForwardingState.ABANDONED}),
    ForwardingState.ABANDONED: frozenset({ForwardingState.PENDING}),
    ForwardingState.SENT: frozenset(),
}


class Forwarding(models.Model):
    """One case sent (or to be sent) to one MOR system: kept until it is sent or a person gives
    it up, then what the MOR system says about it."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="+", verbose_name=_("casus")
    )
    connection = models.ForeignKey(
        MorConnection,
        on_delete=models.PROTECT,
        related_name="forwardings",
        verbose_name=_("MOR-koppeling"),
    )
    # The sub category it was sent as (read from the mapping at the time of sending, so that a
    # mapping corrected after a refusal counts for the next attempt).
    sub_category_url = models.CharField(_("subcategorie in Signalen"), max_length=300, blank=True)
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=ForwardingState.choices,
        default=ForwardingState.PENDING,
    )
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    # Set while one worker sends it: another leaves it alone (or takes over once it is stale).
    sending_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    sent_at = models.DateTimeField(_("verstuurd"), null=True, blank=True)
    # The signal in the MOR system: its id in the API and the number people there use.
    external_id = models.CharField(_("id in het MOR-systeem"), max_length=64, blank=True)
    external_reference = models.CharField(
        _("meldingnummer in het MOR-systeem"), max_length=64, blank=True
    )
    external_state = models.CharField(_("status in het MOR-systeem"), max_length=40, blank=True)
    external_state_display = models.CharField(
        _("status in het MOR-systeem (tekst)"), max_length=100, blank=True
    )
    # The MOR system closed it (afgehandeld, geannuleerd, gesplitst): no longer read.
    external_closed = models.BooleanField(_("afgesloten in het MOR-systeem"), default=False)
    polled_at = models.DateTimeField(_("status gelezen"), null=True, blank=True)

    class Meta:
        verbose_name = _("doorgestuurde casus")
        verbose_name_plural = _("doorgestuurde casussen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "connection"], name="mor_forwarding_once_per_case"
            )
        ]
        indexes = [
            # The worker's two questions: what waits to be sent, what to read again.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="mor_forwarding_pending",
            ),
            models.Index(
                fields=["polled_at"],
                condition=Q(state="sent", external_closed=False),
                name="mor_forwarding_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.connection.organisation}"
