"""Beheer's pages of the forwarding to the gemeente's MOR system (wijkteam/mor) in the matrix:
what a functional admin may do with each model (beheer.py asks their routes like every other
model's), the spare records asked about, and the forms a new connection needs.

- MOR connections (with the Signalen sub category of each category, an inline): all of it;
- forwarded cases: only looked at, and a failed one tried again (the list's action) or given
  up: the worker and the services change them, never a form."""

from dataclasses import replace

from tests.factories import make_organisation
from tests.matrix.visitors import K
from wijkteam.cases.models import Case
from wijkteam.mor.models import Forwarding, ForwardingState, MorCategory, MorConnection
from wijkteam.partners.models import Organisation
from wijkteam.signals.models import Category

MOR_ADMIN_MODELS = {
    "mor.morconnection": frozenset({"view", "add", "change", "delete"}),
    "mor.forwarding": frozenset({"view"}),
}
MOR_MODELS = {"mor.morconnection": MorConnection, "mor.forwarding": Forwarding}
MOR_CHANGES = {"mor.morconnection": {"source": "Reservebron (gewijzigd)"}}
NEW_BASE_URL = "https://nieuw-mor.example"


def mor_admin_objects(world) -> dict:
    """A spare connection nothing depends on (a gemeente of its own), and a failed forwarding
    of one of the world's cases to the world gemeente's MOR system; a third gemeente without a
    connection is there for a new one."""
    spare = MorConnection.objects.create(
        organisation=make_organisation("Reservegemeente", K.GEMEENTE),
        base_url="https://reserve-mor.example",
        auth_token="reservetoken",
        source="Reservebron",
        is_active=False,
    )
    MorCategory.objects.create(
        connection=spare,
        category=Category.objects.get(slug="vervuiling-graffiti"),
        sub_category_url="/signals/v1/public/terms/categories/overlast/sub_categories/graffiti",
    )
    make_organisation("Nieuwe gemeente", K.GEMEENTE)
    connection = MorConnection.objects.create(
        organisation=world.gemeente,
        base_url="https://mor.example",
        auth_token="matrixtoken",
        is_active=False,
    )
    forwarding = Forwarding.objects.create(
        case=Case.objects.order_by("pk").first(),
        connection=connection,
        state=ForwardingState.FAILED,
        attempts=1,
        last_error="HTTP 400: {}",
    )
    return {"mor.morconnection": spare, "mor.forwarding": forwarding}


def _new_connection(client, url: str, ask):
    from tests.matrix.beheer import _page_form

    data = {
        **_page_form(client, url),
        "organisation": str(Organisation.objects.get(name="Nieuwe gemeente").pk),
        "base_url": NEW_BASE_URL,
        "new_token": "nieuw-token",
        "source": "Nieuwe bron",
    }
    return client.post(url, data)


def _spare_forwarding(ask):
    return Forwarding.objects.filter(pk=ask.matrix.admin_objects["mor.forwarding"])


def mor_admin_routes(routes: dict) -> dict:
    """Beheer's routes of these models, as beheer.py made them, with what differs here."""
    add = "admin:mor_morconnection_add"
    routes[add] = replace(
        routes[add],
        send=_new_connection,
        done=lambda ask: MorConnection.objects.filter(base_url=NEW_BASE_URL).exists(),
    )
    # The list of forwarded cases is read-only; trying a failed one again is what staff may do.
    listing = "admin:mor_forwarding_changelist"
    routes[listing] = replace(
        routes[listing],
        form=lambda ask: {
            "action": "retry",
            "_selected_action": [ask.matrix.admin_objects["mor.forwarding"]],
        },
        done=lambda ask: _spare_forwarding(ask).filter(state=ForwardingState.PENDING).exists(),
        done_status=302,
    )
    return routes
