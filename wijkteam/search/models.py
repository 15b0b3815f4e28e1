"""The staff search's own table: the streets of signals and cases, each once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Street(models.Model):
    """A street name some signal or case was made on, kept by the database itself (triggers on
    both tables, indexes.py): a city has some hundreds of streets and a million signals, so a
    street typed with a mistake is looked up among these names, and the records by the names
    found (matching.py: ``street_q``). Street names are public; a name stays when its records
    go."""

    name = models.CharField(_("straat"), max_length=150, primary_key=True)

    class Meta:
        db_table = "search_street"
        verbose_name = _("straat")
        verbose_name_plural = _("straten")

    def __str__(self) -> str:
        return self.name
