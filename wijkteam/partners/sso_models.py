"""The OpenID Connect provider of an organisation, through which its staff log in
(sso_views.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.partners.validators import validate_issuer, validate_openid_scopes

# The start of logging in through a provider is /account/sso/<slug>/; its return is this one.
SSO_RESERVED_SLUG = "callback"


class OidcProvider(models.Model):
    """An organisation's own OpenID Connect provider, through which its staff log in instead
    of with a password (partners/oidc.py, sso_views.py). Functional admins keep it on the
    organisation's page in Beheer; the client secret is never shown there again."""

    organisation = models.OneToOneField(
        "partners.Organisation",
        on_delete=models.CASCADE,
        related_name="oidc_provider",
        verbose_name=_("organisatie"),
    )
    is_enabled = models.BooleanField(
        _("aan"),
        default=False,
        help_text=_("Alleen dan staat de organisatie op de inlogpagina."),
    )
    slug = models.SlugField(
        _("naam in het adres"),
        unique=True,
        help_text=_("Inloggen begint op /account/sso/<naam>/, bijvoorbeeld 'veenvesters'."),
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        validators=[validate_issuer],
        help_text=_(
            "Het adres van de inlogdienst, precies zoals in haar "
            "/.well-known/openid-configuration (bijvoorbeeld "
            "https://login.microsoftonline.com/<tenant>/v2.0)."
        ),
    )
    client_id = models.CharField(_("client-ID"), max_length=255)
    client_secret = models.CharField(_("clientgeheim"), max_length=500)
    email_claim = models.CharField(
        _("claim met het e-mailadres"),
        max_length=100,
        default="email",
        help_text=_("De claim in het ID-token die het e-mailadres van de medewerker bevat."),
    )
    scopes = models.CharField(
        _("scopes"),
        max_length=200,
        default="openid email profile",
        validators=[validate_openid_scopes],
        help_text=_("Wat Wijkteam vraagt, gescheiden door spaties; 'openid' hoort erbij."),
    )
    trust_second_factor = models.BooleanField(
        _("tweede stap van de organisatie telt"),
        default=False,
        help_text=_(
            "Aan: wie bij de inlogdienst een tweede stap deed (zie hieronder), hoeft geen code "
            "van de Wijkteam-app meer te geven. Uit: iedereen geeft daarna ook die code."
        ),
    )
    second_factor_amr = models.CharField(
        _("amr-waarden voor een tweede stap"),
        max_length=200,
        default="mfa otp hwk",
        blank=True,
        help_text=_(
            "Waarden in de claim 'amr' van het ID-token die een tweede stap aantonen "
            "(RFC 8176), gescheiden door spaties."
        ),
    )
    second_factor_acr = models.CharField(
        _("acr-waarden voor een tweede stap"),
        max_length=300,
        blank=True,
        help_text=_(
            "Of: waarden van de claim 'acr' die een tweede stap aantonen, gescheiden door "
            "spaties (bijvoorbeeld het niveau dat de inlogdienst daarvoor noemt)."
        ),
    )

    class Meta:
        verbose_name = _("inloggen via de organisatie (OpenID Connect)")
        verbose_name_plural = _("inloggen via de organisatie (OpenID Connect)")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(slug=SSO_RESERVED_SLUG),
                name="oidc_provider_slug_not_reserved",
                violation_error_message=_("Deze naam is gereserveerd; kies een andere."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.issuer})"
