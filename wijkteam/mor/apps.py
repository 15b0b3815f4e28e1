from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MorConfig(AppConfig):
    name = "wijkteam.mor"
    label = "mor"
    verbose_name = _("Doorsturen naar het MOR-systeem")
