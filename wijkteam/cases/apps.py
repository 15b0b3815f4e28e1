from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "wijkteam.cases"
    label = "cases"
    verbose_name = _("Casussen")

    def ready(self) -> None:
        from wijkteam.cases import suggestion  # noqa: F401 - connects the model signals
