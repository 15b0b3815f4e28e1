"""The service discovery document (Open311 Service Discovery, required with GeoReport v2): where
the endpoint is, what it speaks, whom to ask for a key, and when its services last changed."""

from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.models import AuditEntry
from wijkteam.open311.formats import CONTENT_TYPES, JSON, XML

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def changeset() -> str:
    """When the services last changed (sortable, Dutch time): the last change of a category
    in Beheer, or the last upgrade of the categories' tables, whichever is later."""
    changed = AuditEntry.objects.filter(object_type="signals.category").aggregate(at=Max("at"))
    installed = MigrationRecorder.Migration.objects.filter(app="signals").aggregate(
        at=Max("applied")
    )
    moments = [moment for moment in (changed["at"], installed["at"]) if moment is not None]
    latest = max(moments) if moments else timezone.now()
    return f"{timezone.localtime(latest):%Y-%m-%d %H:%M}"


def contact() -> str:
    if settings.WIJKTEAM_OPEN311_CONTACT:
        return settings.WIJKTEAM_OPEN311_CONTACT
    return _("Vragen over deze koppeling: bel de gemeente, %(phone)s.") % {
        "phone": settings.WIJKTEAM_MUNICIPALITY_PHONE
    }


def discovery_document() -> dict:
    changed = changeset()
    base = reverse("open311:services", kwargs={"fmt": JSON}).rsplit("/", 1)[0]
    return {
        "changeset": changed,
        "contact": contact(),
        "key_service": _(
            "Een sleutel (api_key) voor uw app vraagt u aan bij de gemeente: de functioneel "
            "beheerder van Wijkteam maakt hem aan. %(contact)s"
        )
        % {"contact": contact()},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": settings.SITE_URL + base,
                "changeset": changed,
                # The demo's reports are acted on by nobody.
                "type": "test" if settings.DEMO_MODE else "production",
                "formats": [CONTENT_TYPES[XML].split(";")[0], CONTENT_TYPES[JSON].split(";")[0]],
            }
        ],
    }
