import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.core.translation import TranslatedText, display_actor_label, render_stored
from wijkteam.partners.models import Organisation, OrganisationKind, Team

# Ten years at most: a bound that catches a typo (1200 for 12), not a legal limit.
MAX_RETENTION_MONTHS = 120


def format_address(record) -> str:
    """The address on one line ("Straat 12A, 3901 HC Veenendaal") from a record's fields."""
    number = f"{record.house_number or ''}{record.house_number_addition}".strip()
    street = " ".join(part for part in (record.street, number) if part)
    place = " ".join(part for part in (record.postcode, record.city) if part)
    return ", ".join(part for part in (street, place) if part)


class Sensitivity(models.TextChoices):
    """Who may see a signal's details (DESIGN §6)."""

    TEAM = "team", _("Wijkteam")
    CASE_PARTNERS = "case_partners", _("Betrokken partners")
    CONFIDENTIAL = "confidential", _("Vertrouwelijk")


class Category(models.Model):
    """What a signal is about: a main category (parent empty) or a subcategory under it.
    Signals always carry a subcategory; the main category groups them."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("hoofdcategorie"),
    )
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    name_en = models.CharField(
        _("naam (Engels)"), max_length=100, blank=True, help_text=_("Leeg: de Nederlandse naam.")
    )
    public_name = models.CharField(
        _("naam voor bewoners"),
        max_length=150,
        help_text=_("In gewone woorden, zoals een bewoner het zou zeggen."),
    )
    public_name_en = models.CharField(
        _("naam voor bewoners (Engels)"),
        max_length=150,
        blank=True,
        help_text=_("Leeg: de Nederlandse naam voor bewoners."),
    )
    help_text = models.TextField(_("uitleg"), blank=True)
    help_text_en = models.TextField(
        _("uitleg (Engels)"), blank=True, help_text=_("Leeg: de Nederlandse uitleg.")
    )
    residents_may_report = models.BooleanField(_("bewoners kunnen dit melden"), default=True)
    is_acute = models.BooleanField(
        _("acuut"),
        default=False,
        help_text=_(
            "Acute meldingen gaan direct naar de politie; bewoners zien 'Bij spoed: bel 112'."
        ),
    )
    is_public_space = models.BooleanField(
        _("openbare ruimte"),
        default=False,
        help_text=_("Meldingen over een plek in plaats van een adres (bijvoorbeeld zwerfafval)."),
    )
    default_lead_kind = models.CharField(
        _("eerste reactie (standaard)"), max_length=30, choices=OrganisationKind.choices, blank=True
    )
    lead_kind_if_not_tenant = models.CharField(
        _("eerste reactie als het geen huurder van de corporatie betreft"),
        max_length=30,
        choices=OrganisationKind.choices,
        blank=True,
    )
    lead_note = models.CharField(_("toelichting eerste reactie"), max_length=250, blank=True)
    lead_note_en = models.CharField(
        _("toelichting eerste reactie (Engels)"), max_length=250, blank=True
    )
    sensitivity = models.CharField(
        _("vertrouwelijkheid"), max_length=20, choices=Sensitivity.choices, default=Sensitivity.TEAM
    )
    response_days = models.PositiveSmallIntegerField(_("reactietermijn (werkdagen)"), default=5)
    # Retention (DESIGN §6): what happens to the personal data of a closed case, and when.
    retention_months = models.PositiveSmallIntegerField(
        _("bewaartermijn persoonsgegevens (maanden na sluiten)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_MONTHS)],
        help_text=_(
            "Zoveel maanden nadat een casus is gesloten, worden de persoonsgegevens verwijderd: "
            "de contactgegevens van de melders, foto's en documenten, en de vrije tekst als "
            "die niet bewaard mag worden. Cijfers (aantallen per categorie en buurt, "
            "tevredenheid) blijven. Leeg: de standaardtermijn van de installatie "
            "(WIJKTEAM_RETENTION_MONTHS, gewoonlijk 12 maanden)."
        ),
    )
    keep_free_text = models.BooleanField(
        _("vrije tekst bewaren"),
        default=False,
        help_text=_(
            "Aan: omschrijvingen, notities, afspraken en berichten blijven na de bewaartermijn "
            "staan. Alleen voor meldingen over de openbare ruimte waarin geen personen "
            "voorkomen, zoals zwerfafval of graffiti. Uit: die tekst wordt vervangen door "
            "'verwijderd na de bewaartermijn'. Bij de vertrouwelijkheid 'betrokken partners' "
            "of 'vertrouwelijk' wordt vrije tekst altijd verwijderd."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")
        ordering = ["sort_order", "name"]

    # What people read: the English version on English pages when it is filled in.
    display_name = TranslatedText("name")
    display_public_name = TranslatedText("public_name")
    display_help_text = TranslatedText("help_text")
    display_lead_note = TranslatedText("lead_note")

    def __str__(self) -> str:
        return f"{self.parent.name} – {self.name}" if self.parent_id else self.name

    @property
    def display_full_name(self) -> str:
        """ "Overlast – Geluid" in the page's language (the parent must be loaded)."""
        if self.parent_id:
            return f"{self.parent.display_name} – {self.display_name}"
        return self.display_name

    @property
    def retention_period(self) -> int:
        """Months after closure that personal data is kept: the category's own, or the default."""
        return self.retention_months or settings.WIJKTEAM_RETENTION_MONTHS

    @property
    def keeps_free_text(self) -> bool:
        """Free text survives the retention period only in categories everyone in the team sees:
        in the others it is about people by nature, whatever the switch says."""
        return self.keep_free_text and self.sensitivity == Sensitivity.TEAM


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
            # The few signals whose address still has to be checked, per organisation.
            models.Index(
                fields=["receiving_organisation", "-created_at"],
                condition=Q(location_status="needs_review"),
                name="signal_needs_review",
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
    rows written before."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
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


# The four steps of art. 2 Besluit gemeentelijke schuldhulpverlening, in their order.
ARREARS_STEP_FIELDS = (
    "contact_attempted_on",
    "debt_help_pointed_on",
    "written_reminder_on",
    "no_objection_on",
)


class ArrearsDetails(models.Model):
    """The confidential part of a rent-arrears signal, with the four steps of art. 2 Besluit
    gemeentelijke schuldhulpverlening that must all be recorded before sharing."""

    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="arrears")
    tenant_name = models.CharField(_("naam huurder"), max_length=150)
    amount = models.DecimalField(_("achterstand (euro)"), max_digits=9, decimal_places=2)
    months = models.PositiveSmallIntegerField(_("maanden achterstand"))
    signal_date = models.DateField(_("datum signaal"))
    contact_attempted_on = models.DateField(
        _("persoonlijk contact geprobeerd"), null=True, blank=True
    )
    debt_help_pointed_on = models.DateField(_("gewezen op schuldhulp"), null=True, blank=True)
    written_reminder_on = models.DateField(_("schriftelijke aanmaning"), null=True, blank=True)
    no_objection_on = models.DateField(
        _("gegevens aangeboden, geen bezwaar"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("huurachterstand")
        verbose_name_plural = _("huurachterstanden")

    def __str__(self) -> str:
        return _("huurachterstand bij %(reference)s") % {"reference": self.signal.reference}

    @property
    def all_steps_recorded(self) -> bool:
        return all(
            (
                self.contact_attempted_on,
                self.debt_help_pointed_on,
                self.written_reminder_on,
                self.no_objection_on,
            )
        )


class DebtHelpReferral(models.Model):
    """An arrears signal passed on to the gemeente's debt help (schuldhulp) once the corporation
    recorded the four steps of art. 2 Besluit gemeentelijke schuldhulpverlening (DESIGN §6).

    It holds a copy of exactly what may be shared, the contact details and the amount owed, so
    that the gemeente's pages never read the confidential signal: "nothing more" follows from
    what this record has, not from which fields a template happens to show. The copy is what
    was passed on at that moment; later changes to the signal do not reach the gemeente."""

    # PROTECT: an arrears signal the gemeente received must not vanish from its list as a side
    # effect; removing it is a decision of its own (retention).
    signal = models.OneToOneField(
        Signal, on_delete=models.PROTECT, related_name="debt_help_referral"
    )
    # The signal's number, for the gemeente to quote to the corporation.
    reference = models.CharField(_("meldingnummer"), max_length=20, unique=True)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("wijkteam")
    )
    gemeente = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    corporation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("corporatie")
    )
    tenant_name = models.CharField(_("naam huurder"), max_length=150)
    street = models.CharField(_("straat"), max_length=150, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    amount = models.DecimalField(_("achterstand (euro)"), max_digits=9, decimal_places=2)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("doorgegeven door"),
    )
    referred_at = models.DateTimeField(_("doorgegeven op"), default=timezone.now)
    picked_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgepakt door"),
    )
    picked_up_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("doorgifte aan schuldhulp")
        verbose_name_plural = _("doorgiftes aan schuldhulp")
        ordering = ["-referred_at", "-id"]
        indexes = [
            # The gemeente's list per wijkteam, newest first.
            models.Index(fields=["team", "gemeente", "-referred_at", "-id"], name="debt_help_list"),
            # The menu's count of referrals nobody picked up yet.
            models.Index(
                fields=["team", "gemeente"],
                condition=Q(picked_up_at__isnull=True),
                name="debt_help_new",
            ),
        ]

    def __str__(self) -> str:
        return _("schuldhulp %(reference)s") % {"reference": self.reference}

    @property
    def address_line(self) -> str:
        return format_address(self)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class ArrearsImport(models.Model):
    """One CSV file of arrears signals from a corporation, processed by the background worker.
    The file itself is deleted once processed; the per-row report stays."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("bestand"), max_length=200)
    content = models.BinaryField(_("inhoud"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    encoding = models.CharField(max_length=20, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    # [{"line": 3, "reference": "HA-1", "result": "created|updated|unchanged|rejected",
    #   "messages": [...], "signal": "M-2026-00012"}]
    report = models.JSONField(default=list, blank=True)
    location_service_down = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import huurachterstanden")
        verbose_name_plural = _("imports huurachterstanden")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def percent(self) -> int:
        return 100 if not self.total_rows else int(100 * self.processed_rows / self.total_rows)
