"""Settings for the test suite: the normal settings with WIJKTEAM_ENV=test."""

import os

os.environ["WIJKTEAM_ENV"] = "test"

from wijkteam.settings import *  # noqa: E402,F403

# Tests hash many passwords; the real hasher is deliberately slow.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
# Tests pin the tile URL so that no page ever asks the network for map tiles.
MAP_TILES_URL = ""
# Tests never reach the real PDOK: by default the address service is a closed local port
# (so it is "unavailable"); tests that need answers start a local fake (tests/pdok_fake.py).
PDOK_LOCATIESERVER_URL = "http://127.0.0.1:9/bzk/locatieserver/search/v3_1"
PDOK_TIMEOUT_SECONDS = 1.0
# Loading the demo's past takes seconds; tests that need it ask for it.
WIJKTEAM_DEMO_HISTORY_PER_TEAM = 0
WIJKTEAM_DEMO_PICTURE_PERCENT = 0
