from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "wijkteam.partners"
    label = "partners"
    verbose_name = _("Partners en wijkteams")

    def ready(self) -> None:
        from wijkteam.partners import team_partners  # noqa: F401 - connects the model signals
