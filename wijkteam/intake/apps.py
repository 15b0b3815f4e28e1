from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """The doors signals come in through, and the one service that takes a signal in: it
    registers the signal and gives it its place in a case."""

    name = "wijkteam.intake"
    label = "intake"
    verbose_name = _("Intake")
