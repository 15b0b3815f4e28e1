"""What an API client may do: its scopes, chosen by the functional admin who makes it. A scope
opens a door; what the client then sees or changes is decided by the need-to-know rule and the
services' own checks for its account, as for any member of its organisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    SIGNALS_READ = "signals:read", _("Meldingen lezen")
    SIGNALS_WRITE = "signals:write", _("Meldingen doen")
    CASES_READ = "cases:read", _("Casussen lezen")
    CASES_WRITE = "cases:write", _("Reageren op voorstellen in de triage")
    WIJKBEELD_READ = "wijkbeeld:read", _("Wijkbeeld lezen (aantallen)")
