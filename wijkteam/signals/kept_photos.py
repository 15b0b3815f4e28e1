"""Photos kept while a public form goes back for a correction: every form a resident sends
without an account (the report form, an initiative's proposal) carries a random upload key;
the photos that passed the checks wait under it (``PendingUpload``), so that a resident never
has to choose them again."""

import re
import secrets

from django import forms
from django.db.models import QuerySet

from wijkteam.core.compiled import compiled
from wijkteam.signals.models import PendingUpload

# The key that keeps a resident's photos between attempts (secrets.token_urlsafe).
UPLOAD_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


def upload_key_of(data) -> str:
    """The form's upload key as sent, or "" when it is not one the form could have made."""
    key = data.get("upload_key", "")
    return key if UPLOAD_KEY.fullmatch(key) else ""


@compiled(key=str)
def _pending_under(key: str) -> QuerySet[PendingUpload]:
    return PendingUpload.objects.filter(key=key).order_by("id")


def pending_of(key: str) -> list[PendingUpload]:
    """The photos waiting under a form's key, oldest first: asked on every post of the
    resident's form, so compiled once per process (core/compiled.py)."""
    return _pending_under.instances(key=key) if key else []


class KeptPhotosForm(forms.Form):
    """The upload key and the "already added" boxes of the photos kept under it."""

    upload_key = forms.RegexField(UPLOAD_KEY, widget=forms.HiddenInput, max_length=64)
    keep_pending = forms.MultipleChoiceField(
        required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, pending=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("upload_key"):
            self.initial["upload_key"] = secrets.token_urlsafe(24)
        self.fields["keep_pending"].choices = [(str(p.pk), p.original_name) for p in pending]
        self.fields["keep_pending"].initial = [str(p.pk) for p in pending]

    def offer_pending(self, pending, *, shown_before) -> None:
        """Show the photos kept under the form's key when it goes back for a correction.

        A bound form renders its boxes from the posted data, and a photo kept just now was
        never on the page, so it would come back unchecked and be silently left out when the
        resident sends again. Photos new to the page are therefore checked; a photo the page
        showed before keeps the resident's own choice, so unchecking one really leaves it out.
        """
        shown_before = {str(pk) for pk in shown_before}
        chosen = set(self.data.getlist(self.add_prefix("keep_pending")))
        checked = [
            str(p.pk) for p in pending if str(p.pk) not in shown_before or str(p.pk) in chosen
        ]
        self.fields["keep_pending"].choices = [(str(p.pk), p.original_name) for p in pending]
        data = self.data.copy()
        data.setlist(self.add_prefix("keep_pending"), checked)
        self.data = data

    def kept(self, pending: list[PendingUpload]) -> list[PendingUpload]:
        """Of the photos waiting, those the resident left checked (after ``is_valid``)."""
        chosen = self.cleaned_data.get("keep_pending") or []
        return [p for p in pending if str(p.pk) in chosen]
