from django.db import models


class RateLimitHit(models.Model):
    """One counted request of one client for one purpose (scope), kept until it falls out of
    its sliding window. The key is a hash of scope and client: no IP address is stored."""

    key = models.CharField(max_length=64)
    at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="rate_limit_hit_key_at")]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.at:%Y-%m-%d %H:%M:%S}"
