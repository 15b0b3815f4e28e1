"""Logging in through an organisation's own OpenID Connect provider: the protocol, done by
Authlib (the OAuth 2.0 client, PKCE, the rules for discovery documents and ID tokens) and
joserfc (the signature of the ID token).

The authorization code flow with PKCE (S256). The provider's discovery document
(``<issuer>/.well-known/openid-configuration``) names its endpoints and signing keys; it is
checked against the OpenID Connect Discovery rules, must name the configured issuer exactly,
and is kept SSO_DISCOVERY_CACHE_SECONDS per process (its keys too; a key that an ID token names
but the kept set lacks is fetched at once, for a provider that rolled its keys). The start
sends the browser to the provider with a fresh state, nonce and code verifier; the return
exchanges the code for tokens with the client secret and the verifier, and accepts the ID token
only when a key of the provider's JWKS signed it (asymmetric algorithms the provider announces,
never ``none`` or a shared secret) and its issuer, audience (our client id, and ``azp``),
expiry and nonce (this very login's) hold. Whatever fails raises a DomainError with a message
for the person logging in (code PROVIDER_FAILED where the provider is at fault): never a
server error.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from authlib.oidc.discovery import OpenIDProviderMetadata
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from wijkteam.core.errors import DomainError
from wijkteam.partners.models import OidcProvider

logger = logging.getLogger(__name__)

# The code of a DomainError where the provider did not answer, or answered what cannot be
# accepted (its page says so, with status 502).
PROVIDER_FAILED = "sso_provider"
# ID token signatures accepted: the provider's public keys only.
SIGNING_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
# Clocks of two servers differ a little: an ID token is not refused for a minute's difference.
LEEWAY_SECONDS = 60
# A discovery document or a key set is a few kilobytes; more is not read.
MAX_DOCUMENT_BYTES = 1_000_000
DISCOVERY_PATH = "/.well-known/openid-configuration"


@dataclass(frozen=True)
class Authorization:
    """Where the browser goes to log in, and what the return must match."""

    url: str
    state: str
    nonce: str
    code_verifier: str


def _provider_failed(provider: OidcProvider, reason: str, error: object = None) -> DomainError:
    logger.warning("Single sign-on through provider %s failed: %s (%s)", provider.pk, reason, error)
    return DomainError(reason, code=PROVIDER_FAILED)


def _cache_key(kind: str, issuer: str) -> str:
    return f"wijkteam.sso.{kind}.{hashlib.sha256(issuer.encode()).hexdigest()}"


def _get_json(provider: OidcProvider, url: str) -> dict[str, Any]:
    unreachable = _("De inlogdienst van %(organisation)s is nu niet bereikbaar.") % {
        "organisation": provider.organisation.name
    }
    try:
        with requests.get(
            url,
            timeout=settings.SSO_TIMEOUT_SECONDS,
            allow_redirects=False,
            headers={"Accept": "application/json"},
            stream=True,
        ) as response:
            if response.status_code != 200:
                raise ValueError(f"HTTP {response.status_code}")
            body = response.raw.read(MAX_DOCUMENT_BYTES + 1, decode_content=True)
        if len(body) > MAX_DOCUMENT_BYTES:
            raise ValueError("document too large")
        data = json.loads(body)
    except (requests.RequestException, ValueError) as error:
        raise _provider_failed(provider, unreachable, error) from error
    if not isinstance(data, dict):
        raise _provider_failed(provider, unreachable, "not a JSON object")
    return data


def provider_metadata(provider: OidcProvider) -> dict[str, Any]:
    """The provider's discovery document, checked (kept for a while per process)."""
    key = _cache_key("metadata", provider.issuer)
    metadata = cache.get(key)
    if metadata is None:
        metadata = _discover(provider)
        cache.set(key, metadata, settings.SSO_DISCOVERY_CACHE_SECONDS)
    return metadata


def _discover(provider: OidcProvider) -> dict[str, Any]:
    data = _get_json(provider, provider.issuer.rstrip("/") + DISCOVERY_PATH)
    metadata = OpenIDProviderMetadata(data)
    unusable = _(
        "De inlogdienst van %(organisation)s beschrijft zich niet zoals OpenID Connect vraagt. "
        "Meld dit aan uw functioneel beheerder."
    ) % {"organisation": provider.organisation.name}
    try:
        metadata.validate_issuer()
        metadata.validate_authorization_endpoint()
        metadata.validate_token_endpoint()
        metadata.validate_jwks_uri()
        metadata.validate_response_types_supported()
        metadata.validate_id_token_signing_alg_values_supported()
        metadata.validate_token_endpoint_auth_methods_supported()
    except (ValueError, TypeError, KeyError) as error:
        raise _provider_failed(provider, unusable, error) from error
    if metadata["issuer"] != provider.issuer:
        # OpenID Connect Discovery §4.3: a document for another issuer is not this provider's.
        raise _provider_failed(
            provider,
            _(
                "De inlogdienst van %(organisation)s noemt zich %(issuer)s. Vul precies dat "
                "adres in als issuer in Beheer."
            )
            % {"organisation": provider.organisation.name, "issuer": metadata["issuer"]},
        )
    challenge_methods = metadata.get("code_challenge_methods_supported")
    if (
        "code" not in metadata["response_types_supported"]
        or (challenge_methods is not None and "S256" not in challenge_methods)
        or not metadata.get("authorization_endpoint")
    ):
        raise _provider_failed(provider, unusable, "no code flow with S256")
    return dict(metadata)


def _key_set(provider: OidcProvider, metadata: dict[str, Any], *, fresh: bool = False) -> KeySet:
    key = _cache_key("jwks", provider.issuer)
    data = None if fresh else cache.get(key)
    if data is None:
        data = _get_json(provider, metadata["jwks_uri"])
        cache.set(key, data, settings.SSO_DISCOVERY_CACHE_SECONDS)
    try:
        return KeySet.import_key_set(data)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise _provider_failed(provider, _token_refused(provider), error) from error


def _token_auth_method(provider: OidcProvider, metadata: dict[str, Any]) -> str:
    # Without the list, the provider takes the secret in the Authorization header (RFC 8414).
    supported = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    for method in ("client_secret_basic", "client_secret_post"):
        if method in supported:
            return method
    raise _provider_failed(
        provider,
        _(
            "De inlogdienst van %(organisation)s neemt geen clientgeheim aan. Meld dit aan uw "
            "functioneel beheerder."
        )
        % {"organisation": provider.organisation.name},
        supported,
    )


def _client(provider: OidcProvider, metadata: dict[str, Any], redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        scope=provider.scopes,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method=_token_auth_method(provider, metadata),
        default_timeout=settings.SSO_TIMEOUT_SECONDS,
    )


def authorization_begin(provider: OidcProvider, *, redirect_uri: str) -> Authorization:
    """The provider's page to send the browser to, with a fresh state, nonce and PKCE code
    verifier (only its S256 challenge goes along)."""
    metadata = provider_metadata(provider)
    nonce = generate_token(32)
    code_verifier = generate_token(64)  # RFC 7636: 43 to 128 characters
    with _client(provider, metadata, redirect_uri) as client:
        url, state = client.create_authorization_url(
            metadata["authorization_endpoint"], code_verifier=code_verifier, nonce=nonce
        )
    return Authorization(url=url, state=state, nonce=nonce, code_verifier=code_verifier)


def _token_refused(provider: OidcProvider) -> str:
    return _(
        "Het antwoord van de inlogdienst van %(organisation)s kon niet worden gecontroleerd. "
        "Probeer het opnieuw; lukt het weer niet, meld het dan aan uw functioneel beheerder."
    ) % {"organisation": provider.organisation.name}


def authorization_finish(
    provider: OidcProvider, *, code: str, redirect_uri: str, nonce: str, code_verifier: str
) -> dict[str, Any]:
    """Exchange the code (with the client secret and the code verifier) and return the claims
    of the ID token, once its signature, issuer, audience, expiry and nonce hold."""
    metadata = provider_metadata(provider)
    with _client(provider, metadata, redirect_uri) as client:
        try:
            token = client.fetch_token(
                metadata["token_endpoint"],
                grant_type="authorization_code",
                code=code,
                code_verifier=code_verifier,
            )
        except OAuthError as error:
            raise _provider_failed(provider, _token_refused(provider), error.error) from error
        except (requests.RequestException, ValueError) as error:
            raise _provider_failed(provider, _token_refused(provider), error) from error
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise _provider_failed(provider, _token_refused(provider), "no ID token")
    return id_token_claims(
        provider, metadata, id_token, nonce=nonce, access_token=token.get("access_token")
    )


def id_token_claims(
    provider: OidcProvider,
    metadata: dict[str, Any],
    id_token: str,
    *,
    nonce: str,
    access_token: str | None = None,
) -> dict[str, Any]:
    """The claims of an ID token from the token endpoint, once it holds (see the module)."""
    algorithms = [
        name
        for name in metadata["id_token_signing_alg_values_supported"]
        if name in SIGNING_ALGORITHMS
    ]
    try:
        try:
            token = jwt.decode(id_token, _key_set(provider, metadata), algorithms=algorithms)
        except InvalidKeyIdError:
            keys = _key_set(provider, metadata, fresh=True)
            token = jwt.decode(id_token, keys, algorithms=algorithms)
        claims = CodeIDToken(
            token.claims,
            token.header,
            options={
                "iss": {"essential": True, "value": provider.issuer},
                "aud": {"essential": True, "value": provider.client_id},
                "exp": {"essential": True},
                "nonce": {"essential": True, "value": nonce},
            },
            params={
                "nonce": nonce,
                "client_id": provider.client_id,
                "access_token": access_token if isinstance(access_token, str) else None,
            },
        )
        claims.validate(leeway=LEEWAY_SECONDS)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise _provider_failed(provider, _token_refused(provider), repr(error)) from error
    return dict(claims)


def claimed_email(provider: OidcProvider, claims: dict[str, Any]) -> str:
    """The email address the provider vouches for, from the configured claim."""
    value = claims.get(provider.email_claim)
    if not isinstance(value, str) or "@" not in value:
        raise _provider_failed(
            provider,
            _(
                "De inlogdienst van %(organisation)s gaf geen e-mailadres door (in de claim "
                "'%(claim)s'). Meld dit aan uw functioneel beheerder."
            )
            % {"organisation": provider.organisation.name, "claim": provider.email_claim},
        )
    if provider.email_claim == "email" and claims.get("email_verified") is False:
        raise _provider_failed(
            provider,
            _("De inlogdienst van %(organisation)s heeft dit e-mailadres niet bevestigd.")
            % {"organisation": provider.organisation.name},
        )
    return value.strip()


def second_factor_shown(provider: OidcProvider, claims: dict[str, Any]) -> bool:
    """Whether the ID token says a second factor was used: one of the provider's configured
    ``amr`` values is in its ``amr`` claim (RFC 8176: ``mfa``, ``otp``, ``hwk``, ...), or its
    ``acr`` claim is one of the configured ``acr`` values."""
    amr = claims.get("amr")
    methods = {value for value in amr if isinstance(value, str)} if isinstance(amr, list) else set()
    if methods & set(provider.second_factor_amr.split()):
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in provider.second_factor_acr.split()
