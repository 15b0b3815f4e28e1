"""Cases (casussen): the team's handling of one situation, grouping its signals, and the triage
in consultation that decides who responds first."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.core.translation import display_actor_label, render_stored
from wijkteam.partners.models import Organisation, OrganisationKind, Team
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


class ProposalMode(models.TextChoices):
    CONSULT = "consult", _("Partners gevraagd")
    INFORM = "inform", _("Partners geïnformeerd (spoed)")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Wacht op reacties")
    AGREED = "agreed", _("Akkoord")
    ESCALATED = "escalated", _("Naar het wijkteamoverleg")
    DECIDED = "decided", _("Besloten in het overleg")
    WITHDRAWN = "withdrawn", _("Vervallen")


class Proposal(models.Model):
    """A proposed first responder (lead) and involved partners, with the reasons in words."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proposals")
    mode = models.CharField(max_length=10, choices=ProposalMode.choices)
    lead = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    involved = models.ManyToManyField(Organisation, blank=True, related_name="+")
    # The reasons in Dutch, and the same reasons as messages read in the reader's language
    # (core/translation.py; empty for proposals made before they were stored so).
    reasons = models.JSONField(default=list)
    reason_messages = models.JSONField(default=list, blank=True)
    # Who must respond: the team's core partners plus the proposed lead and involved.
    respondents = models.ManyToManyField(Organisation, related_name="+")
    deadline = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "deadline"], name="proposal_open_deadline")]

    def __str__(self) -> str:
        return f"{self.case} → {self.lead}"

    @property
    def display_reasons(self) -> list[str]:
        if len(self.reason_messages) != len(self.reasons):
            return list(self.reasons)
        return [
            render_stored(data, text)
            for data, text in zip(self.reason_messages, self.reasons, strict=True)
        ]


class ResponseKind(models.TextChoices):
    AGREE = "agree", _("Akkoord")
    OBJECT = "object", _("Bezwaar")
    COUNTER = "counter", _("Tegenvoorstel")
    SILENCE = "silence", _("Geen reactie: telt als akkoord")
    REMARK = "remark", _("Opmerking")
    NOTED = "noted", _("Kennisgenomen")


# What an organisation may answer to a proposal of each mode.
RESPONSES_FOR_MODE = {
    ProposalMode.CONSULT: (ResponseKind.AGREE, ResponseKind.OBJECT, ResponseKind.COUNTER),
    ProposalMode.INFORM: (ResponseKind.NOTED, ResponseKind.REMARK),
}


class ProposalResponse(models.Model):
    """One organisation's answer to a proposal. One per organisation counts; a change
    replaces it and the timeline keeps the earlier answer."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ResponseKind.choices)
    counter_lead = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["responded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organisation"], name="one_response_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.kind}"


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


class TenantCondition(models.TextChoices):
    ANY = "", _("Maakt niet uit")
    TENANT = "tenant", _("Huurder van de corporatie")
    NOT_TENANT = "not_tenant", _("Geen huurder van de corporatie")


class TriageRule(models.Model):
    """A team's own agreement on who responds first, refining the category's default. The most
    specific active rule that matches wins (buurt over wijk, subcategory over main category,
    then tenancy and time of day)."""

    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="triage_rules",
        verbose_name=_("wijkteam"),
        help_text=_("Leeg: geldt voor alle wijken."),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("buurt"),
        help_text=_("Leeg: de hele wijk."),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("categorie"),
        help_text=_("Een hoofdcategorie geldt voor al haar subcategorieën."),
    )
    tenant = models.CharField(
        _("huurder"), max_length=12, choices=TenantCondition.choices, blank=True, default=""
    )
    hour_from = models.PositiveSmallIntegerField(
        _("vanaf (uur)"), null=True, blank=True, help_text=_("0–23; leeg: de hele dag.")
    )
    hour_to = models.PositiveSmallIntegerField(
        _("tot (uur)"),
        null=True,
        blank=True,
        help_text=_("0–23; 22 tot 6 betekent 's nachts."),
    )
    lead_kind = models.CharField(
        _("eerste reactie"), max_length=30, choices=OrganisationKind.choices
    )
    involved_kinds = models.JSONField(_("betrokken partners (soorten)"), default=list, blank=True)
    note = models.CharField(
        _("afspraak in woorden"),
        max_length=250,
        help_text=_(
            "Wordt bij het voorstel getoond, bijvoorbeeld: 'Jongerenoverlast in "
            "Petenbos: Veens met de wijkagent (overleg mei 2026)'."
        ),
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("triage-afspraak")
        verbose_name_plural = _("triage-afspraken")
        ordering = ["team__district__code", "category__sort_order", "id"]

    def __str__(self) -> str:
        return self.note


class CaseAction(models.Model):
    """An agreed action (afspraak) with an owner and a due date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("afspraak"), max_length=300)
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_actions",
        verbose_name=_("persoon"),
    )
    due_date = models.DateField(_("uiterlijk"))
    done_at = models.DateTimeField(_("gedaan"), null=True, blank=True)
    result = models.CharField(_("resultaat"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(
                fields=["owner_organisation", "due_date"],
                condition=Q(done_at__isnull=True),
                name="action_open_by_organisation",
            ),
            models.Index(
                fields=["owner_user", "due_date"],
                condition=Q(done_at__isnull=True),
                name="action_open_by_user",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, today) -> bool:
        return self.done_at is None and self.due_date < today


class NoteVisibility(models.TextChoices):
    PARTNERS = "partners", _("De partners van de casus")
    OWN_ORGANISATION = "own_organisation", _("Alleen mijn organisatie")


class CaseNote(models.Model):
    """A note on a case, for the case partners or only the writer's organisation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("notitie"))
    visibility = models.CharField(
        _("zichtbaar voor"), max_length=20, choices=NoteVisibility.choices
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.created_at:%Y-%m-%d}"


class ClosureTemplate(models.Model):
    """The message for the reporters that a lead starts from when closing with an outcome;
    functional admins keep the texts."""

    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, unique=True)
    text = models.TextField(
        _("bericht aan de melder"),
        help_text=_(
            "Gewone taal, zonder namen. {melding} wordt het meldingnummer van de melder, "
            "{onderwerp} het onderwerp van de melding."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("berichtsjabloon bij afhandeling")
        verbose_name_plural = _("berichtsjablonen bij afhandeling")
        ordering = ["outcome"]

    def __str__(self) -> str:
        return self.get_outcome_display()


class FollowUp(models.TextChoices):
    REOPENED = "reopened", _("Heropend")
    ANSWERED = "answered", _("Beantwoord")


class Feedback(models.Model):
    """A reporter's answer to "Bent u tevreden over de afhandeling?" — once per reporter per
    round of handling. Kept for the wijk's figures when the reporter's details are gone."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="feedback")
    reporter = models.ForeignKey(
        "signals.Reporter", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    round = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    satisfied = models.BooleanField(_("tevreden"))
    comment = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # What the lead did with a "nee": reopened the case or answered the reporter.
    follow_up = models.CharField(max_length=10, choices=FollowUp.choices, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("tevredenheid")
        verbose_name_plural = _("tevredenheid")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reporter", "round"], name="one_answer_per_round")
        ]
        indexes = [
            models.Index(
                fields=["case"],
                condition=Q(satisfied=False, follow_up=""),
                name="feedback_awaiting_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {'ja' if self.satisfied else 'nee'}"


def _document_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"cases/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class CaseDocument(models.Model):
    """A document (PDF or image) attached to a case; visible to whoever sees its details."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=_document_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    original_name = models.CharField(_("naam"), max_length=200)
    title = models.CharField(_("omschrijving"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title or self.original_name
