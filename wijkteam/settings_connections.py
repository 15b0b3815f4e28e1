"""Settings of the connections with systems outside Wijkteam, one section each: the REST API
and Open311 (wijkteam/api, wijkteam/open311), webhooks (wijkteam/webhooks), the forwarding to
the gemeente's MOR system (wijkteam/mor) and single sign-on (wijkteam/partners). Imported at
the end of settings.py; values come from the environment like the rest."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

from wijkteam.settings_env import env_bool, env_int_between, env_list

_ENVIRONMENT = os.environ.get("WIJKTEAM_ENV", "production")

# What listens to the events of cases and signals, after they committed
# (wijkteam/notifications/events.py): each is called by the worker with one event, in a task
# of its own.
WIJKTEAM_EVENT_LISTENERS: list[str] = [
    "wijkteam.webhooks.listener.webhooks_on_event",
    "wijkteam.mor.listeners.forward_on_lead_agreed",
]

# --- Webhooks (wijkteam/webhooks) ---------------------------------------------------------------
# Subscriptions' URLs must be https; http too when this is on (a receiver on this machine).
WIJKTEAM_WEBHOOKS_ALLOW_HTTP = env_bool(
    "WIJKTEAM_WEBHOOKS_ALLOW_HTTP", _ENVIRONMENT != "production"
)
# Deliveries go to public internet addresses only (no loopback, private, link-local or cloud
# metadata address, whatever a name resolves to), except to these networks (CIDR, comma-separated).
WIJKTEAM_WEBHOOKS_ALLOWED_NETWORKS = env_list(
    "WIJKTEAM_WEBHOOKS_ALLOWED_NETWORKS",
    "" if _ENVIRONMENT == "production" else "127.0.0.0/8,::1/128",
)
for _network in WIJKTEAM_WEBHOOKS_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"WIJKTEAM_WEBHOOKS_ALLOWED_NETWORKS: {error}") from error
# Seconds to connect, and to wait for the answer, per attempt.
WIJKTEAM_WEBHOOKS_TIMEOUT_SECONDS = env_int_between("WIJKTEAM_WEBHOOKS_TIMEOUT_SECONDS", 5, 1, 30)
# Minutes between the attempts of one delivery: a failed first attempt is retried after the first
# number, and so on; after the last retry fails the delivery is given up.
try:
    WIJKTEAM_WEBHOOKS_RETRY_MINUTES = [
        int(minutes) for minutes in env_list("WIJKTEAM_WEBHOOKS_RETRY_MINUTES", "1,5,30,120,720")
    ]
except ValueError as error:
    raise ImproperlyConfigured(
        "WIJKTEAM_WEBHOOKS_RETRY_MINUTES: whole minutes, e.g. 1,5,30"
    ) from error
if not 1 <= len(WIJKTEAM_WEBHOOKS_RETRY_MINUTES) <= 20 or min(WIJKTEAM_WEBHOOKS_RETRY_MINUTES) < 1:
    raise ImproperlyConfigured("WIJKTEAM_WEBHOOKS_RETRY_MINUTES: 1 to 20 numbers of at least 1")
# A subscription whose deliveries were given up this many times in a row is switched off, and
# the functional admins are told.
WIJKTEAM_WEBHOOKS_SWITCH_OFF_AFTER = env_int_between(
    "WIJKTEAM_WEBHOOKS_SWITCH_OFF_AFTER", 10, 1, 1000
)
# Days a delivery that arrived or was given up is kept, with its attempts, for Beheer to show.
WIJKTEAM_WEBHOOKS_KEEP_DAYS = env_int_between("WIJKTEAM_WEBHOOKS_KEEP_DAYS", 90, 1, 3650)

# --- Forwarding to the gemeente's MOR system (wijkteam/mor) -----------------------------------
# Configured per gemeente in Beheer (the system's address, its token, the Signalen sub category
# of each public-space category); these are the limits of the connection itself.
# Seconds to wait for the MOR system's answer to one request.
WIJKTEAM_MOR_TIMEOUT_SECONDS = env_int_between("WIJKTEAM_MOR_TIMEOUT_SECONDS", 10, 1, 120)
# Failed attempts (no connection, a server error, too many requests) before a forwarding waits
# for a person in Beheer; between attempts the worker waits 1, 2, 4, ... minutes, at most an hour.
WIJKTEAM_MOR_MAX_ATTEMPTS = env_int_between("WIJKTEAM_MOR_MAX_ATTEMPTS", 10, 1, 100)
# Minutes between two readings of the status of the open forwardings in the MOR system.
WIJKTEAM_MOR_POLL_MINUTES = env_int_between("WIJKTEAM_MOR_POLL_MINUTES", 15, 1, 1440)

# --- Open311 GeoReport v2 (wijkteam/open311) ----------------------------------------------------
# The jurisdiction_id this endpoint serves (the gemeente's website without "www."); a request
# that names another gets the specification's 404.
WIJKTEAM_OPEN311_JURISDICTION = (
    os.environ.get("WIJKTEAM_OPEN311_JURISDICTION", "veenendaal.nl").strip().lower()
)
# What the discovery document says about whom to ask (empty: the gemeente's phone number).
WIJKTEAM_OPEN311_CONTACT = os.environ.get("WIJKTEAM_OPEN311_CONTACT", "").strip()
# Requests one app may post in any 60 minutes (every POST with its key, refused ones too).
WIJKTEAM_OPEN311_POSTS_PER_HOUR = env_int_between(
    "WIJKTEAM_OPEN311_POSTS_PER_HOUR", 600, 1, 1_000_000
)

# --- The REST API v1 (wijkteam/api), by the Dutch API Design Rules ------------------------------
# The API's full version, in every response's API-Version header and in the OpenAPI document;
# the major version is in the URI (/api/v1).
WIJKTEAM_API_VERSION = "1.0.0"
# Requests one API client may make per minute (its own limit is set in Beheer; this is the
# default for a new client); past it the API answers 429 with Retry-After.
WIJKTEAM_API_RATE_LIMIT_PER_MINUTE = env_int_between(
    "WIJKTEAM_API_RATE_LIMIT_PER_MINUTE", 120, 1, 100_000
)
# How long the answer to a POST with an Idempotency-Key is kept for its retries.
WIJKTEAM_API_IDEMPOTENCY_HOURS = env_int_between("WIJKTEAM_API_IDEMPOTENCY_HOURS", 24, 1, 720)
# The address partner systems reach the API on, as the OpenAPI document names it (its
# "servers"); empty: WIJKTEAM_SITE_URL + /api/v1. Production serves it over https only.
WIJKTEAM_API_URL = os.environ.get("WIJKTEAM_API_URL", "").rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["wijkteam.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["wijkteam.api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["wijkteam.api.throttling.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["wijkteam.api.parsers.JsonParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "wijkteam.api.negotiation.JsonOnly",
    "EXCEPTION_HANDLER": "wijkteam.api.problems.problem_handler",
    "DEFAULT_SCHEMA_CLASS": "wijkteam.api.schema.ApiSchema",
    "UNAUTHENTICATED_USER": None,
    "UNAUTHENTICATED_TOKEN": None,
    "DEFAULT_PAGINATION_CLASS": None,
    "URL_FORMAT_OVERRIDE": None,
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wijkteam API",
    "DESCRIPTION": (
        "De REST API van Wijkteam voor systemen van partnerorganisaties: meldingen doen en "
        "volgen, casussen en de triage, bewonersinitiatieven en de aantallen van het "
        "wijkbeeld. Elke aanroep gebeurt namens de organisatie van de API-sleutel, met "
        "dezelfde regels voor wie wat mag zien als in de schermen."
    ),
    "VERSION": WIJKTEAM_API_VERSION,
    "CONTACT": {"name": "Wijkteam, functioneel beheer", "url": "https://wijkteam.example.nl"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "PREPROCESSING_HOOKS": ["wijkteam.api.schema.only_api_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wijkteam.api.schema.nl_api_rules",
    ],
    "TAGS": [
        {"name": "API", "description": "Deze beschrijving zelf."},
        {"name": "Referentiegegevens", "description": "Categorieën, wijken en buurten."},
        {"name": "Meldingen", "description": "Meldingen doen, lezen en volgen."},
        {"name": "Casussen", "description": "Casussen, hun eerste reactie en de triage."},
        {"name": "Initiatieven", "description": "Bewonersinitiatieven, openbaar."},
        {"name": "Wijkbeeld", "description": "Aantallen meldingen per maand, wijk en buurt."},
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# The worker removes the answers to idempotent requests once their time is over.
CONNECTION_PERIODIC_TASKS = {
    "wijkteam.api.tasks.prune_idempotent_requests": "wijkteam.api.tasks.next_prune_at",
}
