"""Residents' initiatives and the wijkteam's projects that realise them.

A resident (or a group, or a bewonerscommissie) proposes an idea; it is public once its
initiator confirmed their email address. Other residents support it, the team takes it through
its stages (one transition table, ``STAGE_TRANSITIONS``), partners contribute, and milestones
are published as updates that go to whoever asked for them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.partners.models import Organisation
from wijkteam.signals.models import LocationStatus, StoredPhoto


class Stage(models.TextChoices):
    IDEA = "idee", _("Idee")
    TEAM = "team", _("In behandeling bij het wijkteam")
    PLAN = "plan", _("Plan")
    UNDERWAY = "uitvoering", _("In uitvoering")
    REALISED = "gerealiseerd", _("Gerealiseerd")
    STOPPED = "niet_doorgegaan", _("Niet doorgegaan")


# The one table of what may follow what. *Niet doorgegaan* is possible from every stage before
# *gerealiseerd*; both are the end.
STAGE_TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.IDEA: frozenset({Stage.TEAM, Stage.STOPPED}),
    Stage.TEAM: frozenset({Stage.PLAN, Stage.STOPPED}),
    Stage.PLAN: frozenset({Stage.UNDERWAY, Stage.STOPPED}),
    Stage.UNDERWAY: frozenset({Stage.REALISED, Stage.STOPPED}),
    Stage.REALISED: frozenset(),
    Stage.STOPPED: frozenset(),
}

ENDED_STAGES = frozenset({Stage.REALISED, Stage.STOPPED})
# The stages in which the team's partners work on it (the wijkteamoverleg's agenda takes the
# first of them).
TEAM_STAGES = frozenset({Stage.TEAM, Stage.PLAN, Stage.UNDERWAY})


class InitiatorKind(models.TextChoices):
    RESIDENT = "bewoner", _("Een bewoner")
    GROUP = "groep", _("Een groep bewoners")
    COMMITTEE = "bewonerscommissie", _("Een bewonerscommissie")


class InitiativeCounter(models.Model):
    """The yearly series of initiative references (core/numbering.py)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Initiative(models.Model):
    """An idea of residents for their buurt, and the project that realises it."""

    reference = models.CharField(_("nummer"), max_length=20, unique=True)
    title = models.CharField(_("titel"), max_length=120)
    description = models.TextField(_("wat en waarom"), max_length=4000)
    own_contribution = models.TextField(_("wat de bewoners zelf doen"), max_length=2000, blank=True)
    cost_estimate = models.DecimalField(
        _("geschatte kosten (euro)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    # Where: as a signal's location (signals/locations.py resolves it).
    street = models.CharField(_("straat"), max_length=150, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    bag_id = models.CharField(_("BAG-nummeraanduiding"), max_length=20, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    location_note = models.CharField(_("toelichting plek"), max_length=250, blank=True)
    location_status = models.CharField(
        max_length=20, choices=LocationStatus.choices, default=LocationStatus.RESOLVED
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="initiatives", null=True, blank=True
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="initiatives", null=True, blank=True
    )

    # Who proposed it. Personal data: removed by the retention run after the initiative ended.
    initiator_kind = models.CharField(
        _("wie stelt het voor"), max_length=20, choices=InitiatorKind.choices
    )
    initiator_name = models.CharField(_("naam"), max_length=150, blank=True)
    initiator_email = models.EmailField(_("e-mailadres"), blank=True)
    show_name = models.BooleanField(_("naam tonen"), default=False)
    initiator_wants_updates = models.BooleanField(_("wil berichten ontvangen"), default=True)
    language = models.CharField(max_length=10, blank=True)

    # Public once the initiator confirmed their email address by the link we sent.
    confirm_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    stage = models.CharField(_("fase"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    stage_changed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Public: why it did not go ahead.
    stop_reason = models.TextField(_("reden"), max_length=2000, blank=True)
    # What will be done, by whom (the team's plan, public).
    plan = models.TextField(_("plan"), max_length=4000, blank=True)

    # Moderation by the team: hidden from the public pages, or its public text edited.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("reden"), max_length=500, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.CharField(_("reden"), max_length=500, blank=True)

    personal_data_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bewonersinitiatief")
        verbose_name_plural = _("bewonersinitiatieven")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["district", "stage", "-created_at"],
                condition=models.Q(confirmed_at__isnull=False),
                name="initiative_district_stage",
            ),
            models.Index(fields=["-created_at", "-id"], name="initiative_newest"),
            models.Index(
                fields=["ended_at"],
                condition=models.Q(personal_data_removed_at__isnull=True),
                name="initiative_retention",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_public(self) -> bool:
        return self.confirmed_at is not None and self.hidden_at is None

    @property
    def has_ended(self) -> bool:
        return self.stage in ENDED_STAGES


def _photo_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"initiatives/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Milestone(models.Model):
    """A step of the project ("struiken weggehaald", "grond verhard"), with its date; published,
    it is an update on the public page and in the opted-in residents' mailboxes."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("titel"), max_length=120)
    happened_on = models.DateField(_("datum"))
    description = models.TextField(_("toelichting"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["happened_on", "id"]

    def __str__(self) -> str:
        return self.title


class InitiativePhoto(StoredPhoto):
    """A photo of the idea (sent with the proposal) or of a milestone."""

    file = models.FileField(_("bestand"), upload_to=_photo_path)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="photos")
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="photos", null=True, blank=True
    )

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto's")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name


class WijkCheck(models.TextChoices):
    """Whether a supporter's address lies in the initiative's wijk."""

    NOT_GIVEN = "", _("Geen adres opgegeven")
    IN_WIJK = "in_wijk", _("Woont in de wijk")
    OUTSIDE = "buiten", _("Woont buiten de wijk")
    UNVERIFIED = "onbevestigd", _("Adres niet gecontroleerd")


class Supporter(models.Model):
    """One resident's support for an initiative: one per confirmed email address. Public is only
    how many there are (and how many from the wijk), never who."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="supporters")
    email = models.EmailField(_("e-mailadres"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=10, blank=True)
    wijk_check = models.CharField(max_length=20, choices=WijkCheck.choices, blank=True)
    # An optional public word of support, shown without a name; the team can hide it.
    comment = models.CharField(_("waarom steunt u dit?"), max_length=500, blank=True)
    comment_hidden_at = models.DateTimeField(null=True, blank=True)
    comment_hidden_reason = models.CharField(_("reden"), max_length=500, blank=True)
    wants_updates = models.BooleanField(_("wil berichten ontvangen"), default=False)
    language = models.CharField(max_length=10, blank=True)
    confirm_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    personal_data_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("steunbetuiging")
        verbose_name_plural = _("steunbetuigingen")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["initiative", "wijk_check"],
                condition=models.Q(confirmed_at__isnull=False),
                name="supporter_confirmed",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "email"],
                condition=~models.Q(email=""),
                name="supporter_once_per_email",
            )
        ]

    def __str__(self) -> str:
        # Never the address: the name shows up in the admin and the audit trail.
        return f"steun {self.pk} voor {self.initiative_id}"


class ContributionKind(models.TextChoices):
    MONEY = "geld", _("Geld (euro)")
    HOURS = "uren", _("Uren")
    MATERIALS = "materiaal", _("Materiaal")
    PERMIT = "vergunning", _("Vergunning")


class ContributionStatus(models.TextChoices):
    PROMISED = "toegezegd", _("Toegezegd")
    DELIVERED = "geleverd", _("Geleverd")


CONTRIBUTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ContributionStatus.PROMISED: frozenset({ContributionStatus.DELIVERED}),
    ContributionStatus.DELIVERED: frozenset(),
}


class Contribution(models.Model):
    """What one partner (or the residents themselves: no organisation) puts into the plan."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="contributions"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ContributionKind.choices)
    # Euros for money, hours for hours; empty for materials and permits.
    amount = models.DecimalField(
        _("bedrag of uren"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    description = models.CharField(_("wat"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ContributionStatus.choices,
        default=ContributionStatus.PROMISED,
    )
    promised_on = models.DateField(_("toegezegd op"))
    delivered_on = models.DateField(_("geleverd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bijdrage")
        verbose_name_plural = _("bijdragen")
        ordering = ["promised_on", "id"]
        indexes = [models.Index(fields=["promised_on"], name="contribution_promised")]

    def __str__(self) -> str:
        return self.description


class InitiativeUpdate(models.Model):
    """A line of the public story: a stage reached or a milestone published. Each goes by email
    to the initiator and supporters who asked for updates (updates.py)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    milestone = models.OneToOneField(
        Milestone, on_delete=models.CASCADE, related_name="update", null=True, blank=True
    )

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.title


class InitiativeComment(models.Model):
    """A partner's remark on an initiative, for the team only; never public."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True
    )
    text = models.TextField(_("opmerking"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"opmerking {self.pk}"


class DistrictInitiativeSettings(models.Model):
    """A wijk's own rule: with this many confirmed supporters an idea goes to the team."""

    district = models.OneToOneField(
        District, on_delete=models.CASCADE, related_name="initiative_settings"
    )
    support_threshold = models.PositiveIntegerField(
        _("steundrempel"),
        null=True,
        blank=True,
        help_text=_(
            "Bij zoveel bevestigde steunbetuigingen gaat een idee vanzelf naar het wijkteam. "
            "Leeg: alleen met de hand."
        ),
    )

    class Meta:
        verbose_name = _("instelling bewonersinitiatieven")
        verbose_name_plural = _("instellingen bewonersinitiatieven")

    def __str__(self) -> str:
        return str(self.district)
