"""Rent arrears: their details, what was passed on to debt help, and CSV imports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wijkteam.partners.models import Organisation, Team
from wijkteam.signals.models.signal import Signal, format_address

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
    The file itself is deleted once processed; the per-row report (ArrearsImportRow) stays."""

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

    @property
    def failure_message(self) -> str:
        """Why it failed, in the reader's language: ``error`` holds a Dutch catalogue string
        (the worker writes it, anyone may read it), empty when no more is known."""
        return gettext(self.error) if self.error else gettext("De import is mislukt.")


class ImportResult(models.IntegerChoices):
    """What the import did with a row, in the order the report lists them: what needs the
    corporation's attention first."""

    REJECTED = 0, _("afgewezen")
    CREATED = 1, _("nieuw")
    UPDATED = 2, _("bijgewerkt")
    UNCHANGED = 3, _("ongewijzigd")


RESULT_KEYS = {
    ImportResult.REJECTED: "rejected",
    ImportResult.CREATED: "created",
    ImportResult.UPDATED: "updated",
    ImportResult.UNCHANGED: "unchanged",
}


class ArrearsImportRow(models.Model):
    """One line of an import's report. Written in the same transaction as what the row changed,
    and once per line of the file: a worker that runs the import again after being stopped
    never reports (or imports) a row twice."""

    # No index of its own: every index below starts with it, and one on the import alone
    # tempts the planner to read all of a running import's rows (whose number it cannot know).
    job = models.ForeignKey(
        ArrearsImport, on_delete=models.CASCADE, related_name="rows", db_index=False
    )
    line = models.PositiveIntegerField(_("regel"))
    # The corporation's reference as the row has it (cut short when absurdly long).
    reference = models.CharField(_("referentie"), max_length=200, blank=True)
    result = models.PositiveSmallIntegerField(_("resultaat"), choices=ImportResult.choices)
    messages = models.JSONField(default=list, blank=True)
    signal = models.ForeignKey(
        Signal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("regel van een import")
        verbose_name_plural = _("regels van een import")
        ordering = ["result", "line"]
        constraints = [
            models.UniqueConstraint(fields=["job", "line"], name="arrears_import_line_once")
        ]
        indexes = [
            # The report, a page at a time: rejected rows first, by line.
            models.Index(fields=["job", "result", "line"], name="arrears_import_report"),
            # The first line a reference had in the same file: one look-up each.
            models.Index(fields=["job", "reference", "line"], name="arrears_import_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.line}"

    @property
    def result_key(self) -> str:
        """The result as the report's styles and the import's counts name it ("rejected")."""
        return RESULT_KEYS[self.result]
