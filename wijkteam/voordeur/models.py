"""What the Voordeur searches and what it counts: the other doors a resident may need, the words
of each category and door, and the searches themselves (anonymous)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.translation import TranslatedText

WORDS_HELP = _(
    "Eén per regel, of gescheiden door komma's. Spreektaal, Engels en veelgemaakte "
    "schrijffouten mogen erbij. Een zoekwoord van meer woorden telt als al die woorden in de "
    "vraag staan, in elke volgorde."
)
PHRASES_HELP = _(
    "Zinnen zoals bewoners ze typen, één per regel. Ze helpen bij vragen die op deze zinnen "
    "lijken; ze wegen minder zwaar dan zoekwoorden."
)


class Door(models.Model):
    """Another place to go when Wijkteam is not the place: 112, the police's non-emergency
    number, Veilig Thuis, the corporation's repair request, the gemeente's own report system,
    the gemeente's debt help."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    name_en = models.CharField(
        _("naam (Engels)"), max_length=100, blank=True, help_text=_("Leeg: de Nederlandse naam.")
    )
    advice = models.TextField(
        _("wat de bewoner daar doet"), help_text=_("Kort en in gewone woorden.")
    )
    advice_en = models.TextField(
        _("wat de bewoner daar doet (Engels)"), blank=True, help_text=_("Leeg: de Nederlandse.")
    )
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    link = models.URLField(_("website"), blank=True)
    is_emergency = models.BooleanField(
        _("acuut gevaar"),
        default=False,
        help_text=_(
            "Aan: staat bovenaan zodra een zoekwoord van deze deur in de vraag staat, wat er "
            "verder ook bij past."
        ),
    )
    keywords = models.TextField(_("zoekwoorden"), blank=True, help_text=WORDS_HELP)
    phrases = models.TextField(_("voorbeeldzinnen"), blank=True, help_text=PHRASES_HELP)
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("andere deur")
        verbose_name_plural = _("andere deuren")
        ordering = ["sort_order", "name"]

    display_name = TranslatedText("name")
    display_advice = TranslatedText("advice")

    def __str__(self) -> str:
        return self.name


class CategoryWords(models.Model):
    """The words residents use for one category, and its place on the start page."""

    category = models.OneToOneField(
        "signals.Category",
        on_delete=models.CASCADE,
        related_name="search_words",
        verbose_name=_("categorie"),
        limit_choices_to={"parent__isnull": False},
    )
    keywords = models.TextField(_("zoekwoorden"), blank=True, help_text=WORDS_HELP)
    phrases = models.TextField(_("voorbeeldzinnen"), blank=True, help_text=PHRASES_HELP)
    start_page_position = models.PositiveSmallIntegerField(
        _("plaats op de startpagina"),
        null=True,
        blank=True,
        help_text=_(
            "Leeg: geen knop op de startpagina. Kies de categorieën waar bewoners het vaakst "
            "naar zoeken (zie 'Zoekvragen van bewoners')."
        ),
    )

    class Meta:
        verbose_name = _("zoekwoorden van een categorie")
        verbose_name_plural = _("zoekwoorden van categorieën")
        ordering = ["category__parent__sort_order", "category__sort_order"]

    def __str__(self) -> str:
        return str(self.category)


class SearchEvent(models.Model):
    """One search on the Voordeur, counted anonymously: the words, the best answer it gave and
    what the resident chose. Never who: no address, session, account or exact time."""

    words = models.CharField(_("zoekwoorden"), max_length=200)
    suggested = models.CharField(_("beste antwoord"), max_length=60, blank=True)
    chosen = models.CharField(_("gekozen"), max_length=60, blank=True)
    day = models.DateField(_("dag"), default=timezone.localdate)

    class Meta:
        verbose_name = _("zoekvraag van bewoners")
        verbose_name_plural = _("zoekvragen van bewoners")
        indexes = [models.Index(fields=["day"], name="search_event_by_day")]

    def __str__(self) -> str:
        return self.words
