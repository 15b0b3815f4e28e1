from django.db import models


class RateLimitCounter(models.Model):
    """Requests of one client in one time window, for one purpose. The key is a hash: no IP
    address is stored."""

    key = models.CharField(max_length=64)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="rate_limit_key_window")
        ]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.window}: {self.count}"
