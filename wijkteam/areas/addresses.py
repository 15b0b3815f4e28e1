"""Reads of the local address register (see RegisteredAddress): an address by postcode and
house number or by street and number, and whether a postcode lies in the gemeente at all."""

import re
from collections.abc import Iterable

from django.db.models.functions import Lower

from wijkteam.areas.models import RegisteredAddress

# "Spanjaardsgoed 3", "Spanjaardsgoed 3A", "Spanjaardsgoed 14-2, Veenendaal": the street, the
# number, what is glued to it (letter, addition) and anything after it (the town).
STREET_ADDRESS = re.compile(r"^\s*(\D*?\S)\s+(\d{1,5})([^\s,]*)\s*,?\s*(.*?)\s*$")


def addition_key(addition: str) -> str:
    """ "a", "A", "-a", "A 2" and "A-2" all mean the same house: letters and digits only."""
    return re.sub(r"[^0-9A-Za-z]", "", addition).upper()


def _one(candidates: list[RegisteredAddress], addition: str) -> RegisteredAddress | None:
    wanted = addition_key(addition)
    found = [
        a for a in candidates if addition_key(a.house_letter + a.house_number_addition) == wanted
    ]
    return found[0] if len(found) == 1 else None


def register_find(
    *, postcode: str, house_number: int, addition: str = ""
) -> RegisteredAddress | None:
    """The registered address at ``postcode`` (``3901HC``) and ``house_number`` with exactly
    this ``addition`` (house letter and/or toevoeging), or None."""
    candidates = list(
        RegisteredAddress.objects.filter(
            postcode=re.sub(r"\s+", "", postcode).upper(), house_number=house_number
        ).select_related("neighbourhood")
    )
    return _one(candidates, addition)


def register_find_by_street(*, text: str) -> RegisteredAddress | None:
    """The registered address a text like ``Spanjaardsgoed 3A Veenendaal`` names, or None when
    the text is not a street and number, or when it could be more than one address."""
    match = STREET_ADDRESS.match(text or "")
    if not match:
        return None
    street, number, addition, rest = match.groups()
    candidates = list(
        RegisteredAddress.objects.alias(street_lower=Lower("street"))
        .filter(street_lower=street.lower(), house_number=int(number))
        .select_related("neighbourhood")
    )
    if rest:
        place = rest.lower()
        candidates = [a for a in candidates if a.city.lower() in place]
    elif len({a.city for a in candidates}) > 1:
        return None  # the same street in two villages of the gemeente: which one?
    return _one(candidates, addition)


def postcode_outside_register(postcode: str) -> bool:
    """True when the register holds addresses and none in this postcode's area (its four
    digits): the postcode is not in the gemeente. False when the register is empty (we cannot
    tell) or the area is known."""
    digits = re.sub(r"\s+", "", postcode)[:4]
    if not RegisteredAddress.objects.exists():
        return False
    return not RegisteredAddress.objects.filter(postcode__startswith=digits).exists()


def register_find_many(
    keys: Iterable[tuple[str, int, str]],
) -> dict[tuple[str, int, str], RegisteredAddress | None]:
    """``register_find`` for many (postcode, house number, addition) at once, in one query;
    postcodes normalised (``3901HC``)."""
    keys = list(keys)
    if not keys:
        return {}
    candidates: dict[tuple[str, int], list[RegisteredAddress]] = {}
    for found in RegisteredAddress.objects.filter(
        postcode__in={postcode for postcode, _number, _addition in keys},
        house_number__in={number for _postcode, number, _addition in keys},
    ).select_related("neighbourhood"):
        candidates.setdefault((found.postcode, found.house_number), []).append(found)
    return {
        (postcode, number, addition): _one(candidates.get((postcode, number), []), addition)
        for postcode, number, addition in keys
    }
