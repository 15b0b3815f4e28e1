"""A signal, its reporters, its files and its timeline."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.core.translation import display_actor_label, render_stored
from wijkteam.partners.models import Organisation, Team
from wijkteam.signals.models.category import Category, Sensitivity


def format_address(record) -> str:
    """The address on one line ("Straat 12A, 3901 HC Veenendaal") from a record's fields."""
    number = f"{record.house_number or ''}{record.house_number_addition}".strip()
    street = " ".join(part for part in (record.street, number) if part)
    place = " ".join(part for part in (record.postcode, record.city) if part)
    return ", ".join(part for part in (street, place) if part)


class Channel(models.TextChoices):
    """The door a signal came in through."""

    RESIDENT_WEB = "resident_web", _("Bewoner via de website")
    FIELD = "field", _("Wijkbeheerder in de wijk")
    PHONE = "phone", _("Telefoon")
    DESK = "desk", _("Balie")
    EMAIL = "email", _("E-mail")
    PARTNER = "partner", _("Doorgegeven door een partner")
    RESIDENT_ORG = "resident_org", _("Bewonerscommissie of -organisatie")
    ARREARS_FORM = "arrears_form", _("Huuradministratie (formulier)")
    ARREARS_IMPORT = "arrears_import", _("Huuradministratie (import)")
    API = "api", _("Koppeling (API)")
    RESIDENT_APP = "resident_app", _("Bewoner via een app (Open311)")


# The doors a resident reports through themselves, without an account: the report form, and an
# app that reports for them through Open311 (wijkteam/open311). Their signals are the
# resident's own words; the system takes them in for the resident.
RESIDENT_CHANNELS = frozenset({Channel.RESIDENT_WEB, Channel.RESIDENT_APP})


# The channels staff choose from in the staff form.
STAFF_CHANNELS = (
    Channel.PHONE,
    Channel.DESK,
    Channel.EMAIL,
    Channel.PARTNER,
    Channel.RESIDENT_ORG,
)


class PublicStatus(models.TextChoices):
    """The status a reporter sees on the tracking page."""

    RECEIVED = "received", _("Ontvangen")
    IN_PROGRESS = "in_progress", _("In behandeling")
    DONE = "done", _("Afgehandeld")


class LocationStatus(models.TextChoices):
    RESOLVED = "resolved", _("Buurt bepaald")
    OUTSIDE = "outside", _("Buiten de bekende wijken")
    NEEDS_REVIEW = "needs_review", _("Adres nog te controleren")


class Signal(models.Model):
    """One report from one source (melding / signaal)."""

    reference = models.CharField(_("meldingnummer"), max_length=20, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="signals", verbose_name=_("categorie")
    )
    # The category's main category, stored so that "everything in Vervuiling" is one index
    # range at a million signals instead of a sort over several categories. Subcategories
    # cannot move to another main category (the admin keeps their parent read-only).
    main_category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("hoofdcategorie")
    )
    description = models.TextField(_("omschrijving"), blank=True)
    occurred_at = models.DateTimeField(_("tijdstip van het voorval"), null=True, blank=True)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    receiving_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_signals",
        verbose_name=_("ontvangende organisatie"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
    )
    created_at = models.DateTimeField(_("ontvangen"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=PublicStatus.choices, default=PublicStatus.RECEIVED
    )
    sensitivity = models.CharField(
        _("vertrouwelijkheid"), max_length=20, choices=Sensitivity.choices
    )
    is_urgent = models.BooleanField(_("spoed"), default=False)
    is_tenant = models.BooleanField(_("huurder van de corporatie"), null=True, blank=True)
    external_reference = models.CharField(_("externe referentie"), max_length=64, blank=True)

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="signals"
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="signals"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("buurt"),
    )
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)
    street = models.CharField(_("straat"), max_length=150, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    bag_id = models.CharField(_("BAG-nummeraanduiding"), max_length=20, blank=True)
    location_note = models.CharField(_("toelichting plek"), max_length=250, blank=True)
    location_status = models.CharField(_("locatie"), max_length=20, choices=LocationStatus.choices)
    # Organisations that see the details besides the receiving one: the lead and the involved
    # partners of the signal's case, kept up to date by the case services.
    shared_with = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("gedeeld met")
    )
    # When the retention run removed this signal's personal data (privacy/retention/): with its
    # case, or on its own for a signal that never reached a case. Nothing personal is added to
    # it afterwards.
    retention_applied_at = models.DateTimeField(
        _("persoonsgegevens verwijderd"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["receiving_organisation", "external_reference"],
                condition=~Q(external_reference=""),
                name="signal_external_reference_unique",
            )
        ]
        indexes = [
            # The team inbox: newest first, optionally filtered on one column.
            models.Index(fields=["team", "-created_at", "-id"], name="signal_inbox"),
            models.Index(fields=["team", "category", "-created_at"], name="signal_inbox_category"),
            models.Index(
                fields=["team", "main_category", "-created_at"], name="signal_inbox_main_category"
            ),
            models.Index(fields=["team", "channel", "-created_at"], name="signal_inbox_channel"),
            models.Index(
                fields=["team", "neighbourhood", "-created_at"], name="signal_inbox_buurt"
            ),
            models.Index(fields=["receiving_organisation", "-created_at"], name="signal_by_org"),
            # A month of a wijk, counted again for the wijk's picture (signals/counts.py).
            models.Index(fields=["district", "created_at"], name="signal_by_district"),
            # The few signals whose address still has to be checked, per organisation.
            models.Index(
                fields=["receiving_organisation", "-created_at"],
                condition=Q(location_status="needs_review"),
                name="signal_needs_review",
            ),
            # Signals without a wijk (so without a case) whose personal data the retention run
            # has not removed yet: the few the nightly run looks at among all signals
            # (privacy/retention/unplaced.py).
            models.Index(
                fields=["created_at"],
                condition=Q(team__isnull=True, retention_applied_at__isnull=True),
                name="signal_unplaced",
            ),
            # The newest signals anyone may follow through Open311 (open311/public.py): those
            # the whole team sees, of the last 90 days, newest first.
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(sensitivity="team"),
                name="signal_public_newest",
            ),
            # Open signals of a category near a point (the resident's "is this the same?").
            models.Index(fields=["category", "-created_at"], name="signal_by_category"),
            # Earlier signals at the same address ("3e melding op dit adres in 6 maanden").
            models.Index(
                fields=["bag_id", "-created_at"], condition=~Q(bag_id=""), name="signal_by_bag_id"
            ),
            models.Index(
                fields=["postcode", "house_number", "-created_at"],
                condition=~Q(postcode=""),
                name="signal_by_address",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def address_line(self) -> str:
        return format_address(self)


class ReferenceCounter(models.Model):
    """The last reference number handed out per year; rows are locked while counting."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Reporter(models.Model):
    """Someone who reported a signal: the first reporter, or a resident who said "this is the
    same" and was added instead of creating a duplicate. Each has their own tracking link,
    of which only the hash is stored."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="reporters")
    name = models.CharField(_("naam"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    is_anonymous = models.BooleanField(_("anoniem"), default=False)
    is_primary = models.BooleanField(_("eerste melder"), default=True)
    # The language of the page the resident reported on: emails to them follow it. Empty when
    # unknown (staff took the report): those emails are Dutch.
    language = models.CharField(_("taal"), max_length=8, blank=True)
    tracking_token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("gemeld"), default=timezone.now)

    class Meta:
        verbose_name = _("melder")
        verbose_name_plural = _("melders")
        ordering = ["-is_primary", "created_at"]
        # "Volg uw melding" finds a resident's reports by their address, in any case.
        indexes = [models.Index(Lower("email"), name="reporter_by_email")]

    def __str__(self) -> str:
        return _("melder van %(reference)s") % {"reference": self.signal.reference}


def _attachment_path(instance, filename: str) -> str:
    # Random names: a file's URL reveals nothing and cannot be guessed.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"signals/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class StoredPhoto(models.Model):
    """What attachments and pending uploads share: a re-encoded photo file."""

    file = models.FileField(_("bestand"), upload_to=_attachment_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    original_name = models.CharField(_("oorspronkelijke naam"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Attachment(StoredPhoto):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto's")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name


class PendingUpload(StoredPhoto):
    """A photo uploaded with a report form that was sent back for a correction: kept under
    the form's random key so that the resident does not have to upload it again."""

    key = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return self.original_name or self.file.name


class EventKind(models.TextChoices):
    CREATED = "created", _("Melding ontvangen")
    REPORTER_ADDED = "reporter_added", _("Extra melder")
    NOTE = "note", _("Notitie")
    STATUS = "status", _("Status")
    MESSAGE = "message", _("Bericht aan de melder")
    FEEDBACK = "feedback", _("Reactie van de melder")
    DEBT_HELP = "debt_help", _("Schuldhulp gemeente")


class SignalEvent(models.Model):
    """The history of a signal. ``public_text`` is what the reporter sees on the tracking page.

    Lines the system writes are also stored as a message (``message``, ``public_message``: a
    catalogue string and its parameters, core/translation.py) and read in the reader's
    language; the texts hold their Dutch wording, and are all there is for free text and for
    rows written before.

    ``for_reporter`` says whose tracking page shows ``public_text``: one reporter (their
    receipt, their joining, their answer to the satisfaction question and the lead's answer
    to it), or, when empty, every reporter of the signal (a change of the public status with
    its message); see ``resident_access.reporter_messages``."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
    # A message to one reporter goes with them: it is never shown to anyone else.
    for_reporter = models.ForeignKey(
        Reporter, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    text = models.TextField(blank=True)
    public_text = models.TextField(blank=True)
    message = models.JSONField(null=True, blank=True)
    public_message = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["signal", "at"])]

    def __str__(self) -> str:
        return f"{self.signal_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def display_text(self) -> str:
        return render_stored(self.message, self.text)

    @property
    def display_actor_label(self) -> str:
        return display_actor_label(self.actor_label)

    @property
    def display_public_text(self) -> str:
        return render_stored(self.public_message, self.public_text)
