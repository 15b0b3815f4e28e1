"""The places the Voordeur can send a resident to, as the matcher reads them: from the database
(what functional admins keep in Beheer), or from the seed data (what a fresh install starts
with; the benchmark and the matcher's tests use it without a database)."""

from wijkteam.signals.categories import subcategories
from wijkteam.signals.category_seed import ENGLISH, seed_rows
from wijkteam.voordeur.matcher import Destination, split_terms
from wijkteam.voordeur.models import CategoryWords, Door
from wijkteam.voordeur.seed_doors import DOORS
from wijkteam.voordeur.seed_words import CATEGORY_WORDS

CATEGORY, DOOR = "category", "door"


def searchable_categories():
    """The categories a resident can be sent to: those the report form offers
    (``subcategories``), but for the acute ones (their door is 112)."""
    return subcategories(for_residents=True).filter(is_acute=False)


def destinations_from_database() -> list[Destination]:
    """Every category and door the Voordeur may answer with, with their words (two queries)."""
    found = []
    categories = (
        searchable_categories()
        .select_related("search_words")
        .order_by("parent__sort_order", "sort_order", "pk")
    )
    for category in categories:
        try:
            words = category.search_words
        except CategoryWords.DoesNotExist:
            words = CategoryWords(category=category)
        found.append(
            Destination(
                key=category.slug,
                kind=CATEGORY,
                names=(
                    category.name,
                    category.public_name,
                    category.name_en,
                    category.public_name_en,
                ),
                keywords=tuple(split_terms(words.keywords)),
                phrases=tuple(split_terms(words.phrases)),
            )
        )
    for door in Door.objects.filter(is_active=True).order_by("sort_order", "pk"):
        found.append(
            Destination(
                key=door.slug,
                kind=DOOR,
                names=(door.name, door.name_en),
                keywords=tuple(split_terms(door.keywords)),
                phrases=tuple(split_terms(door.phrases)),
                is_emergency=door.is_emergency,
            )
        )
    return found


def destinations_from_seed() -> list[Destination]:
    """The same as a fresh install has them, without a database."""
    found = []
    for main, children in seed_rows():
        if main.get("is_acute") or main.get("residents_may_report") is False:
            continue
        for child in children:
            keywords, phrases = CATEGORY_WORDS.get(child["slug"], ("", ""))
            english = ENGLISH.get(child["slug"], ("", "", "", ""))
            found.append(
                Destination(
                    key=child["slug"],
                    kind=CATEGORY,
                    names=(child["name"], child["public_name"], english[0], english[1]),
                    keywords=tuple(split_terms(keywords)),
                    phrases=tuple(split_terms(phrases)),
                )
            )
    for door in DOORS:
        found.append(
            Destination(
                key=door["slug"],
                kind=DOOR,
                names=(door["name"], door["name_en"]),
                keywords=tuple(split_terms(door["keywords"])),
                phrases=tuple(split_terms(door["phrases"])),
                is_emergency=door.get("is_emergency", False),
            )
        )
    return found
