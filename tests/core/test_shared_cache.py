"""The cache several machines share (core/cache.py), against the Redis server on this machine
(WIJKTEAM_TEST_REDIS_URL, by default database 15 of 127.0.0.1:6379): what one process puts in
it another reads, and when Redis does not answer a page still does."""

import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests.core.test_settings import settings_value

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("WIJKTEAM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _shared(url: str, prefix: str = "wijkteam-test") -> dict:
    return {
        "default": {
            "BACKEND": "wijkteam.core.cache.SharedCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def shared_cache():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("WIJKTEAM_REQUIRE_REDIS"):
            pytest.fail(f"no Redis at {REDIS_URL}: {error}")
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    with override_settings(CACHES=_shared(REDIS_URL)):
        yield cache


def test_the_setting_picks_redis_and_without_it_each_process_caches_for_itself():
    chosen = settings_value(
        "s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']",
        WIJKTEAM_ENV="test",
        WIJKTEAM_REDIS_URL="redis://cache.example:6379/2",
    )
    assert chosen.stdout.split() == [
        "wijkteam.core.cache.SharedCache",
        "redis://cache.example:6379/2",
    ]
    alone = settings_value("s.CACHES['default']['BACKEND']", WIJKTEAM_ENV="test")
    assert alone.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def _other_machine(code: str) -> str:
    """Run ``code`` in another process set up as production sets it up, with the same Redis."""
    environment = {**os.environ, "WIJKTEAM_ENV": "test", "WIJKTEAM_REDIS_URL": REDIS_URL}
    environment["DJANGO_SETTINGS_MODULE"] = "wijkteam.settings"
    result = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_what_one_process_caches_another_reads_and_a_delete_reaches_all(shared_cache):
    key, value = f"shared-{uuid.uuid4().hex}", "kaart van Veenendaal-Oost"
    use = "from django.core.cache import cache; "
    assert _other_machine(use + f"cache.set({key!r}, {value!r}, 60)") == ""
    with override_settings(CACHES=_shared(REDIS_URL, prefix="wijkteam")):
        assert cache.get(key) == value
        cache.delete(key)
    assert _other_machine(use + f"print(cache.get({key!r}, 'weg'))") == "weg"


@pytest.mark.django_db
def test_without_redis_the_cache_misses_and_pages_still_answer(client, world, caplog):
    caplog.set_level(logging.WARNING, logger="wijkteam.cache")
    nobody = "redis://127.0.0.1:1/0"  # no server listens on port 1
    with override_settings(CACHES=_shared(nobody)):
        cache.set("anything", "saved", 60)  # skipped, no error
        assert cache.get("anything", "missed") == "missed"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.add("a", 1) is False
        assert cache.delete("a") is False
        # A page that caches the wijken's boundaries builds them itself.
        response = client.get(reverse("initiatives:wijk", args=[world.district_a.code]))
        assert response.status_code == 200
    assert caplog.text.count("Cache (Redis) not reachable") == 1
