"""How much an app may post (core/ratelimit.py, over a sliding hour): every request one app
posts with its key counts towards ``WIJKTEAM_OPEN311_POSTS_PER_HOUR``; and the requests an app
posts for one resident (by the device, account or email address it names) count towards the
report form's own limit per client, ``WIJKTEAM_REPORTS_PER_HOUR``, so that an app gives nobody
more than the form does. The app's server posts for all its residents from one address: the
form's limit per client address would stop them all at once."""

from django.conf import settings
from django.utils.translation import gettext as _

from wijkteam.core.errors import DomainError
from wijkteam.core.ratelimit import rate_limit_count, rate_limit_record, rate_limit_wait
from wijkteam.open311.formats import TOO_MANY
from wijkteam.open311.models import Open311App

HOUR = 3600
APP_SCOPE = "open311-app"
RESIDENT_SCOPE = "open311-resident"


class Limited(DomainError):
    """Past a limit: the error, and how many seconds until one more request is allowed."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, code=TOO_MANY)
        self.retry_after = retry_after


def _app_client(app: Open311App) -> str:
    return f"app:{app.pk}"


def _resident_client(app: Open311App, resident: str) -> str:
    return f"app:{app.pk}:{resident}"


def app_post_counted(app: Open311App) -> None:
    """Count this post of the app, or raise Limited (not counted) when the app is past its
    limit."""
    client, limit = _app_client(app), settings.WIJKTEAM_OPEN311_POSTS_PER_HOUR
    if rate_limit_count(scope=APP_SCOPE, client=client, window_seconds=HOUR) >= limit:
        raise Limited(
            _(
                "Deze app heeft het afgelopen uur al %(count)s meldingen gestuurd. Probeer het "
                "later opnieuw."
            )
            % {"count": limit},
            retry_after=rate_limit_wait(
                scope=APP_SCOPE, client=client, limit=limit, window_seconds=HOUR
            ),
        )
    rate_limit_record(client=client, scope=APP_SCOPE, window_seconds=HOUR)


def resident_may_report(app: Open311App, resident: str) -> None:
    """Raise Limited when the resident the app names already reported as often through it in
    the last hour as the report form allows one client."""
    if not resident:
        return
    client, limit = _resident_client(app, resident), settings.WIJKTEAM_REPORTS_PER_HOUR
    if rate_limit_count(scope=RESIDENT_SCOPE, client=client, window_seconds=HOUR) >= limit:
        raise Limited(
            _(
                "Deze melder heeft het afgelopen uur al veel meldingen gedaan. Probeer het later "
                "opnieuw, of bel de gemeente: %(phone)s. Bij spoed: bel 112."
            )
            % {"phone": settings.WIJKTEAM_MUNICIPALITY_PHONE},
            retry_after=rate_limit_wait(
                scope=RESIDENT_SCOPE, client=client, limit=limit, window_seconds=HOUR
            ),
        )


def resident_reported(app: Open311App, resident: str) -> None:
    """Count an accepted request of the resident."""
    if resident:
        rate_limit_record(
            client=_resident_client(app, resident), scope=RESIDENT_SCOPE, window_seconds=HOUR
        )
