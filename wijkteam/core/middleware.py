from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import Http404
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Dutch unless the user chose English with the language switch (a cookie). The browser's
    Accept-Language is ignored on purpose: Wijkteam is a Dutch product, and many Dutch staff
    use browsers set to English."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def tile_origin(url: str) -> str | None:
    """The origin map tiles are loaded from, as a CSP source: ``https://service.pdok.nl`` for
    PDOK's URL template; a ``{s}`` subdomain placeholder becomes a wildcard."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    host = parts.netloc.replace("{s}.", "*.")
    return f"{parts.scheme}://{host}"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy from settings, plus the map tile server in img-src. That host follows
    MAP_TILES_URL at request time, so a changed tile server never needs a second setting."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        origin = tile_origin(settings.MAP_TILES_URL)
        if origin and not report_only:
            parts.update = {**(parts.update or {}), "img-src": [origin]}
        return parts


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy header from settings.PERMISSIONS_POLICY: which browser
    features (camera, position, ...) this origin may use; an empty list switches one off."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's, and: a path with a NUL character names nothing that exists, so it is the 404
    of anything that does not, before a view looks a part of it up (PostgreSQL refuses NUL in
    text: the lookup itself would fail with a server error). Checked just before the view, so
    that the 404 page knows who asks, as every 404 does."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if "\x00" in request.path_info:
            raise Http404
        return None
