"""Closing a case: the message templates and the reporters' feedback."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.cases.models.case import Case, Outcome


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
