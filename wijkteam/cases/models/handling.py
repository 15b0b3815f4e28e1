"""Handling a case: actions, notes and documents."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.cases.models.case import Case
from wijkteam.partners.models import Organisation


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
            # The overdue actions of a team, the most overdue first: walked in this order
            # until a page is full (the team is the case's, so it cannot lead the index).
            models.Index(
                fields=["due_date", "id"],
                condition=Q(done_at__isnull=True),
                name="action_open_due",
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
