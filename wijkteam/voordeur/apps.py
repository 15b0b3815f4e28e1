from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoordeurConfig(AppConfig):
    name = "wijkteam.voordeur"
    label = "voordeur"
    verbose_name = _("Voordeur (zoeken voor bewoners)")

    def ready(self) -> None:
        from wijkteam.voordeur import version  # noqa: F401  (its receivers)
