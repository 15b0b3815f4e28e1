"""The cache that several machines share: Django's Redis backend (``WIJKTEAM_REDIS_URL``),
which a page never fails on. A cache only saves work: while Redis does not answer, a read is a
miss and a write is skipped (logged when it goes and when it comes back), and the page does
the work itself."""

import logging
import threading
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("wijkteam.cache")


class SharedCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._away = threading.Event()

    def _forgiving(self, call: Callable[[], Any], missed: Any) -> Any:
        try:
            answer = call()
        except RedisError as error:
            if not self._away.is_set():
                self._away.set()
                logger.warning("Cache (Redis) not reachable, pages do without it: %s", error)
            return missed
        if self._away.is_set():
            self._away.clear()
            logger.warning("Cache (Redis) reachable again")
        return answer

    def get(self, key, default=None, version=None):
        parent = super().get
        return self._forgiving(lambda: parent(key, default, version), default)

    def get_many(self, keys, version=None):
        parent = super().get_many
        return self._forgiving(lambda: parent(keys, version), {})

    def has_key(self, key, version=None):
        parent = super().has_key
        return self._forgiving(lambda: parent(key, version), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().add
        return self._forgiving(lambda: parent(key, value, timeout, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().set
        return self._forgiving(lambda: parent(key, value, timeout, version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().set_many
        return self._forgiving(lambda: parent(data, timeout, version), list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().touch
        return self._forgiving(lambda: parent(key, timeout, version), False)

    def delete(self, key, version=None):
        parent = super().delete
        return self._forgiving(lambda: parent(key, version), False)

    def delete_many(self, keys, version=None):
        parent = super().delete_many
        return self._forgiving(lambda: parent(keys, version), None)

    def clear(self):
        parent = super().clear
        return self._forgiving(lambda: parent(), None)
