"""The wijkteamoverleg: a team's meetings, its recurring schedule, and the personal calendar
feeds of the members. The agenda and minutes are for later (issue #17)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.partners.models import Organisation, Team, User


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    CANCELLED = "cancelled", _("Afgelast")


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
