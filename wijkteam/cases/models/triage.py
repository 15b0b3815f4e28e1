"""Triage in consultation: proposals, the partners' responses and the team's agreements."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.models.case import Case
from wijkteam.core.translation import render_stored
from wijkteam.partners.models import Organisation, OrganisationKind, Team
from wijkteam.signals.models import Category


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
    # The case's wijkteam, which a case keeps for good: the work queues find a team's open
    # proposals by their own index instead of reading every open proposal's case.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
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
        indexes = [
            models.Index(fields=["status", "deadline"], name="proposal_open_deadline"),
            models.Index(
                fields=["team", "deadline", "id"],
                condition=models.Q(status="open"),
                name="proposal_open_team",
            ),
        ]

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
