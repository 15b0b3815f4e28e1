from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "wijkteam.api"
    label = "api"
    verbose_name = _("Koppelingen (API)")

    def ready(self) -> None:
        # The OpenAPI document's description of the API key (a drf-spectacular extension,
        # registered when its module is loaded).
        from wijkteam.api import schema  # noqa: F401
