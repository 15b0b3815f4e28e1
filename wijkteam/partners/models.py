from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.access.audit import audit_record, field_changes
from wijkteam.areas.models import District
from wijkteam.core.translation import TranslatedText
from wijkteam.notifications.models import NotificationMode


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    CORPORATIE = "corporatie", _("Woningcorporatie")
    POLITIE = "politie", _("Politie")
    WELZIJN = "welzijn", _("Welzijn")
    ZORG = "zorg", _("Zorg")
    BUURTBEMIDDELING = "buurtbemiddeling", _("Buurtbemiddeling")
    BEWONERSORGANISATIE = "bewonersorganisatie", _("Bewonersorganisatie")


class Organisation(models.Model):
    """A partner organisation of the wijkteams."""

    name = models.CharField(_("naam"), max_length=150, unique=True)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    phone = models.CharField(_("algemeen telefoonnummer"), max_length=30, blank=True)
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """A user's role within their organisation: what they may do in Wijkteam."""

    MEDEWERKER = "medewerker", _("Medewerker")
    WIJKBEHEERDER = "wijkbeheerder", _("Wijkbeheerder")
    WIJKMANAGER = "wijkmanager", _("Wijkmanager")
    COORDINATOR = "coordinator", _("Coördinator")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    LEZER = "lezer", _("Alleen lezen")
    # A corporation's rent administration: registers and imports the arrears signals of every
    # wijk, and sees those across wijken (DESIGN §6); it is no member of a wijkteam.
    HUURADMINISTRATIE = "huuradministratie", _("Huuradministratie")


# Roles that may configure Wijkteam in the Django admin.
ADMIN_ROLES = frozenset({Role.FUNCTIONEEL_BEHEERDER})
# Apps whose configuration functional admins manage in the admin.
ADMIN_APP_LABELS = frozenset(
    {
        "areas",
        "partners",
        "access",
        "notifications",
        "signals",
        "cases",
        "voordeur",
        "initiatives",
        "mor",
        "webhooks",
        "open311",
        "api",
    }
)


# What the audit trail records of a new user (the password only as "set").
AUDITED_USER_FIELDS = (
    "email",
    "full_name",
    "phone",
    "organisation",
    "role",
    "is_active",
    "is_superuser",
    "is_demo",
    "is_api_account",
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username: str):
        # Email addresses are stored in lower case; people type them in any case.
        return self.get(email=username.strip().lower())

    @transaction.atomic
    def create_user(self, email: str, password: str | None = None, *, actor=None, **fields):
        """Create a user with this password (None: none usable until one is set through a
        reset) and audit it, with ``actor`` (None: the system, as for ``manage.py
        createsuperuser``). The one way users are created: partners.services.user_create and
        Django's own commands come here."""
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        after = {name: getattr(user, name) for name in AUDITED_USER_FIELDS}
        after["organisation"] = user.organisation_id
        changes = field_changes({}, after)
        if password is not None:
            changes |= {"password": "gezet"}  # that one was set, never what it is
        audit_record(actor=actor, action="create", instance=user, changes=changes)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_superuser", True)
        fields.setdefault("role", Role.FUNCTIONEEL_BEHEERDER)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member of a partner organisation. Residents have no account.

    The membership is the organisation plus the role in it; functions in a wijkteam are
    recorded per team (TeamMember).
    """

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=150)
    phone = models.CharField(_("telefoon (werk)"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices, default=Role.MEDEWERKER)
    is_active = models.BooleanField(_("actief"), default=True)
    is_demo = models.BooleanField(
        _("demo-account"),
        default=False,
        help_text=_("Demo-accounts kunnen alleen inloggen als de demomodus aan staat."),
    )
    # The identity of a partner system's API client (wijkteam/api): it acts through the API
    # only, never logs in, is never notified or emailed and is in no list of people.
    is_api_account = models.BooleanField(_("account van een koppeling"), default=False)
    date_joined = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    notification_mode = models.CharField(
        _("e-mail bij meldingen voor mij"),
        max_length=10,
        choices=NotificationMode.choices,
        default=NotificationMode.IMMEDIATE,
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_staff(self) -> bool:
        """Access to the Django admin follows from the role; nothing to keep in sync."""
        return self.is_active and (self.is_superuser or self.role in ADMIN_ROLES)

    def has_perm(self, perm: str, obj=None) -> bool:
        if self.is_active and self.role in ADMIN_ROLES and perm.split(".")[0] in ADMIN_APP_LABELS:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.role in ADMIN_ROLES and app_label in ADMIN_APP_LABELS:
            return True
        return super().has_module_perms(app_label)


class Team(models.Model):
    """The wijkteam of one wijk: its partners and members."""

    district = models.OneToOneField(
        District, on_delete=models.PROTECT, related_name="team", verbose_name=_("wijk")
    )
    description = models.TextField(_("beschrijving"), blank=True)
    description_en = models.TextField(
        _("beschrijving (Engels)"), blank=True, help_text=_("Leeg: de Nederlandse beschrijving.")
    )
    phone = models.CharField(
        _("telefoonnummer voor bewoners"),
        max_length=30,
        blank=True,
        help_text=_(
            "Bewoners zien dit nummer als ze het wijkteam moeten bellen. Leeg: het algemene "
            "nummer van de gemeente."
        ),
    )
    meeting_schedule = models.CharField(
        _("wijkteamoverleg"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: elke 2e dinsdag, 9.30 uur"),
    )
    meeting_schedule_en = models.CharField(
        _("wijkteamoverleg (Engels)"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: every 2nd Tuesday, 9.30 am. Leeg: de Nederlandse tekst."),
    )
    partners = models.ManyToManyField(
        Organisation, through="TeamPartner", related_name="teams", verbose_name=_("partners")
    )
    response_working_days = models.PositiveSmallIntegerField(
        _("reactietermijn voorstel (werkdagen)"),
        default=1,
        help_text=_(
            "Zo lang hebben de kernpartners om op een voorstel te reageren. Geen reactie "
            "binnen de termijn telt als akkoord. Feestdagen tellen niet mee."
        ),
    )
    urgent_response_hours = models.PositiveSmallIntegerField(
        _("reactietermijn bij spoed (uren)"),
        default=2,
        help_text=_(
            "Bij spoed is de politie direct eerste reactie; de andere partners worden "
            "geïnformeerd en kunnen binnen deze termijn een opmerking plaatsen."
        ),
    )

    class Meta:
        verbose_name = _("wijkteam")
        verbose_name_plural = _("wijkteams")
        ordering = ["district__code"]

    # What people read: the English version on English pages when it is filled in.
    display_description = TranslatedText("description")
    display_meeting_schedule = TranslatedText("meeting_schedule")

    def __str__(self) -> str:
        return f"Wijkteam {self.district.name}"


class TeamPartner(models.Model):
    """An organisation taking part in a wijkteam. Core partners respond in the triage."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="team_partners")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="team_partners",
        verbose_name=_("organisatie"),
    )
    is_core = models.BooleanField(
        _("kernpartner"),
        default=False,
        help_text=_("Kernpartners reageren op voorstellen in de triage."),
    )

    class Meta:
        verbose_name = _("partner in het wijkteam")
        verbose_name_plural = _("partners in het wijkteam")
        constraints = [
            models.UniqueConstraint(fields=["team", "organisation"], name="team_partner_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.team}"


class TeamFunction(models.TextChoices):
    WIJKMANAGER = "wijkmanager", _("Wijkmanager")
    WIJKCONSULENT = "wijkconsulent", _("Wijkconsulent")
    WIJKBEHEERDER = "wijkbeheerder", _("Wijkbeheerder")
    WIJKAGENT = "wijkagent", _("Wijkagent")
    OPBOUWWERKER = "opbouwwerker", _("Opbouwwerker")
    MAATSCHAPPELIJK_WERKER = "maatschappelijk_werker", _("Maatschappelijk werker")
    SCHULDHULPVERLENER = "schuldhulpverlener", _("Schuldhulpverlener")
    BUURTBEMIDDELAAR = "buurtbemiddelaar", _("Buurtbemiddelaar")
    BEWONERSVERTEGENWOORDIGER = "bewonersvertegenwoordiger", _("Bewonersvertegenwoordiger")
    # A partner system acting through the API for its organisation (an API client's account).
    KOPPELING = "koppeling", _("Koppeling (API)")
    OVERIG = "overig", _("Overig")


class TeamMember(models.Model):
    """A user's place in a wijkteam, with their function in it."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="team_memberships", verbose_name=_("gebruiker")
    )
    function = models.CharField(
        _("functie in het team"), max_length=40, choices=TeamFunction.choices
    )
    availability = models.CharField(
        _("bereikbaarheid"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: ma t/m do, 8.30–17.00 uur"),
    )
    availability_en = models.CharField(
        _("bereikbaarheid (Engels)"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: Mon to Thu, 8.30 am–5 pm. Leeg: de Nederlandse tekst."),
    )

    class Meta:
        verbose_name = _("teamlid")
        verbose_name_plural = _("teamleden")
        ordering = ["function", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="team_member_unique")]

    display_availability = TranslatedText("availability")

    def __str__(self) -> str:
        return f"{self.user.full_name} ({self.get_function_display()})"


class ThrottleScope(models.TextChoices):
    ACCOUNT = "account", _("Account")
    ADDRESS = "address", _("Adres van de client")


class LoginThrottle(models.Model):
    """Failed logins for one account name or one client address (partners/lockout.py).

    The name or address is kept only as a keyed hash: the table also counts names that belong
    to no account, and must not become a list of them.
    """

    scope = models.CharField(_("soort"), max_length=10, choices=ThrottleScope.choices)
    key = models.CharField(_("sleutel"), max_length=64)
    failures = models.PositiveIntegerField(_("mislukte pogingen"), default=0)
    last_failure_at = models.DateTimeField(_("laatste mislukte poging"))
    locked_until = models.DateTimeField(_("geblokkeerd tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("inlogblokkade")
        verbose_name_plural = _("inlogblokkades")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="login_throttle_unique")
        ]
        indexes = [models.Index(fields=["last_failure_at"])]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.key[:12]}"


# Single sign-on per organisation: its own module, here so that Django finds the model.
from wijkteam.partners.sso_models import OidcProvider  # noqa: E402, F401
