"""A staff member's notifications and how they want to receive them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkteam.notifications.access import notifications_for_user
from wijkteam.notifications.forms import PreferencesForm
from wijkteam.notifications.services import notifications_mark_read, user_notification_mode_set

PAGE_SIZE = 50
MAX_PAGE = 1000


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    try:
        number = min(max(int(request.GET.get("pagina", "1")), 1), MAX_PAGE)
    except ValueError:
        number = 1
    offset = (number - 1) * PAGE_SIZE
    rows = list(notifications_for_user(request.user)[offset : offset + PAGE_SIZE + 1])
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": rows[:PAGE_SIZE],
            "page_number": number,
            "has_next": len(rows) > PAGE_SIZE,
            "has_previous": number > 1,
        },
    )


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    messages.success(request, _("Alle berichten zijn als gelezen gemarkeerd."))
    return redirect("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST or None, initial={"notification_mode": request.user.notification_mode}
    )
    if request.method == "POST" and form.is_valid():
        user_notification_mode_set(
            actor=request.user, user=request.user, mode=form.cleaned_data["notification_mode"]
        )
        messages.success(request, _("Uw keuze is opgeslagen."))
        return redirect("notifications:preferences")
    status = 400 if form.errors else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
