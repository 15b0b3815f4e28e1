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
