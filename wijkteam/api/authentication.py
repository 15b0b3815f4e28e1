"""Who calls: ``Authorization: Bearer wt_<prefix>_<secret>``. The prefix finds the client by
its index, the secret is checked against the stored hash in constant time (also when no client
has the prefix, so that the time taken tells nothing). A revoked client, or one whose account
or organisation was switched off, is refused like an unknown key. The call then acts as the
client's account (``request.user``), the client itself is ``request.auth``."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from wijkteam.api.models import ApiClient
from wijkteam.api.services import api_client_used
from wijkteam.core.keys import key_hash, key_matches, key_parts

REALM = 'Bearer realm="wijkteam"'
# Compared with when no client has the prefix: the same work as for a real one.
_NOBODY = key_hash("nobody")


def client_for_key(given: str) -> ApiClient | None:
    """The active client this key belongs to, or None."""
    parts = key_parts(given)
    if parts is None:
        return None
    prefix, secret = parts
    client = (
        ApiClient.objects.select_related("account__organisation", "organisation")
        .filter(key_prefix=prefix)
        .first()
    )
    matches = key_matches(secret, client.key_hash if client is not None else _NOBODY)
    if client is None or not matches:
        return None
    account = client.account
    if (
        client.revoked_at is not None
        or not account.is_active
        or not account.is_api_account
        or not client.organisation.is_active
    ):
        return None
    return client


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request)
        if not header:
            return None
        scheme, _sep, given = header.partition(b" ")
        if scheme.lower() != b"bearer":
            return None  # not ours: the view answers 401 where a key is needed
        try:
            text = given.decode("ascii")
        except UnicodeDecodeError:
            text = ""
        client = client_for_key(text)
        if client is None:
            raise AuthenticationFailed(_("Deze API-sleutel is onbekend of ingetrokken."))
        api_client_used(client=client)
        return client.account, client

    def authenticate_header(self, request) -> str:
        return REALM
