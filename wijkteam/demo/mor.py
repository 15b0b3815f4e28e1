"""The demo's example of a connection to the gemeente's MOR system: Gemeente Veenendaal's
Signalen, switched off (the demo works offline and the address does not exist), with its
litter, graffiti and broken street furniture mapped to Signalen's sub categories, so that Beheer
shows what a configuration looks like. Switching it on needs a real address and token."""

from wijkteam.access.services import config_record_save
from wijkteam.mor.models import MorCategory, MorConnection
from wijkteam.mor.services import mor_connection_save
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation
from wijkteam.signals.models import Category

BASE_URL = "https://api.meldingen.veenendaal.example"
SUB_CATEGORIES = "/signals/v1/public/terms/categories/"
MAPPING = {
    "vervuiling-zwerfafval": "afval/sub_categories/veeg-zwerfvuil",
    "vervuiling-graffiti": "overlast-in-de-openbare-ruimte/sub_categories/graffiti-wildplak",
    "vernieling-openbare-ruimte": (
        "wegen-verkeer-straatmeubilair/sub_categories/overig-wegen-verkeer-straatmeubilair"
    ),
}


def mor_stage_load(organisations: dict[str, Organisation]) -> bool:
    """The switched-off example connection, once; True when it was made now."""
    gemeente = organisations["gemeente"]
    if MorConnection.objects.filter(organisation=gemeente).exists():
        return False
    connection = mor_connection_save(
        actor=SYSTEM,
        connection=MorConnection(
            organisation=gemeente, base_url=BASE_URL, source="Wijkteam", is_active=False
        ),
        changed_fields=["organisation", "base_url", "source", "is_active"],
        created=True,
    )
    for slug, path in MAPPING.items():
        config_record_save(
            actor=SYSTEM,
            instance=MorCategory(
                connection=connection,
                category=Category.objects.get(slug=slug),
                sub_category_url=SUB_CATEGORIES + path,
            ),
            changed_fields=["connection", "category", "sub_category_url", "forward"],
            created=True,
        )
    return True
