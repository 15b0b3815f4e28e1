"""The residents' front door: the start page, the search ("Waarmee kunnen wij u helpen?"), the
other doors, and "Volg uw melding". Every page works without JavaScript; with it, the results
come as the resident types (static/voordeur/search.js asks ``results`` for them)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from wijkteam.core.ratelimit import client_address
from wijkteam.partners.access import landing_url
from wijkteam.voordeur.destinations import CATEGORY, searchable_categories
from wijkteam.voordeur.follow import tracking_links_request
from wijkteam.voordeur.forms import FollowForm
from wijkteam.voordeur.index import search_index
from wijkteam.voordeur.models import CategoryWords, Door
from wijkteam.voordeur.search_log import search_event_choose, search_event_record

MAX_QUERY = 200


def _query(request: HttpRequest) -> str:
    return " ".join(request.GET.get("q", "").split())[:MAX_QUERY]


def start(request: HttpRequest) -> HttpResponse:
    """The site's root: the residents' start page for anyone not logged in; staff land where
    their work is (partners.access.landing_url)."""
    if request.user.is_authenticated:
        return redirect(landing_url(request))
    buttons = (
        CategoryWords.objects.filter(
            start_page_position__isnull=False, category__in=searchable_categories()
        )
        .select_related("category")
        .order_by("start_page_position", "pk")
    )
    return render(
        request,
        "voordeur/start.html",
        {
            "buttons": [words.category for words in buttons],
            "follow_form": FollowForm(),
        },
    )


def _answers(query: str) -> tuple[list[dict], str]:
    """The results of a query as the page shows them, and the best one's code."""
    if not query:
        return [], ""
    result = search_index().search(query)
    keys = [hit.key for hit in result.hits]
    kinds = {d.key: d.kind for d in search_index().destinations}
    categories = {
        c.slug: c
        for c in searchable_categories()
        .filter(slug__in=[k for k in keys if kinds[k] == CATEGORY])
        .select_related("parent")
    }
    doors = {d.slug: d for d in Door.objects.filter(slug__in=keys, is_active=True)}
    answers = []
    for key in keys:
        if key in categories:
            answers.append({"key": key, "category": categories[key]})
        elif key in doors:
            answers.append({"key": key, "door": doors[key]})
    return answers, result.best


def _results_context(query: str, answers: list[dict], best: str, reference: str) -> dict:
    for answer in answers:
        answer["url"] = (
            reverse("voordeur:choose")
            + "?"
            + urlencode({"q": query, "naar": answer["key"], "b": best, "s": reference})
        )
    return {
        "query": query,
        "answers": answers,
        "phone": settings.WIJKTEAM_MUNICIPALITY_PHONE,
        "report_url": reverse("portal:report"),
    }


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The results as a page of their own: without JavaScript, or after pressing Enter. Each
    such search is counted (anonymously)."""
    query = _query(request)
    answers, best = _answers(query)
    reference = search_event_record(query=query, suggested=best) if query else ""
    return render(
        request, "voordeur/search.html", _results_context(query, answers, best, reference)
    )


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    """Only the results, for the page's script as the resident types; not counted (half
    words are no searches): the choice that follows is."""
    query = _query(request)
    answers, best = _answers(query)
    return render(
        request, "voordeur/includes/results.html", _results_context(query, answers, best, "")
    )


@require_GET
def choose(request: HttpRequest) -> HttpResponse:
    """A result the resident chose: counted, then on to the report form with the category
    chosen or to the door's page."""
    key = request.GET.get("naar", "")[:60]
    category = searchable_categories().filter(slug=key).first()
    door = None if category else Door.objects.filter(slug=key, is_active=True).first()
    if category is None and door is None:
        return redirect("voordeur:search")
    search_event_choose(
        query=_query(request),
        suggested=request.GET.get("b", "")[:60],
        chosen=key,
        reference=request.GET.get("s", "")[:200],
    )
    if category is not None:
        return redirect(reverse("portal:report") + "?" + urlencode({"categorie": key}))
    return redirect("voordeur:door", slug=key)


@require_GET
def door(request: HttpRequest, slug: str) -> HttpResponse:
    """Another door: where to go, and what to do there."""
    found = get_object_or_404(Door, slug=slug, is_active=True)
    return render(request, "voordeur/door.html", {"door": found})


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    """ "Volg uw melding": the tracking links by email. The answer is the same whether or not
    the address has any reports, and whether or not a limit was reached."""
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        tracking_links_request(
            email=form.cleaned_data["email"],
            client=client_address(request),
            language=translation.get_language() or "",
        )
        return redirect("voordeur:follow_sent")
    status = 400 if form.is_bound else 200
    return render(request, "voordeur/follow.html", {"follow_form": form}, status=status)


@require_GET
def follow_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "voordeur/follow_sent.html")
