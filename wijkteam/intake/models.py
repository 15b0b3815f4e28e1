"""The keys of the staff's and the wijkbeheerder's forms: each rendered form carries a random
key, and the signal it brought in is kept under it, so that a repeated submit (a double click,
a retry, the back button) answers with that signal instead of registering a second one.

The resident's form needs no row here: its key makes the resident's tracking token
(``intake.form_keys``), whose hash the reporter's row keeps under a unique index already."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from wijkteam.signals.models import Signal


class IntakeKey(models.Model):
    """A form key that brought a signal in, for the user and the door it was made for, with a
    digest of what the form said: the same key from another user or another door finds
    nothing, and the same key with other content is another report. Written in the intake's own
    transaction; removed after ``WIJKTEAM_INTAKE_KEY_DAYS`` by the worker."""

    door = models.CharField(max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "door", "key", "digest"], name="intake_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.door}: {self.signal_id}"
