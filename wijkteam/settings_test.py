"""Settings for the test suite: the normal settings with WIJKTEAM_ENV=test."""

import atexit
import os
import secrets
import shutil
import tempfile
from pathlib import Path

os.environ["WIJKTEAM_ENV"] = "test"

from wijkteam.settings import *  # noqa: E402,F403

# Tests hash many passwords; the real hasher is deliberately slow.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test process (a pytest-xdist worker; a run on SQLite next to one on PostgreSQL) stores
# uploads in a folder of its own outside the code, removed when the process ends: a shared
# folder let one process's files meet another's, and kept them all. The storage makes it when
# a test first stores a file, so a process that stores none (or is killed first) leaves none.
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"wijkteam-test-media-{secrets.token_hex(8)}"
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# Tests pin the tile URL so that no page ever asks the network for map tiles.
MAP_TILES_URL = ""
# Tests never reach the real PDOK: by default the address service is a closed local port
# (so it is "unavailable"); tests that need answers start a local fake (tests/pdok_fake.py).
PDOK_LOCATIESERVER_URL = "http://127.0.0.1:9/bzk/locatieserver/search/v3_1"
PDOK_TIMEOUT_SECONDS = 1.0
# Loading the demo's past takes seconds; tests that need it ask for it.
WIJKTEAM_DEMO_HISTORY_PER_TEAM = 0
WIJKTEAM_DEMO_PICTURE_PERCENT = 0
