"""Rate limiting per client, shared by all processes through the database."""

import hashlib
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest

from wijkteam.core.models import RateLimitCounter


def client_address(request: HttpRequest) -> str:
    """The client's IP address; behind a trusted proxy, the one it forwarded."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_allows(*, scope: str, client: str, limit: int, window_seconds: int) -> bool:
    """Count one request of ``client`` for ``scope``; False once it exceeds ``limit`` within
    the current window."""
    window = int(time.time() // window_seconds)
    key = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{client}".encode()).hexdigest()
    with transaction.atomic():
        try:
            with transaction.atomic():
                RateLimitCounter.objects.get_or_create(key=key, window=window)
        except IntegrityError:
            pass  # created by a concurrent request
        RateLimitCounter.objects.filter(key=key, window=window).update(count=F("count") + 1)
        count = RateLimitCounter.objects.get(key=key, window=window).count
    return count <= limit
