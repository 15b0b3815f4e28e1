from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "wijkteam.signals"
    label = "signals"
    verbose_name = _("Meldingen")

    def ready(self) -> None:
        from wijkteam.signals import categories  # noqa: F401 - connects the model signals
