"""The REST API's routes (issue 20) as the authorization matrix's visitors meet them: with a
session or none, and no API key. The API is for partner systems with a key; a browser's session
opens none of it (401, problem+json), whoever is logged in, so that no page elsewhere can make
it act for someone. What anyone may read without a key (the OpenAPI document, the documentation
page, the residents' initiatives) they all get alike.

Who may do what *with a key* (clients of every organisation kind in wijk A and wijk B, revoked,
without the scope) is asked by the API's own matrix, tests/api/test_api_matrix.py, against the
same world and its markers; it also checks that every API route is in API_ROUTES."""

from tests.matrix.routes import PUBLIC, Ask, Route, heading
from tests.matrix.world import Matrix


def _nobody(visitor, subject) -> bool:
    return False


def _is(*variants: str):
    return lambda visitor, subject: subject in variants


def _with_key(*, post: bool = False, get: bool = True) -> Route:
    """A route for API clients only: 401 for every visitor of the site, key-less."""
    return Route(PUBLIC, get=get, post=post, same_for_all=True, may=_nobody, refused=401)


def _initiative_proof(ask: Ask) -> str:
    return f'"nummer":"{ask.matrix.initiatives.project}"'


API_ROUTES: dict[str, Route] = {
    "api:openapi": Route(PUBLIC, same_for_all=True, proof=heading('"title": "Wijkteam API"')),
    "api:documentation": Route(PUBLIC, same_for_all=True, proof=heading("Wijkteam API v1")),
    "api:categories": _with_key(),
    "api:districts": _with_key(),
    "api:district": _with_key(),
    "api:neighbourhoods": _with_key(),
    "api:neighbourhood": _with_key(),
    "api:signals": _with_key(post=True),
    "api:signal": _with_key(),
    "api:cases": _with_key(),
    "api:case": _with_key(),
    "api:case_responses": _with_key(post=True, get=False),
    "api:counts": _with_key(),
    # The residents' initiatives are public: only those the public pages show.
    "api:initiatives": Route(PUBLIC, same_for_all=True, proof=lambda ask: _initiative_proof(ask)),
    "api:initiative": Route(
        PUBLIC,
        same_for_all=True,
        records=("project", "hidden", "unconfirmed"),
        sampled=("hidden", "unconfirmed"),
        may=_is("project"),
        refused=404,
        proof=lambda ask: _initiative_proof(ask),
    ),
}


def api_value(key: str, parameter: str, matrix: Matrix, variant) -> str:
    """What the matrix puts in a parameter of one of the API's routes."""
    if key.startswith("api:initiative") and parameter == "nummer":
        return matrix.initiatives.value("initiatives:detail", "reference", variant)
    if parameter == "nummer":
        record = matrix.records["noise"]
        return record.signal_reference if key == "api:signal" else record.case_reference
    if parameter == "code":
        return "BU09990100" if key == "api:neighbourhood" else "WK099901"
    raise AssertionError(f"The matrix does not know how to fill <{parameter}> of {key}")
