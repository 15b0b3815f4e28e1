from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def time_left(deadline: datetime | None) -> str:
    """'nog 3 uur', 'nog 2 dagen', 'verstreken': how long until a response deadline."""
    if deadline is None:
        return ""
    seconds = (deadline - timezone.now()).total_seconds()
    if seconds <= 0:
        return _("termijn verstreken")
    hours = int(seconds // 3600)
    if hours >= 48:
        days = hours // 24
        return ngettext("nog %(count)s dag", "nog %(count)s dagen", days) % {"count": days}
    if hours >= 1:
        return ngettext("nog %(count)s uur", "nog %(count)s uur", hours) % {"count": hours}
    minutes = max(1, int(seconds // 60))
    return ngettext("nog %(count)s minuut", "nog %(count)s minuten", minutes) % {"count": minutes}


@register.filter
def sla(case, now: datetime) -> str:
    """The case's response-target state at ``now`` ('on_time', 'late', 'very_late' or '')."""
    return case.sla_state(now)
