from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "wijkteam.areas"
    label = "areas"
    verbose_name = _("Wijken en buurten")

    def ready(self) -> None:
        from wijkteam.areas import version  # noqa: F401 - connects the model signals
