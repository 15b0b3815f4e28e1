"""How the initiatives' pages write hours: "1 uur", "12,5 uur" (and in English "1 hour",
"12.5 hours")."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def hours(value) -> str:
    """An amount of hours with its unit, kept on one line."""
    if value is None or value == "":
        return ""
    number = floatformat(value, "-2g")
    text = ngettext("%(hours)s uur", "%(hours)s uur", 1 if Decimal(value) == 1 else 2)
    # On one line: the number never breaks from its unit.
    return (text % {"hours": number}).replace(" ", "\u00a0")
