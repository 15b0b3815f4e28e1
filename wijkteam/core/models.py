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


class DataVersion(models.Model):
    """The version of one kind of reference data (the areas, the categories, the partners, the
    triage agreements): a new random token whenever any of it is added, changed or removed, in
    the same transaction (random, so that a change rolled back never comes back as the version
    of another). What a process builds from that data is kept until the token changes
    (kept.py)."""

    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"


class WorkerBeat(models.Model):
    """The heartbeat of one running background worker (lease.py): the worker's id as
    django_tasks_db records it on the tasks it claims, and when it last said it is alive."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id}: {self.beat_at:%Y-%m-%d %H:%M:%S}"
