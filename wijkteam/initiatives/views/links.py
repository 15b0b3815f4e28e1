"""What the residents' forms and email links share: the pages for a link that does not work
(or worked before), and the forms' limits per client."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wijkteam.initiatives.models import Initiative
from wijkteam.initiatives.proposals import confirm_days
from wijkteam.initiatives.support import CLOSED

# The forms' limits over a sliding hour (core/ratelimit.py): every post of either form counts
# towards the higher one; only accepted proposals and supports towards their own.
POSTS_SCOPE = "initiative-post"
PROPOSALS_SCOPE = "initiative-propose"
SUPPORTS_SCOPE = "initiative-support"
HOUR = 3600

# What a refused link's page answers with: a link we never sent is not there; an expired one
# was, and is no more; support for an initiative that ended conflicts with its state.
REFUSED_STATUS = {"unknown": 404, "expired": 410, CLOSED: 409}

# Which link: a proposer's confirmation, a supporter's, or an unsubscribe link.
IDEA = "idea"
SUPPORT = "support"
UNSUBSCRIBE = "unsubscribe"


def posts_allowed(counts: dict[str, int]) -> bool:
    return counts[POSTS_SCOPE] < settings.WIJKTEAM_INITIATIVE_POSTS_PER_HOUR


def link_refused(
    request: HttpRequest, *, code: str, kind: str, initiative: Initiative | None = None
) -> HttpResponse:
    """The page for a link that does not work, saying why and what to do instead."""
    code = code if code in REFUSED_STATUS else "unknown"
    response = render(
        request,
        "initiatives/public/link_refused.html",
        {"code": code, "kind": kind, "initiative": initiative, "days": confirm_days()},
        status=REFUSED_STATUS[code],
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def link_used_before(request: HttpRequest, *, kind: str, initiative: Initiative) -> HttpResponse:
    """The page for a confirmation link used before: it says so, changes nothing, and links to
    the initiative's page (when it is public)."""
    response = render(
        request,
        "initiatives/public/already.html",
        {"kind": kind, "initiative": initiative},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
