from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLength
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MinimumLengthValidator(DjangoMinimumLength):
    """Django's minimum length rule with our own wording: Django 5.2's Dutch catalogue has no
    translation for its current message, so Dutch users would otherwise read English."""

    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d teken bevatten.",
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d tekens bevatten.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                self.get_error_message(),
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Uw wachtwoord moet minstens %(min_length)d teken lang zijn.",
            "Uw wachtwoord moet minstens %(min_length)d tekens lang zijn.",
            self.min_length,
        ) % {"min_length": self.min_length}
