"""Settings for Wijkteam, read from environment variables.

Every variable is listed with its default in the README. ``WIJKTEAM_ENV`` picks the defaults:
``production`` (the default: safe, nothing implicit), ``development`` (what ``bin/run`` uses:
debug on, demo mode on, mail to the console) or ``test``.
"""

import hashlib
import importlib.util
import os
from pathlib import Path

import django
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from wijkteam.settings_database import databases, replica_settings
from wijkteam.settings_env import env_bool, env_int, env_int_between, env_list
from wijkteam.settings_storage import uploads_storage

BASE_DIR = Path(__file__).resolve().parent.parent


ENVIRONMENT = os.environ.get("WIJKTEAM_ENV", "production")
if ENVIRONMENT not in {"production", "development", "test"}:
    raise ImproperlyConfigured("WIJKTEAM_ENV must be production, development or test")
IS_PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DJANGO_DEBUG", ENVIRONMENT == "development")
# Demo mode allows the demo accounts (with their published password) to log in.
DEMO_MODE = env_bool("WIJKTEAM_DEMO", not IS_PRODUCTION)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when WIJKTEAM_ENV=production")
    SECRET_KEY = "insecure-development-key-" + ENVIRONMENT  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # First, so that its templates (login, password reset) win over the admin's.
    "wijkteam.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "wijkteam.areas",
    "wijkteam.partners",
    "wijkteam.access",
    "wijkteam.notifications",
    "wijkteam.signals",
    "wijkteam.cases",
    "wijkteam.intake",
    "wijkteam.initiatives",
    "wijkteam.meetings",
    "wijkteam.wijkbeeld",
    "wijkteam.portal",
    "wijkteam.voordeur",
    "wijkteam.search",
    "wijkteam.privacy",
    "wijkteam.mor",
    "wijkteam.webhooks",
    "wijkteam.open311",
    "wijkteam.api",
    "wijkteam.demo",
    "wijkteam.operations",
    "wijkteam.backups",
]

MIDDLEWARE = [
    "wijkteam.operations.middleware.RequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wijkteam.core.replica.ReplicaMiddleware",
    "wijkteam.api.middleware.ApiMiddleware",
    "wijkteam.core.middleware.PermissionsPolicyMiddleware",
    "wijkteam.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wijkteam.core.middleware.ChosenLanguageMiddleware",
    "wijkteam.core.middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wijkteam.partners.middleware.SessionLifetimeMiddleware",
    "wijkteam.partners.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wijkteam.access.log.AccessLogPageMiddleware",
]

if IS_PRODUCTION:
    # In production WhiteNoise serves the collected static files; in development runserver does.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "wijkteam.urls"
WSGI_APPLICATION = "wijkteam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wijkteam.partners.context_processors.layout",
                "wijkteam.cases.context_processors.triage_counts",
                "wijkteam.notifications.context_processors.notification_counts",
                "wijkteam.signals.context_processors.debt_help_counts",
                "wijkteam.privacy.context_processors.privacy_menu",
            ],
        },
    },
]

# Lower case: not a Django setting, so that the password in it shows on no debug page.
database_url = os.environ.get("DATABASE_URL", "")
if not database_url:
    if IS_PRODUCTION:
        # Falling back to a SQLite file beside the code would start a site with an empty
        # database of its own, and every write to it would be lost with the next deploy.
        raise ImproperlyConfigured(
            "DATABASE_URL is required when WIJKTEAM_ENV=production "
            "(e.g. postgres://user:password@host:5432/wijkteam)"
        )
    database_url = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = databases(  # settings_database.py: the primary, and a replica if one is given
    database_url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if IS_PRODUCTION else 0)
)
DATABASE_ROUTERS = ["wijkteam.core.replica.ReplicaRouter"]
DATABASE_REPLICA = replica_settings()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partners.User"
AUTHENTICATION_BACKENDS = ["wijkteam.partners.auth.StaffBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {
        # Django's default attributes include first_name and last_name, which our users lack.
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "full_name", "phone"]},
    },
    {
        "NAME": "wijkteam.partners.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3
# Failed logins (partners/lockout.py): after this many for one account, or from one client
# address (an office shares one, hence more), logging in waits LOGIN_LOCKOUT_MINUTES; each
# further failure doubles the wait, up to LOGIN_LOCKOUT_MAX_MINUTES. A success starts over.
LOGIN_FAILURES_PER_ACCOUNT = env_int("WIJKTEAM_LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("WIJKTEAM_LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_LOCKOUT_MINUTES = env_int("WIJKTEAM_LOGIN_LOCKOUT_MINUTES", 1)
LOGIN_LOCKOUT_MAX_MINUTES = env_int("WIJKTEAM_LOGIN_LOCKOUT_MAX_MINUTES", 60)
# Password reset emails (partners/password_reset.py), in any 60 minutes: at most this many for
# one email address, and requests from one client address (for any email address).
PASSWORD_RESETS_PER_ACCOUNT = env_int("WIJKTEAM_PASSWORD_RESETS_PER_ACCOUNT", 3)
PASSWORD_RESETS_PER_ADDRESS = env_int("WIJKTEAM_PASSWORD_RESETS_PER_ADDRESS", 10)
# Two-factor (partners/twofactor.py): the name apps show; wrong codes wait 1, 2, 4, ... seconds.
OTP_TOTP_ISSUER = "Wijkteam"
OTP_TOTP_THROTTLE_FACTOR = 1
from wijkteam.partners.sso_settings import *  # noqa: E402, F403 (single sign-on)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
# Ours first; then Django's own, above the apps': Django REST framework (the API) brings Dutch
# for its messages, but where it words Django's own messages otherwise, the forms keep Django's.
LOCALE_PATHS = [BASE_DIR / "wijkteam" / "locale", Path(django.__file__).parent / "conf" / "locale"]
# Date formats per language (core/formats/<language>/formats.py): templates use their names.
FORMAT_MODULE_PATH = ["wijkteam.core.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Leaflet comes from django-leaflet's static files (so the map works offline). Only the files are
# used, not the app: its admin widgets need GDAL, which Wijkteam does not.
STATICFILES_DIRS = [
    (
        "leaflet",
        Path(importlib.util.find_spec("leaflet").submodule_search_locations[0])
        / "static"
        / "leaflet",
    )
]
MEDIA_URL = "media/"
# The cache (the map's boundaries, the wijk's picture's charts, the login service's keys): each
# process's own memory, or with WIJKTEAM_REDIS_URL one Redis that every web machine and worker
# shares, so that what one of them clears (a buurt's boundary changed) is gone for all.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if redis_url := os.environ.get("WIJKTEAM_REDIS_URL", ""):
    CACHES["default"] = {
        "BACKEND": "wijkteam.core.cache.SharedCache",  # a page never fails on it
        "LOCATION": redis_url,
        "KEY_PREFIX": "wijkteam",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
MEDIA_ROOT = Path(os.environ.get("WIJKTEAM_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": uploads_storage(),  # the media folder, or S3 (settings_storage.py)
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Background work runs in the worker (`manage.py db_worker`), which reads tasks from the database.
# Its backend is django_tasks_db's, remembering the request that queued a task (operations).
TASKS = {"default": {"BACKEND": "wijkteam.operations.tasks_backend.RequestIdDatabaseBackend"}}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if ENVIRONMENT == "development"
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Wijkteam <noreply@wijkteam.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address staff reach Wijkteam on: links in notification emails sent by the worker.
SITE_URL = os.environ.get("WIJKTEAM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The hour (local time) the daily digest of notifications goes out.
DIGEST_HOUR = env_int("WIJKTEAM_DIGEST_HOUR", 7)

# The map: Leaflet from django-leaflet's static files; tiles from PDOK's BRT achtergrondkaart.
# An empty URL switches tiles off; the map then shows only the boundaries.
MAP_TILES_URL = os.environ.get(
    "WIJKTEAM_MAP_TILES_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)
MAP_TILES_ATTRIBUTION = os.environ.get(
    "WIJKTEAM_MAP_TILES_ATTRIBUTION", "Kaartgegevens &copy; Kadaster (BRT Achtergrondkaart)"
)

# Addresses: PDOK's Locatieserver (BAG). Wijkteam works without it (offline point lookup).
PDOK_LOCATIESERVER_URL = os.environ.get(
    "WIJKTEAM_PDOK_LOCATIESERVER_URL", "https://api.pdok.nl/bzk/locatieserver/search/v3_1"
)
PDOK_TIMEOUT_SECONDS = float(os.environ.get("WIJKTEAM_PDOK_TIMEOUT", "3"))
# Requests a bulk import (the rent-arrears file) makes to the Locatieserver at the same time.
PDOK_CONCURRENCY = max(1, env_int("WIJKTEAM_PDOK_CONCURRENCY", 4))
# Days an address PDOK found stays in the cache the bulk import reads before asking PDOK again.
WIJKTEAM_ADDRESS_CACHE_DAYS = max(1, env_int("WIJKTEAM_ADDRESS_CACHE_DAYS", 90))
# The housing corporation residents are asked about ("Do you rent from ...?").
WIJKTEAM_CORPORATION_NAME = os.environ.get("WIJKTEAM_CORPORATION_NAME", "Veenvesters")
# The gemeente whose addresses the address search prefers.
WIJKTEAM_MUNICIPALITY_CODE = os.environ.get("WIJKTEAM_MUNICIPALITY_CODE", "GM0345")
WIJKTEAM_PHOTO_MAX_BYTES = env_int("WIJKTEAM_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
# Documents on a case: the largest PDF accepted (images follow the photo limit).
WIJKTEAM_DOCUMENT_MAX_BYTES = env_int("WIJKTEAM_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
# Accepted reports a client may send in any 60 minutes through the resident form (a form sent
# back for a correction does not count)...
WIJKTEAM_REPORTS_PER_HOUR = env_int("WIJKTEAM_REPORTS_PER_HOUR", 10)
# ...and posts of that form in any 60 minutes, mistakes included: stops a flood of bad posts.
WIJKTEAM_REPORT_POSTS_PER_HOUR = env_int("WIJKTEAM_REPORT_POSTS_PER_HOUR", 60)
# Residents' initiatives: ideas a client may propose in any 60 minutes, supports it may ask for,
# and posts of either form (mistakes included).
WIJKTEAM_INITIATIVES_PER_HOUR = env_int("WIJKTEAM_INITIATIVES_PER_HOUR", 5)
WIJKTEAM_INITIATIVE_SUPPORTS_PER_HOUR = env_int("WIJKTEAM_INITIATIVE_SUPPORTS_PER_HOUR", 20)
WIJKTEAM_INITIATIVE_POSTS_PER_HOUR = env_int("WIJKTEAM_INITIATIVE_POSTS_PER_HOUR", 60)
# How long the link that confirms an idea or a support works (unconfirmed ones go after it).
WIJKTEAM_INITIATIVE_CONFIRM_DAYS = env_int_between("WIJKTEAM_INITIATIVE_CONFIRM_DAYS", 7, 1, 90)
# The gemeente's general phone number, for residents when the wijkteam is not known.
WIJKTEAM_MUNICIPALITY_PHONE = os.environ.get("WIJKTEAM_MUNICIPALITY_PHONE", "14 0318")
# How often a process asks whether reference data (areas, categories, partners, triage rules,
# the Voordeur's words) changed (core/kept.py); one made in the same process is seen at once.
REFERENCE_DATA_CHECK_SECONDS = env_int("WIJKTEAM_REFERENCE_DATA_CHECK_SECONDS", 10)
# "Volg uw melding": emails with tracking links one address may get in any 60 minutes, and
# requests one client may make in 60 minutes; past either limit nothing is sent, same answer.
WIJKTEAM_TRACKING_EMAILS_PER_ADDRESS = env_int("WIJKTEAM_TRACKING_EMAILS_PER_ADDRESS", 3)
WIJKTEAM_TRACKING_REQUESTS_PER_CLIENT = env_int("WIJKTEAM_TRACKING_REQUESTS_PER_CLIENT", 10)
# Periodic background tasks and the function that says when each runs next (core/periodic.py).
PERIODIC_TASKS = {
    "wijkteam.cases.tasks.sweep_deadlines": "wijkteam.cases.tasks.next_sweep_at",
    "wijkteam.wijkbeeld.tasks.refresh_figures": "wijkteam.wijkbeeld.tasks.next_refresh_at",
    "wijkteam.notifications.digest_tasks.send_digests": (
        "wijkteam.notifications.digests.next_digest_at"
    ),
    "wijkteam.privacy.tasks.apply_retention": "wijkteam.privacy.tasks.next_retention_at",
    "wijkteam.voordeur.tasks.forget_searches": "wijkteam.voordeur.tasks.next_forgetting_at",
    "wijkteam.meetings.tasks.plan_meetings": "wijkteam.meetings.tasks.next_planning_at",
    "wijkteam.meetings.tasks.send_agendas": "wijkteam.meetings.tasks.next_agendas_at",
    "wijkteam.privacy.audit_tasks.write_audit_checkpoint": (
        "wijkteam.privacy.audit_tasks.next_checkpoint_at"
    ),
    "wijkteam.mor.tasks.poll_forwardings": "wijkteam.mor.tasks.next_poll_at",
    "wijkteam.webhooks.tasks.sweep_webhooks": "wijkteam.webhooks.tasks.next_sweep_at",
    "wijkteam.intake.tasks.prune_form_keys": "wijkteam.intake.tasks.next_prune_at",
}
# The keys of the staff's and field forms (one report per form) are kept this many days.
WIJKTEAM_INTAKE_KEY_DAYS = env_int_between("WIJKTEAM_INTAKE_KEY_DAYS", 7, 1, 90)
# The Voordeur's counted searches are forgotten after this many days (its statistics show a year).
WIJKTEAM_SEARCH_LOG_DAYS = env_int_between("WIJKTEAM_SEARCH_LOG_DAYS", 400, 366, 3650)
# Wijkteamoverleg: the worker plans each team's scheduled meetings this many weeks ahead.
WIJKTEAM_MEETINGS_PLAN_WEEKS = env_int_between("WIJKTEAM_MEETINGS_PLAN_WEEKS", 8, 1, 52)
# ...and sends the invited members the agenda this many working days before the meeting.
WIJKTEAM_MEETINGS_AGENDA_WORKING_DAYS_BEFORE = env_int_between(
    "WIJKTEAM_MEETINGS_AGENDA_WORKING_DAYS_BEFORE", 2, 0, 10
)
# Cases: a public-space signal joins an open case of the same main category within this many
# metres whose last signal is at most this many days old.
WIJKTEAM_CASE_SPOT_METRES = env_int("WIJKTEAM_CASE_SPOT_METRES", 50)
WIJKTEAM_CASE_SPOT_DAYS = env_int("WIJKTEAM_CASE_SPOT_DAYS", 30)
# A handled case is closed when its reporters had this many days to say they are not satisfied.
WIJKTEAM_CASE_CLOSE_AFTER_DAYS = env_int("WIJKTEAM_CASE_CLOSE_AFTER_DAYS", 14)
# How long the link in a "your signal was handled" email opens the tracking page.
WIJKTEAM_REPORTER_LINK_DAYS = env_int("WIJKTEAM_REPORTER_LINK_DAYS", 365)
# The key of the audit trail's hash chain. Set it in production and never change it: rows
# written under another key no longer verify. Unset, it is derived from DJANGO_SECRET_KEY.
WIJKTEAM_AUDIT_KEY = (
    os.environ.get("WIJKTEAM_AUDIT_KEY")
    or hashlib.sha256(f"wijkteam-audit:{SECRET_KEY}".encode()).hexdigest()
)
# The background worker seals the audit trail's new rows (access/seal.py) this often, in
# seconds; audit_verify reports rows still not sealed this many seconds after they were written.
WIJKTEAM_AUDIT_SEAL_INTERVAL_SECONDS = float(
    os.environ.get("WIJKTEAM_AUDIT_SEAL_INTERVAL_SECONDS") or 2
)
if not 0.1 <= WIJKTEAM_AUDIT_SEAL_INTERVAL_SECONDS <= 60:
    raise ImproperlyConfigured("WIJKTEAM_AUDIT_SEAL_INTERVAL_SECONDS must be between 0.1 and 60")
WIJKTEAM_AUDIT_SEAL_WITHIN_SECONDS = env_int("WIJKTEAM_AUDIT_SEAL_WITHIN_SECONDS", 300)
if WIJKTEAM_AUDIT_SEAL_WITHIN_SECONDS < 10:
    raise ImproperlyConfigured("WIJKTEAM_AUDIT_SEAL_WITHIN_SECONDS must be at least 10")
# The workers' leases on their tasks, and what the nightly run removes.
from wijkteam.settings_housekeeping import *  # noqa: E402,F403

# Work the background worker does itself every so many seconds, beside its tasks (so without a
# task row per run): a function's dotted path and its interval (core's db_worker command).
WORKER_DUTIES = {
    "wijkteam.access.seal.audit_seal": WIJKTEAM_AUDIT_SEAL_INTERVAL_SECONDS,
    "wijkteam.core.lease.tasks_reclaim": TASK_RECLAIM_INTERVAL_SECONDS,  # noqa: F405
}
# Checkpoints of the audit trail (access/checkpoints.py): the worker appends one signed line
# every hour to this file, outside the database, so that rows removed from the end of the trail
# are found. Keep it where the database's users cannot write, and with the backups.
WIJKTEAM_AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("WIJKTEAM_AUDIT_CHECKPOINT_FILE") or BASE_DIR / "var" / "audit-checkpoints.jsonl"
)
# When set, every checkpoint that covers new rows is also mailed to this address (the privacy
# officer's mailbox), a copy off this server. Taken from the environment, not the database, so
# that nobody who can write to the database can redirect it.
WIJKTEAM_AUDIT_CHECKPOINT_EMAIL = os.environ.get("WIJKTEAM_AUDIT_CHECKPOINT_EMAIL", "").strip()
# The demo's past, recorded once by `demo_data` (0: none): decided cases per wijkteam (what
# proposals learn from) and the wijk's picture in percent (demo/picture_history.py).
WIJKTEAM_DEMO_HISTORY_PER_TEAM = env_int("WIJKTEAM_DEMO_HISTORY_PER_TEAM", 40)
WIJKTEAM_DEMO_PICTURE_PERCENT = env_int_between("WIJKTEAM_DEMO_PICTURE_PERCENT", 100, 0, 100)
# Uploads: three photos of at most WIJKTEAM_PHOTO_MAX_BYTES, plus the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security. Production defaults are strict; each can be relaxed through its variable.
# A session ends after WIJKTEAM_SESSION_IDLE_MINUTES without a request, when the browser closes,
# and at the latest WIJKTEAM_SESSION_SECONDS after logging in (partners/middleware.py). The
# database's expiry date is the idle timeout: the middleware moves it on while someone works.
SESSION_IDLE_SECONDS = env_int("WIJKTEAM_SESSION_IDLE_MINUTES", 30) * 60
SESSION_MAX_SECONDS = env_int("WIJKTEAM_SESSION_SECONDS", 60 * 60 * 8)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
# Django's database sessions, read with SQL compiled once per process (partners/sessions.py).
SESSION_ENGINE = "wijkteam.partners.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", IS_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# No script reads the CSRF token from the cookie: every form carries it in a hidden field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", IS_PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^metrics$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_PRODUCTION
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", IS_PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): everything from our own origin, no inline script or style.
# Map tiles come from another host: the middleware adds the host of MAP_TILES_URL to img-src.
# data: and blob: let a page show images it makes itself (such as a preview of a chosen photo).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features: the wijkbeheerder's form uses the position (and the camera through a file
# input); nothing else is needed, by us or by anything framed.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": ["self"],
    "geolocation": ["self"],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
# Behind a TLS-terminating reverse proxy: trust its X-Forwarded-Proto, and take the client's
# address from the entry it appended to X-Forwarded-For (core/ratelimit.py: client_address).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The connections with partner systems (API, Open311, webhooks, MOR forwarding, single sign-on).
from wijkteam.settings_connections import *  # noqa: E402,F403

# Logs (one line per request, JSON in production) and metrics: wijkteam/operations.
from wijkteam.settings_operations import *  # noqa: E402,F403

PERIODIC_TASKS |= CONNECTION_PERIODIC_TASKS  # noqa: F405
