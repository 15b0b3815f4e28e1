"""The figures of one case for the wijk's picture (wijkbeeld), kept by the worker.

How long it took to agree on a first responder and to handle the case, whether that was on
time, how the lead was agreed, how often the case was reopened and what the reporters said
of it: read per case from its timeline, once, after the step that changed it committed
(cases/figures.py), so that the team's figures over five years are a range of these rows.
No personal data; the row stays when retention removes the reporters' details."""

from django.db import models

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.cases.models.case import Case, LeadBasis
from wijkteam.partners.models import Organisation, Team
from wijkteam.signals.models import Category, Sensitivity


class CaseFigures(models.Model):
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="figures"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    main_category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    sensitivity = models.CharField(max_length=20, choices=Sensitivity.choices)
    # The month the case's first signal came in (local time): the period it counts in.
    month = models.DateField()
    first_signal_at = models.DateTimeField()
    lead = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lead_basis = models.CharField(max_length=20, choices=LeadBasis.choices, blank=True)
    # Whether a partner objected to a proposal before the lead was agreed.
    had_objection = models.BooleanField(default=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    hours_to_decision = models.FloatField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    hours_to_handled = models.FloatField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    # Handled by the response target: True or False; None while open and not yet due, or
    # without a target.
    on_time = models.BooleanField(null=True, blank=True)
    is_open = models.BooleanField(default=True)
    reopenings = models.PositiveSmallIntegerField(default=0)
    feedback_count = models.PositiveSmallIntegerField(default=0)
    feedback_satisfied = models.PositiveSmallIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["district", "month"], name="figures_by_district"),
            models.Index(fields=["neighbourhood", "month"], name="figures_by_buurt"),
            models.Index(fields=["month"], name="figures_by_month"),
            models.Index(fields=["district", "is_open", "lead"], name="figures_open_work"),
        ]

    def __str__(self) -> str:
        return f"figures of case {self.case_id}"


class CaseFiguresStale(models.Model):
    """A case whose figures must be read again; rows without a unique key, like
    ``SignalCountsStale``, so that steps on one case never wait for each other."""

    case_id_value = models.BigIntegerField(db_index=False)

    def __str__(self) -> str:
        return f"case {self.case_id_value}"
