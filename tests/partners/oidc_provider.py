"""A real OpenID Connect provider for the tests, on 127.0.0.1: Authlib's authorization server
(the authorization code grant, PKCE with S256 required, ID tokens by Authlib's OpenID Connect
extension, client authentication with the secret in the header or the form) behind
http.server, with a discovery document and a JWKS of an RSA key made for the test run.

Who is logged in at the provider is the test's choice (``provider.person``; None: the person
cancels, and the provider answers ``access_denied``). A test can make the provider misbehave:
rewrite the ID token it hands out (``rewrite_id_token``, with ``sign`` and ``claims_of`` to
forge one), change its discovery document, roll its signing key, or go down."""

import base64
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from authlib.common.security import generate_token
from authlib.oauth2 import AuthorizationServer, OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError, OAuth2Request, grants
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core import grants as oidc_grants
from authlib.oidc.core.models import AuthorizationCodeMixin
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "wijkteam-test"
CLIENT_SECRET = "geheim-van-de-test-8f2c"  # a made-up secret for the provider under test


@dataclass
class Person:
    """Who is logged in at the provider, and how."""

    email: str
    sub: str = ""
    amr: list[str] | None = None
    acr: str | None = None
    email_verified: bool | None = True
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        self.sub = self.sub or f"sub-{self.email}"


def new_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


def claims_of(id_token: str) -> dict[str, Any]:
    """The claims of a JWS, read without checking anything (to forge a changed one)."""
    payload = id_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class _Client(ClientMixin):
    def __init__(self, provider: "OidcProvider") -> None:
        self.provider = provider
        self.client_id = CLIENT_ID

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        allowed = {"openid", "email", "profile"}
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.provider.redirect_uris

    def check_client_secret(self, client_secret):
        return hmac.compare_digest(client_secret.encode(), self.provider.client_secret.encode())

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class _Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    person: Person
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    issued_at: float

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return int(self.issued_at)

    def get_acr(self):
        return self.person.acr

    def get_amr(self):
        return self.person.amr


class _S256Required(CodeChallenge):
    """PKCE for every client, and only S256 (as the providers Wijkteam meets are set up)."""

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE with S256 is required")
        super().validate_code_challenge(grant, redirect_uri)


class _Request(OAuth2Request):
    def __init__(self, method: str, uri: str, headers: dict, args: dict, form: dict) -> None:
        super().__init__(method, uri, headers=headers)
        self._args, self._form = args, form
        self.payload = BasicOAuth2Payload({**args, **form})

    @property
    def args(self):
        return self._args

    @property
    def form(self):
        return self._form


class OidcProvider:
    """The provider, started on a free port; ``stop()`` ends it."""

    def __init__(self, *, redirect_uri: str = "http://testserver/account/sso/callback/"):
        self.redirect_uris = {redirect_uri}
        self.client_secret = CLIENT_SECRET
        self.keys = [new_key("key-1")]
        self.person: Person | None = None
        self.rewrite_id_token: Callable[[str], str] | None = None
        self.discovery_changes: dict[str, Any] = {}
        self.down = False
        self.requests: list[tuple[str, str]] = []
        self.codes: dict[str, _Code] = {}
        self.used_nonces: set[str] = set()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}/realms/wijk"
        self.authorization_server = self._authorization_server()
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- what a test uses to forge or roll -------------------------------------------------

    @property
    def key(self) -> RSAKey:
        return self.keys[-1]

    def sign(self, claims: dict[str, Any], key: RSAKey | None = None) -> str:
        key = key or self.key
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)

    def roll_key(self) -> None:
        """A new signing key (the old one stays in the JWKS, as providers do for a while)."""
        self.keys.append(new_key(f"key-{len(self.keys) + 1}"))

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/protocol/openid-connect/auth",
            "token_endpoint": f"{self.issuer}/protocol/openid-connect/token",
            "jwks_uri": f"{self.issuer}/protocol/openid-connect/certs",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile"],
            "claims_supported": ["sub", "email", "email_verified", "amr", "acr"],
            **self.discovery_changes,
        }

    # --- Authlib's authorization server ----------------------------------------------------

    def _authorization_server(self) -> AuthorizationServer:
        provider = self

        class Server(AuthorizationServer):
            def query_client(self, client_id):
                return _Client(provider) if client_id == CLIENT_ID else None

            def save_token(self, token, request):
                pass

            def create_oauth2_request(self, request):
                return request

            def create_json_request(self, request):
                return request

            def handle_response(self, status, body, headers):
                return status, body, headers

            def send_signal(self, name, *args, **kwargs):
                pass

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, request):
                data = request.payload.data
                provider.codes[code] = _Code(
                    code=code,
                    client_id=request.client.get_client_id(),
                    redirect_uri=request.payload.redirect_uri,
                    scope=request.payload.scope,
                    person=request.user,
                    nonce=data.get("nonce"),
                    code_challenge=data.get("code_challenge"),
                    code_challenge_method=data.get("code_challenge_method"),
                    issued_at=time.time(),
                )

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                if found and found.client_id == client.get_client_id():
                    return found if time.time() - found.issued_at < 600 else None
                return None

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.person

        class OpenIDCode(oidc_grants.OpenIDCode):
            def exists_nonce(self, nonce, request):
                return nonce in provider.used_nonces

            def resolve_client_private_key(self, client):
                return provider.key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_client_claims(self, client):
                return {"iss": provider.issuer, "aud": [client.get_client_id()]}

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": provider.key.kid}

            def generate_user_info(self, user, scope):
                info = UserInfo(sub=user.sub)
                if "email" in scope.split():
                    info["email"] = user.email
                    if user.email_verified is not None:
                        info["email_verified"] = user.email_verified
                info.update(user.extra)
                return info

        server = Server(scopes_supported=["openid", "email", "profile"])
        server.register_token_generator(
            "default", BearerTokenGenerator(lambda *args, **kwargs: generate_token(42))
        )
        server.register_grant(CodeGrant, [_S256Required(required=True), OpenIDCode(True)])
        return server

    def _authorize(self, request: _Request):
        server = self.authorization_server
        try:
            grant = server.get_consent_grant(request, end_user=self.person)
        except OAuth2Error as error:
            return server.handle_error_response(request, error)
        nonce = request.payload.data.get("nonce")
        response = server.create_authorization_response(
            request, grant_user=self.person, grant=grant
        )
        if response[0] == 302 and nonce:
            self.used_nonces.add(nonce)
        return response

    def _token(self, request: _Request):
        status, body, headers = self.authorization_server.create_token_response(request)
        if status == 200 and self.rewrite_id_token and "id_token" in body:
            body = {**body, "id_token": self.rewrite_id_token(body["id_token"])}
        return status, body, headers

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, body: Any, headers) -> None:
                payload = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                if isinstance(body, dict):
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _request(self, method: str, form: dict) -> _Request:
                uri = f"http://127.0.0.1:{provider.server.server_port}{self.path}"
                args = dict(parse_qsl(urlsplit(self.path).query))
                return _Request(method, uri, dict(self.headers.items()), args, form)

            def do_GET(self):  # noqa: N802 - http.server's name
                path = urlsplit(self.path).path
                provider.requests.append(("GET", path))
                base = urlsplit(provider.issuer).path
                if provider.down:
                    return self._answer(503, "down", [])
                if path == f"{base}/.well-known/openid-configuration":
                    return self._answer(200, provider.discovery(), [])
                if path == f"{base}/protocol/openid-connect/certs":
                    keys = KeySet(list(provider.keys)).as_dict(private=False)
                    return self._answer(200, keys, [])
                if path == f"{base}/protocol/openid-connect/auth":
                    return self._answer(*provider._authorize(self._request("GET", {})))
                return self._answer(404, "not found", [])

            def do_POST(self):  # noqa: N802 - http.server's name
                path = urlsplit(self.path).path
                provider.requests.append(("POST", path))
                if provider.down:
                    return self._answer(503, "down", [])
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                if path == f"{urlsplit(provider.issuer).path}/protocol/openid-connect/token":
                    return self._answer(*provider._token(self._request("POST", form)))
                return self._answer(404, "not found", [])

            def log_message(self, *args):
                pass

        return Handler
