"""Searching the access log: who looked at this case, what did this user look at."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wijkteam.access.log import access_log_search
from wijkteam.core.paging import page_of
from wijkteam.privacy.access import may_search_access_log, require
from wijkteam.privacy.forms import AccessLogSearchForm
from wijkteam.privacy.selectors import case_references, user_by_email

# Who looked at one case: at most this many people are summed up above the list.
MAX_VIEWERS = 200


@require(may_search_access_log)
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessLogSearchForm(request.GET or None)
    context = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        references = user = None
        if data["nummer"]:
            references = case_references(data["nummer"])
            if references is None:
                form.add_error("nummer", _("Er is geen casus of melding met dit nummer."))
        if data["gebruiker"]:
            user = user_by_email(data["gebruiker"])
            if user is None:
                form.add_error("gebruiker", _("Er is geen gebruiker met dit e-mailadres."))
    if form.is_bound and form.is_valid():
        zone = timezone.get_current_timezone()
        since = datetime.combine(data["van"], time.min, zone) if data["van"] else None
        until = (
            datetime.combine(data["tot"] + timedelta(days=1), time.min, zone)
            if data["tot"]
            else None
        )
        rows = access_log_search(
            references=references, user_id=user.pk if user else None, since=since, until=until
        )
        context |= {
            "page": page_of(rows, form.page),
            "references": references,
            "searched_user": user,
        }
        if references is not None:
            context["viewers"] = list(
                rows.order_by()
                .values("user_label", "organisation__name")
                .annotate(views=Count("id"), last=Max("at"))
                .order_by("-last")[:MAX_VIEWERS]
            )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "privacy/access_log.html", context, status=status)
