"""Categories and the sensitivity of what they hold."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wijkteam.core.translation import TranslatedText
from wijkteam.partners.models import OrganisationKind

# Ten years at most: a bound that catches a typo (1200 for 12), not a legal limit.
MAX_RETENTION_MONTHS = 120


class Sensitivity(models.TextChoices):
    """Who may see a signal's details (DESIGN §6)."""

    TEAM = "team", _("Wijkteam")
    CASE_PARTNERS = "case_partners", _("Betrokken partners")
    CONFIDENTIAL = "confidential", _("Vertrouwelijk")


# "Is dit hetzelfde probleem?" shows anyone who reports the category, street and date of open
# signals nearby, and a resident who joins one follows its status. Only for a spot in public
# space everyone in the team may see, and only where the admins switched it on: a report about
# neighbours (or youths, or someone's care) must never be found by the person it is about.
# One rule, read per object (Category.offers_same_problem) and as a filter (same_problem_q).
SAME_PROBLEM_RULE = {
    "residents_may_join": True,
    "is_public_space": True,
    "sensitivity": Sensitivity.TEAM,
}


def same_problem_q(prefix: str = "") -> Q:
    """SAME_PROBLEM_RULE as a filter; ``prefix`` is the path to the category ("category__")."""
    return Q(**{f"{prefix}{name}": value for name, value in SAME_PROBLEM_RULE.items()})


class Category(models.Model):
    """What a signal is about: a main category (parent empty) or a subcategory under it.
    Signals always carry a subcategory; the main category groups them."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("hoofdcategorie"),
    )
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    name_en = models.CharField(
        _("naam (Engels)"), max_length=100, blank=True, help_text=_("Leeg: de Nederlandse naam.")
    )
    public_name = models.CharField(
        _("naam voor bewoners"),
        max_length=150,
        help_text=_("In gewone woorden, zoals een bewoner het zou zeggen."),
    )
    public_name_en = models.CharField(
        _("naam voor bewoners (Engels)"),
        max_length=150,
        blank=True,
        help_text=_("Leeg: de Nederlandse naam voor bewoners."),
    )
    help_text = models.TextField(_("uitleg"), blank=True)
    help_text_en = models.TextField(
        _("uitleg (Engels)"), blank=True, help_text=_("Leeg: de Nederlandse uitleg.")
    )
    residents_may_report = models.BooleanField(_("bewoners kunnen dit melden"), default=True)
    is_acute = models.BooleanField(
        _("acuut"),
        default=False,
        help_text=_(
            "Acute meldingen gaan direct naar de politie; bewoners zien 'Bij spoed: bel 112'."
        ),
    )
    is_public_space = models.BooleanField(
        _("openbare ruimte"),
        default=False,
        help_text=_("Meldingen over een plek in plaats van een adres (bijvoorbeeld zwerfafval)."),
    )
    residents_may_join = models.BooleanField(
        _("bewoners sluiten zich aan bij een eerdere melding"),
        default=False,
        help_text=_(
            "Aan: wie dit meldt, ziet open meldingen van dezelfde soort vlakbij ('Is dit "
            "hetzelfde probleem?': soort, straat en datum) en kan zich daarbij aansluiten. "
            "Alleen voor een plek in de openbare ruimte waarin geen personen voorkomen, zoals "
            "zwerfafval of graffiti: een melding over buren of andere mensen mag niemand vinden. "
            "Werkt alleen samen met 'openbare ruimte' en de vertrouwelijkheid 'wijkteam'."
        ),
    )
    default_lead_kind = models.CharField(
        _("eerste reactie (standaard)"), max_length=30, choices=OrganisationKind.choices, blank=True
    )
    lead_kind_if_not_tenant = models.CharField(
        _("eerste reactie als het geen huurder van de corporatie betreft"),
        max_length=30,
        choices=OrganisationKind.choices,
        blank=True,
    )
    lead_note = models.CharField(_("toelichting eerste reactie"), max_length=250, blank=True)
    lead_note_en = models.CharField(
        _("toelichting eerste reactie (Engels)"), max_length=250, blank=True
    )
    sensitivity = models.CharField(
        _("vertrouwelijkheid"), max_length=20, choices=Sensitivity.choices, default=Sensitivity.TEAM
    )
    response_days = models.PositiveSmallIntegerField(_("reactietermijn (werkdagen)"), default=5)
    # Retention (DESIGN §6): what happens to the personal data of a closed case, and when.
    retention_months = models.PositiveSmallIntegerField(
        _("bewaartermijn persoonsgegevens (maanden na sluiten)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_MONTHS)],
        help_text=_(
            "Zoveel maanden nadat een casus is gesloten, worden de persoonsgegevens verwijderd: "
            "de contactgegevens van de melders, foto's en documenten, en de vrije tekst als "
            "die niet bewaard mag worden. Cijfers (aantallen per categorie en buurt, "
            "tevredenheid) blijven. Leeg: de standaardtermijn van de installatie "
            "(WIJKTEAM_RETENTION_MONTHS, gewoonlijk 12 maanden)."
        ),
    )
    keep_free_text = models.BooleanField(
        _("vrije tekst bewaren"),
        default=False,
        help_text=_(
            "Aan: omschrijvingen, notities, afspraken en berichten blijven na de bewaartermijn "
            "staan. Alleen voor meldingen over de openbare ruimte waarin geen personen "
            "voorkomen, zoals zwerfafval of graffiti. Uit: die tekst wordt vervangen door "
            "'verwijderd na de bewaartermijn'. Bij de vertrouwelijkheid 'betrokken partners' "
            "of 'vertrouwelijk' wordt vrije tekst altijd verwijderd."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")
        ordering = ["sort_order", "name"]

    # What people read: the English version on English pages when it is filled in.
    display_name = TranslatedText("name")
    display_public_name = TranslatedText("public_name")
    display_help_text = TranslatedText("help_text")
    display_lead_note = TranslatedText("lead_note")

    def __str__(self) -> str:
        return f"{self.parent.name} – {self.name}" if self.parent_id else self.name

    @property
    def display_full_name(self) -> str:
        """ "Overlast – Geluid" in the page's language (the parent must be loaded)."""
        if self.parent_id:
            return f"{self.parent.display_name} – {self.display_name}"
        return self.display_name

    @property
    def offers_same_problem(self) -> bool:
        """Whether residents are shown open signals of this category nearby and may join one
        ("Is dit hetzelfde probleem?"); see SAME_PROBLEM_RULE."""
        return all(getattr(self, name) == value for name, value in SAME_PROBLEM_RULE.items())

    @property
    def retention_period(self) -> int:
        """Months after closure that personal data is kept: the category's own, or the default."""
        return self.retention_months or settings.WIJKTEAM_RETENTION_MONTHS

    @property
    def keeps_free_text(self) -> bool:
        """Free text survives the retention period only in categories everyone in the team sees:
        in the others it is about people by nature, whatever the switch says."""
        return self.keep_free_text and self.sensitivity == Sensitivity.TEAM
