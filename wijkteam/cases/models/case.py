"""A case, its states and the signals it groups."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.core.translation import display_actor_label, render_stored
from wijkteam.partners.models import Organisation, Team
from wijkteam.signals.models import Category, Sensitivity, Signal


class CaseStatus(models.TextChoices):
    CONSULTATION = "consultation", _("In overleg")
    ESCALATED = "escalated", _("Te bespreken in het wijkteamoverleg")
    HANDLING = "handling", _("Toegewezen")
    IN_PROGRESS = "in_progress", _("In behandeling")
    WAITING = "waiting", _("Wacht op derden")
    RESOLVED = "resolved", _("Afgehandeld")
    CLOSED = "closed", _("Gesloten")
    MERGED = "merged", _("Samengevoegd")


OPEN_STATUSES = (
    CaseStatus.CONSULTATION,
    CaseStatus.ESCALATED,
    CaseStatus.HANDLING,
    CaseStatus.IN_PROGRESS,
    CaseStatus.WAITING,
)


# The statuses in which the lead works the case.
WORK_STATUSES = (CaseStatus.HANDLING, CaseStatus.IN_PROGRESS, CaseStatus.WAITING)


# The case workflow: from each status, where it may go. Checked in one place
# (services.case_transition); reopening is the way back from afgehandeld and gesloten.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.CONSULTATION: frozenset(
        {CaseStatus.HANDLING, CaseStatus.ESCALATED, CaseStatus.MERGED}
    ),
    CaseStatus.ESCALATED: frozenset(
        {CaseStatus.HANDLING, CaseStatus.CONSULTATION, CaseStatus.MERGED}
    ),
    CaseStatus.HANDLING: frozenset(
        {
            CaseStatus.IN_PROGRESS,
            CaseStatus.WAITING,
            CaseStatus.RESOLVED,
            CaseStatus.CONSULTATION,
            CaseStatus.MERGED,
        }
    ),
    CaseStatus.IN_PROGRESS: frozenset(
        {CaseStatus.WAITING, CaseStatus.RESOLVED, CaseStatus.CONSULTATION, CaseStatus.MERGED}
    ),
    CaseStatus.WAITING: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.MERGED}),
    CaseStatus.RESOLVED: frozenset({CaseStatus.CLOSED, CaseStatus.IN_PROGRESS}),
    CaseStatus.CLOSED: frozenset({CaseStatus.IN_PROGRESS}),
    CaseStatus.MERGED: frozenset(),
}


# Statuses the lead chooses by hand while working a case (closing has its own step).
MANUAL_WORK_STATUSES = (CaseStatus.IN_PROGRESS, CaseStatus.WAITING)


class LeadBasis(models.TextChoices):
    """How the lead was set."""

    AGREED = "agreed", _("Alle partners akkoord")
    SILENCE = "silence", _("Akkoord (geen bezwaar binnen de termijn)")
    MEETING = "meeting", _("Besluit van het wijkteamoverleg")
    URGENT = "urgent", _("Spoed: politie direct")
    CONFIDENTIAL = "confidential", _("Vertrouwelijk: de bronorganisatie")


class Outcome(models.TextChoices):
    """The internal result code of a handled case."""

    SOLVED = "solved", _("Opgelost")
    REFERRED = "referred", _("Doorverwezen")
    NO_ACTION = "no_action", _("Geen actie mogelijk")
    NOT_OURS = "not_ours", _("Niet onze verantwoordelijkheid")


class CaseCounter(models.Model):
    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Case(models.Model):
    """One situation (an address, a household, a spot) the team handles; groups its signals."""

    reference = models.CharField(_("casusnummer"), max_length=20, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("categorie")
    )
    main_category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    sensitivity = models.CharField(
        _("vertrouwelijkheid"), max_length=20, choices=Sensitivity.choices
    )
    is_public_space = models.BooleanField(default=False)
    is_urgent = models.BooleanField(_("spoed"), default=False)
    is_tenant = models.BooleanField(null=True, blank=True)
    # The organisation that received the first signal: writes the summary for the partners.
    source_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(
        _("samenvatting voor de partners"),
        blank=True,
        help_text=_(
            "Wat de partners moeten weten om te kiezen wie reageert. Geen namen of "
            "gegevens van de melder."
        ),
    )
    # Where: the address (BAG id and a normalised key) or, for public space, the point.
    bag_id = models.CharField(max_length=20, blank=True)
    address_key = models.CharField(max_length=40, blank=True)
    street = models.CharField(max_length=150, blank=True)
    house_number = models.PositiveIntegerField(null=True, blank=True)
    house_number_addition = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=7, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.CONSULTATION
    )
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_cases",
        verbose_name=_("eerste reactie"),
    )
    lead_basis = models.CharField(max_length=20, choices=LeadBasis.choices, blank=True)
    involved = models.ManyToManyField(
        Organisation, blank=True, related_name="involved_cases", verbose_name=_("betrokken")
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("geopend"), default=timezone.now)
    last_signal_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(_("afgesproken"), null=True, blank=True)
    # The response target (the category's working days from opening) and the moment the case
    # is more than three times late; stored so that lists filter and sort on them by index.
    due_at = models.DateTimeField(_("reactie uiterlijk"), null=True, blank=True)
    very_late_at = models.DateTimeField(null=True, blank=True)
    # Closure: the result code, the message the reporters got, and how often the case was
    # handled (a reporter answers "tevreden?" once per round).
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True)
    reporter_message = models.TextField(_("bericht aan de melder"), blank=True)
    resolved_at = models.DateTimeField(_("afgehandeld"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten"), null=True, blank=True)
    resolution_round = models.PositiveSmallIntegerField(default=0)
    # Legal hold (bewaarplicht): the privacy officer keeps the case's personal data past its
    # retention period, e.g. while a complaint or a court case needs it (privacy/legal_hold.py).
    legal_hold = models.BooleanField(_("bewaarplicht"), default=False)
    legal_hold_reason = models.TextField(_("reden van de bewaarplicht"), blank=True)
    legal_hold_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bewaarplicht gezet door"),
    )
    legal_hold_at = models.DateTimeField(_("bewaarplicht sinds"), null=True, blank=True)
    # When the retention run removed the case's personal data (privacy/retention/). The run
    # takes a case once; nothing personal is added to it afterwards.
    retention_applied_at = models.DateTimeField(
        _("persoonsgegevens verwijderd"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["team", "status", "-opened_at"], name="case_team_status"),
            models.Index(fields=["team", "status", "due_at"], name="case_team_due"),
            models.Index(fields=["lead", "status", "due_at"], name="case_lead_due"),
            # Grouping: an open case at the same address or spot.
            models.Index(fields=["team", "bag_id"], condition=~Q(bag_id=""), name="case_bag"),
            models.Index(
                fields=["team", "address_key"], condition=~Q(address_key=""), name="case_address"
            ),
            models.Index(
                fields=["team", "main_category", "-last_signal_at"],
                condition=Q(is_public_space=True),
                name="case_public_space",
            ),
            # Handled cases the worker closes once the reporters had time to answer.
            models.Index(
                fields=["resolved_at"],
                condition=Q(status="resolved"),
                name="case_resolved",
            ),
            # Closed cases the retention run has still to look at, by closing moment.
            models.Index(
                fields=["closed_at"],
                condition=Q(status="closed", retention_applied_at__isnull=True, legal_hold=False),
                name="case_retention_due",
            ),
            models.Index(
                fields=["-legal_hold_at"], condition=Q(legal_hold=True), name="case_legal_hold"
            ),
            # What this team decided before in comparable cases.
            models.Index(
                fields=["team", "category", "-decided_at"],
                condition=Q(decided_at__isnull=False),
                name="case_decided",
            ),
            # The team triage's "onlangs afgesproken": the latest first, read in index order
            # up to the page's rows instead of sorting the two weeks' agreements.
            models.Index(
                fields=["team", "-decided_at", "-id"],
                condition=Q(decided_at__isnull=False),
                name="case_team_decided",
            ),
            # A team's open cases, newest first (the team's case list as it opens).
            models.Index(
                fields=["team", "-opened_at", "-id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="case_team_open_newest",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def sla_state(self, now) -> str:
        """'on_time', 'late' or 'very_late' (more than three times the target); '' without a
        target or once the case is closed."""
        if self.due_at is None or not self.is_open:
            return ""
        if self.very_late_at is not None and now > self.very_late_at:
            return "very_late"
        return "late" if now > self.due_at else "on_time"

    @property
    def place_line(self) -> str:
        """Street and number, or the street alone for a spot."""
        number = f"{self.house_number or ''}{self.house_number_addition}".strip()
        return " ".join(part for part in (self.street, number) if part)


class CaseSignal(models.Model):
    """A signal's place in a case. Lives here (not on the signal) because signals know
    nothing about cases."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="links")
    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="case_link")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return f"{self.signal_id} → {self.case_id}"


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("Casus geopend")
    SIGNAL_ADDED = "signal_added", _("Melding toegevoegd")
    SIGNAL_MOVED = "signal_moved", _("Melding verplaatst")
    MERGED = "merged", _("Samengevoegd")
    SPLIT = "split", _("Gesplitst")
    PROPOSED = "proposed", _("Voorstel")
    RESPONDED = "responded", _("Reactie")
    SILENCE = "silence", _("Termijn verstreken")
    AGREED = "agreed", _("Eerste reactie afgesproken")
    ESCALATED = "escalated", _("Naar het wijkteamoverleg")
    DECIDED = "decided", _("Besluit")
    URGENT = "urgent", _("Spoed")
    REMARK = "remark", _("Opmerking")
    SUMMARY = "summary", _("Samenvatting")
    STATUS = "status", _("Status")
    RESOLVED = "resolved", _("Afgehandeld")
    CLOSED = "closed", _("Gesloten")
    REOPENED = "reopened", _("Heropend")
    FEEDBACK = "feedback", _("Reactie van een melder")
    ANSWERED = "answered", _("Antwoord aan een melder")
    DOCUMENT = "document", _("Document")
    ACTION = "action", _("Afspraak")
    NOTE = "note", _("Notitie")


class CaseEvent(models.Model):
    """The case's timeline: who proposed, who responded how and when, what was decided and
    why. A line the system writes is stored as a message (a catalogue string and its
    parameters, core/translation.py) and read in the reader's language; ``text`` holds its
    Dutch wording, and is all there is for free text and for rows written before."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    text = models.TextField()
    message = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"

    @property
    def display_text(self) -> str:
        return render_stored(self.message, self.text)

    @property
    def display_actor_label(self) -> str:
        return display_actor_label(self.actor_label)
