"""The residents' initiatives, for anyone without a key (only what the public pages show), and
the wijk's picture's counts as the aggregate rule tells them to the client's organisation."""

from datetime import date

import pytest
from django.urls import reverse

from tests.api.support import bearer, make_client
from tests.initiatives.conftest import make_initiative, propose_idea
from tests.wijkbeeld.picture_support import add_counts
from wijkteam.initiatives.models import Stage
from wijkteam.initiatives.moderation import initiative_hide
from wijkteam.partners.models import TeamFunction
from wijkteam.wijkbeeld.periods import this_month


def test_public_initiatives_without_a_key(client, world):
    shown = make_initiative(
        world.buurt_a1,
        title="Bankjes bij de vijver",
        initiator_name="Ida Indiener",
        initiator_email="ida.indiener@example.test",
        show_name=False,
    )
    named = make_initiative(world.buurt_a2, title="Moestuin", initiator_name="Groep Grasveld")
    hidden = make_initiative(world.buurt_a1, title="Verborgen idee")
    initiative_hide(actor=world.wijkmanager_a, initiative=hidden, reason="Dubbel ingediend")
    unconfirmed, _token = propose_idea(world.buurt_a1, title="Onbevestigd idee")
    listing = client.get(reverse("api:initiatives"))
    assert listing.status_code == 200
    numbers = [row["nummer"] for row in listing.json()["_embedded"]["initiatieven"]]
    assert numbers == [named.reference, shown.reference]
    one = client.get(reverse("api:initiative", args=[shown.reference]))
    assert one.status_code == 200
    body = one.json()
    assert body["titel"] == "Bankjes bij de vijver" and body["fase"]["code"] == Stage.IDEA
    assert body["indiener"]["naam"] is None  # the name was not to be shown
    assert "Ida Indiener" not in one.content.decode()
    assert "ida.indiener" not in one.content.decode()
    named_body = client.get(reverse("api:initiative", args=[named.reference])).json()
    assert named_body["indiener"]["naam"] == "Groep Grasveld"  # who said it may be shown
    for other in (hidden, unconfirmed):
        assert client.get(reverse("api:initiative", args=[other.reference])).status_code == 404
    assert (
        client.get(reverse("api:initiatives"), {"wijk": "WK099902"}).json()["_embedded"][
            "initiatieven"
        ]
        == []
    )
    # A key sent along changes nothing (and a wrong one is not even looked at).
    assert (
        client.get(reverse("api:initiatives"), HTTP_AUTHORIZATION="Bearer onzin").status_code == 200
    )


@pytest.fixture
def counted(world):
    month = this_month()
    add_counts(world.buurt_a1, "vervuiling-zwerfafval", {month: 12})
    add_counts(world.buurt_a2, "zorg-verwaarlozing", {month: 3})
    add_counts(world.buurt_a2, "zorg-eenzaamheid", {month: 8})
    add_counts(world.buurt_a1, "financieel-huurachterstand", {month: 21})
    return month


def _counts(client, key, **query) -> list[dict]:
    response = client.get(reverse("api:counts"), query, **bearer(key))
    assert response.status_code == 200, response.content
    return response.json()["_embedded"]["aantallen"]


def _cell(rows, main, buurt=None):
    (row,) = [
        r
        for r in rows
        if r["hoofdcategorie"]["code"] == main
        and (buurt is None or (r["buurt"] or {}).get("code") == buurt)
    ]
    return row["aantal"], row["aantalTekst"], row["afgerond"]


def test_counts_as_the_aggregate_rule_tells_them(client, world, counted):
    _police, police = make_client(world.politie, teams=(world.team_a,), name="P")
    _welfare, welfare = make_client(world.welzijn, teams=(world.team_a,), name="W")
    _corp, corporation = make_client(world.corporatie, teams=(world.team_a,), name="C")
    rows = _counts(client, police, per="buurt")
    assert _cell(rows, "vervuiling") == (12, "12", False)
    assert _cell(rows, "zorg", "BU09990101") == (10, "10", True)  # 11 rounded to 10
    assert not [r for r in rows if r["hoofdcategorie"]["code"] == "financieel"]
    sub = _counts(client, police, per="buurt", categorieen="sub")
    small = [r for r in sub if (r["categorie"] or {}).get("code") == "zorg-verwaarlozing"]
    assert (small[0]["aantal"], small[0]["aantalTekst"]) == (None, "< 5")
    # Welfare owns the care worries: exact; the corporation its arrears.
    assert _cell(_counts(client, welfare, per="buurt"), "zorg", "BU09990101") == (11, "11", False)
    assert _cell(_counts(client, corporation), "financieel") == (21, "21", False)


def test_the_debt_counsellor_sees_the_arrears_rounded(client, world, counted):
    api, key = make_client(world.gemeente, teams=(world.team_a,))
    api.account.team_memberships.update(function=TeamFunction.SCHULDHULPVERLENER)
    assert _cell(_counts(client, key), "financieel") == (20, "20", True)


def test_counts_ask_the_scope_and_read_periods_and_wijken(client, world, counted):
    _api, key = make_client(world.politie, teams=(world.team_a,), scopes=["signals:read"])
    assert client.get(reverse("api:counts"), **bearer(key)).status_code == 403
    _api, key = make_client(world.politie, teams=(world.team_a,), name="Q")
    assert _counts(client, key, wijk="WK099902") == []
    month = f"{counted:%Y-%m}"
    assert _counts(client, key, van=month, tot=month)
    previous = date(counted.year - 1, counted.month, 1)
    assert _counts(client, key, van=f"{previous:%Y-%m}", tot=f"{previous:%Y-%m}") == []
    for bad in ({"van": "2026-13", "tot": "2026-12"}, {"jaar": "1999"}, {"wijk": "WK999999"}):
        response = client.get(reverse("api:counts"), bad, **bearer(key))
        assert response.status_code == 400, bad
        assert response.json()["invalidParams"]
