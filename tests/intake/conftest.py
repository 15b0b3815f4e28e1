"""Fixtures of the intake tests."""

import pytest


@pytest.fixture
def addresses(pdok):
    """The addresses of the fixture files, placed in wijk A of the world fixture."""
    known = [
        ("3901EG", 112, ""),
        ("3901AA", 5, "A"),
        ("3903CK", 23, "bis"),
        ("3905EA", 7, "2hoog"),
        ("3902JS", 40, ""),
        ("3901EG", 10, ""),
        ("3905EA", 8, "B"),
        ("3902JS", 2, ""),
        ("3901EG", 14, ""),
    ]
    for number, (postcode, house, addition) in enumerate(known):
        designation = (
            f"{house}{('-' if addition[:1].isdigit() else '') + addition if addition else ''}"
        )
        pdok.add(
            f"{postcode} {designation}",
            street="Teststraat",
            number=house,
            addition=addition,
            postcode=postcode,
            city="Veenendaal",
            lat=52.005,
            lon=5.505 + number * 0.0005,
            buurtcode="BU09990100",
            wijkcode="WK099901",
            bag_id=f"09992000000{number:05d}",
        )
    return pdok
