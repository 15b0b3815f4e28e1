from urllib.parse import urlsplit

from authlib.common.security import is_secure_transport
from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLength
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
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


def validate_issuer(value: str) -> None:
    """An OpenID Connect issuer: an https address without query or fragment (plain http only
    on this machine's own loopback address, where a provider under test runs)."""
    parts = urlsplit(value)
    if parts.query or parts.fragment or not is_secure_transport(value):
        raise ValidationError(
            _(
                "Vul het https-adres van de inlogdienst in, zonder ? of #, zoals de "
                "organisatie het opgeeft (bijvoorbeeld https://login.example.nl/realms/wijk)."
            ),
            code="issuer",
        )


def validate_openid_scopes(value: str) -> None:
    """Scopes for logging in through OpenID Connect: ``openid`` is one of them."""
    if "openid" not in value.split():
        raise ValidationError(
            _("Zet 'openid' bij de scopes: zonder die scope is het geen OpenID Connect."),
            code="scopes",
        )
