"""Where partner systems reach the API: the one address the OpenAPI document names and the
problems' types link to."""

from django.conf import settings


def api_server_url() -> str:
    """``WIJKTEAM_API_URL``, else the site's address + /api/v1; in production always https
    (production redirects http to https, and the Dutch API Design Rules ask for it)."""
    url = settings.WIJKTEAM_API_URL or f"{settings.SITE_URL}/api/v1"
    if settings.IS_PRODUCTION and url.startswith("http://"):
        url = "https://" + url.removeprefix("http://")
    return url
