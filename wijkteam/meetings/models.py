"""The wijkteamoverleg: a team's meetings and their recurring schedule; a meeting's agenda
items, attendance, minutes and addenda; the cases partners put forward for it; and the
personal calendar feeds of the members."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.cases.models import Case, CaseAction, Feedback
from wijkteam.initiatives.models import Initiative
from wijkteam.partners.models import Organisation, Team, User


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    PUBLISHED = "published", _("Agenda gepubliceerd")
    IN_PROGRESS = "in_progress", _("Bezig")
    CLOSED = "closed", _("Notulen vastgesteld")
    CANCELLED = "cancelled", _("Afgelast")


# The one table of a meeting's allowed steps, checked by its services. A meeting may be held
# without a published agenda; once it is under way it can only be closed; closed minutes are
# only corrected by addenda.
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingStatus.PLANNED: frozenset(
        {MeetingStatus.PUBLISHED, MeetingStatus.IN_PROGRESS, MeetingStatus.CANCELLED}
    ),
    MeetingStatus.PUBLISHED: frozenset({MeetingStatus.IN_PROGRESS, MeetingStatus.CANCELLED}),
    MeetingStatus.IN_PROGRESS: frozenset({MeetingStatus.CLOSED}),
    MeetingStatus.CLOSED: frozenset(),
    MeetingStatus.CANCELLED: frozenset(),
}
# Before the meeting starts: the agenda may still change and items may be collected.
PREPARING = frozenset({MeetingStatus.PLANNED, MeetingStatus.PUBLISHED})


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")


class MeetingSchedule(models.Model):
    """When a team meets as a rule: every ``interval_weeks`` weeks on ``weekday``, counted from
    the week of ``starts_on``. The background worker plans the meetings of the coming weeks
    from it (meetings/planning.py)."""

    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, related_name="meeting_rule", verbose_name=_("wijkteam")
    )
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    interval_weeks = models.PositiveSmallIntegerField(_("elke hoeveel weken"), default=2)
    starts_on = models.DateField(_("vanaf"))
    start_time = models.TimeField(_("begintijd"))
    end_time = models.TimeField(_("eindtijd"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    video_url = models.URLField(_("videolink"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("overlegrooster")
        verbose_name_plural = _("overlegroosters")

    def __str__(self) -> str:
        return f"{self.team}: {self.get_weekday_display()}"


class Meeting(models.Model):
    """One wijkteamoverleg. A moved meeting stays the same meeting (its calendar UID), with
    its SEQUENCE raised; a cancelled one stays, with its reason, so calendars show it as
    cancelled."""

    uid = models.UUIDField(_("kalender-id"), default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("wijkteam")
    )
    # The date the schedule gave this meeting (None for one planned by hand): the schedule
    # never plans a date twice, so a moved or cancelled meeting does not come back.
    scheduled_for = models.DateField(_("volgens rooster op"), null=True, blank=True)
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    video_url = models.URLField(_("videolink"), blank=True)
    chair = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name=_("voorzitter"),
    )
    invited = models.ManyToManyField(
        Organisation, related_name="meetings", verbose_name=_("uitgenodigde partners")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    cancel_reason = models.CharField(_("reden van afgelasten"), max_length=300, blank=True)
    move_reason = models.CharField(_("reden van verplaatsen"), max_length=300, blank=True)
    moved_from = models.DateTimeField(_("oorspronkelijk begin"), null=True, blank=True)
    # RFC 5545 SEQUENCE: raised on every change a calendar must take over (move, cancel).
    sequence = models.PositiveIntegerField(_("versie"), default=0)
    agenda_published_at = models.DateTimeField(_("agenda gepubliceerd"), null=True, blank=True)
    # When the invited members were sent the agenda (a set time before the meeting).
    agenda_sent_at = models.DateTimeField(_("agenda verstuurd"), null=True, blank=True)
    started_at = models.DateTimeField(_("geopend"), null=True, blank=True)
    closed_at = models.DateTimeField(_("notulen vastgesteld"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgesteld door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("wijkteamoverleg")
        verbose_name_plural = _("wijkteamoverleggen")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "scheduled_for"],
                condition=models.Q(scheduled_for__isnull=False),
                name="meeting_scheduled_once",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after"
            ),
        ]
        indexes = [models.Index(fields=["team", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.team} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_preparing(self) -> bool:
        return self.status in PREPARING

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED


class ItemKind(models.TextChoices):
    """Why an item is on the agenda. All but the members' own are collected by Wijkteam
    (meetings/agenda.py), each with its reason."""

    OPEN_ACTION = "open_action", _("Openstaande actie uit het vorige overleg")
    OVERLEG_LIST = "overleg_list", _("Op de lijst voor het overleg")
    OVERDUE_ACTION = "overdue_action", _("Actie over de termijn")
    VERY_LATE = "very_late", _("Ruim over de reactietermijn")
    FLAGGED = "flagged", _("Aangemeld door een partner")
    DISSATISFIED = "dissatisfied", _("Melder niet tevreden")
    INITIATIVE = "initiative", _("Bewonersinitiatief")
    CARRIED = "carried", _("Terug op de agenda")
    MEMBER = "member", _("Agendapunt van een lid")


class ItemOutcome(models.TextChoices):
    OPEN = "", _("Nog niet besproken")
    DISCUSSED = "discussed", _("Besproken")
    DECIDED = "decided", _("Besloten")
    BACK = "back", _("Terug op de agenda")
    MOVED = "moved", _("Verplaatst naar een later overleg")


class CaseFlag(models.Model):
    """A partner puts a case forward for the wijkteamoverleg, with its reason. The team's next
    meeting collects it; discussing the item settles it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reden"), max_length=300)
    flagged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    flagged_at = models.DateTimeField(_("aangemeld"))
    settled_at = models.DateTimeField(_("besproken"), null=True, blank=True)

    class Meta:
        verbose_name = _("aanmelding voor het overleg")
        verbose_name_plural = _("aanmeldingen voor het overleg")
        ordering = ["flagged_at", "id"]
        constraints = [
            # One open flag per case and organisation: a second one adds nothing.
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=models.Q(settled_at__isnull=True),
                name="case_flag_open_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["case"], condition=models.Q(settled_at__isnull=True), name="case_flag_open"
            )
        ]

    def __str__(self) -> str:
        # Not the reason: this is the audit trail's name for the row, which every functional
        # admin reads; the reason is for who may read the case's details.
        return f"{self.case_id}: {self.organisation_id}"


class AgendaItem(models.Model):
    """One point on a meeting's agenda: collected by Wijkteam with its reason, or added by a
    member; in the meeting its minutes and outcome. What a viewer reads of it follows the
    need-to-know rule of its case; an item about a residents' initiative is for the whole team
    (meetings/redaction.py)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    # What the item is about: a case (most), one of its actions, a reporter's answer, a flag;
    # or a residents' initiative that waits for the team.
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.ForeignKey(
        CaseAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    feedback = models.ForeignKey(
        Feedback, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    flag = models.ForeignKey(
        CaseFlag, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The item of an earlier meeting this one continues ("terug op de agenda", moved).
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    # A member's own item: its heading. Collected items take theirs from the case.
    title = models.CharField(_("onderwerp"), max_length=200, blank=True)
    # Why it is on the agenda, in the default language; never personal data.
    reason = models.CharField(_("waarom"), max_length=300, blank=True)
    # Names a collected item, so that collecting again never adds it twice (e.g. "case:12").
    source_key = models.CharField(max_length=64, blank=True)
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("toegevoegd"), auto_now_add=True)
    minutes = models.TextField(_("notulen"), blank=True)
    minutes_updated_at = models.DateTimeField(null=True, blank=True)
    minutes_updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=ItemOutcome.choices, blank=True
    )
    moved_to = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The case actions agreed on this item in the meeting.
    agreed_actions = models.ManyToManyField(CaseAction, blank=True, related_name="agenda_items")

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "source_key"],
                condition=~models.Q(source_key=""),
                name="agenda_item_collected_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.position}: {self.get_kind_display()}"


class Presence(models.TextChoices):
    PRESENT = "present", _("Aanwezig")
    EXCUSED = "excused", _("Afgemeld")
    ABSENT = "absent", _("Afwezig")


class Attendance(models.Model):
    """Who of an invited partner came to the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    presence = models.CharField(_("aanwezigheid"), max_length=10, choices=Presence.choices)
    names = models.CharField(_("namen"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="attendance_once_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.organisation_id} {self.presence}"


class MinutesAddendum(models.Model):
    """A correction to closed minutes: they are never changed, only added to, audited."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="addenda")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="addenda"
    )
    text = models.TextField(_("aanvulling"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("toegevoegd"))

    class Meta:
        verbose_name = _("aanvulling op de notulen")
        verbose_name_plural = _("aanvullingen op de notulen")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.created_at:%Y-%m-%d}"


class CalendarToken(models.Model):
    """A user's personal calendar feed: the secret in its URL, kept only as a hash. Making a
    new one replaces (revokes) the old."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="calendar_token", verbose_name=_("gebruiker")
    )
    token_hash = models.CharField(_("sleutel (hash)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt"))

    class Meta:
        verbose_name = _("agendakoppeling")
        verbose_name_plural = _("agendakoppelingen")

    def __str__(self) -> str:
        return f"{self.user_id}"
