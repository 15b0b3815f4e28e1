import math
from datetime import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wijkteam.core.ratelimit import client_address
from wijkteam.partners.lockout import login_locked_until


def wait_text(until: datetime) -> str:
    """'om 14:32 (over 2 minuten)': when something may be tried again, for a person."""
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    if seconds < 60:
        left = ngettext("over %(count)d seconde", "over %(count)d seconden", seconds)
        left = left % {"count": seconds}
    else:
        minutes = math.ceil(seconds / 60)
        left = ngettext("over %(count)d minuut", "over %(count)d minuten", minutes)
        left = left % {"count": minutes}
    at = time_format(timezone.localtime(until), "H:i")
    return _("om %(time)s (%(left)s)") % {"time": at, "left": left}


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op hoofdletters in het "
            "wachtwoord."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met uw functioneel beheerder."),
        # The same words whether or not the account exists.
        "locked": _(
            "Er is te vaak geprobeerd in te loggen met een verkeerd wachtwoord. Daarom kunt u "
            "even niet inloggen. Probeer het opnieuw %(when)s."
        ),
    }

    @property
    def is_locked(self) -> bool:
        return any(error.code == "locked" for error in self.non_field_errors().as_data())

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            until = login_locked_until(
                email=self.cleaned_data.get("username", ""),
                address=client_address(self.request) if self.request else "",
            )
            if until is None:
                raise
            raise ValidationError(
                self.error_messages["locked"], code="locked", params={"when": wait_text(until)}
            ) from None


class CodeForm(forms.Form):
    """The six digits of the authenticator app."""

    code = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        help_text=_("De zes cijfers die de app nu toont."),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "size": 8,
            }
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit() or len(code) != 6:
            raise ValidationError(_("Vul de zes cijfers in die de app nu toont."), code="format")
        return code

    def add_check_error(self, wait_until: datetime | None) -> None:
        """Explain a refused code: wrong, or too many wrong codes in a row."""
        if wait_until is not None:
            message = _(
                "U heeft te vaak een verkeerde code ingevuld. Probeer het opnieuw %(when)s."
            ) % {"when": wait_text(wait_until)}
            self.add_error("code", ValidationError(message, code="throttled"))
        else:
            message = _(
                "Deze code klopt niet. Vul de code in die de app nu toont; een code werkt maar "
                "één keer."
            )
            self.add_error("code", ValidationError(message, code="wrong"))


class PasswordResetRequestForm(forms.Form):
    """The email address to send a link for a new password to (partners/password_reset.py)."""

    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
