"""How the Veenendaal demo teams decide, as data for the demo's history (history.py): what comes
up how often, what the signals say, the habits by which each team deviates from the category
defaults (DESIGN §5), the few habits written down as agreements, and why chairs choose whom.

Illustrative, not measured: plausible for a Dutch town of this size. Habits only name kinds of
organisation; a habit whose organisation is not a partner of the team falls to the next kind.
"""

from dataclasses import dataclass

from wijkteam.partners.models import OrganisationKind as K

# How often each subcategory comes up (acute and arrears cases are not decided by the team).
CATEGORY_WEIGHTS = {
    "overlast-geluid": 14,
    "overlast-burenruzie": 9,
    "overlast-huis-tuin": 6,
    "overlast-jongeren": 8,
    "overlast-dieren": 3,
    "overlast-stank-rook": 3,
    "vervuiling-zwerfafval": 11,
    "vervuiling-portiek": 6,
    "vervuiling-woning-tuin": 4,
    "vervuiling-graffiti": 4,
    "vernieling-complex": 4,
    "vernieling-openbare-ruimte": 4,
    "onveiligheid-plek": 2,
    "onveiligheid-brandgevaar": 3,
    "onveiligheid-drugs": 5,
    "onveiligheid-criminaliteit": 2,
    "onveiligheid-woonfraude": 2,
    "zorg-verward-gedrag": 4,
    "zorg-verwaarlozing": 3,
    "zorg-eenzaamheid": 3,
}
# Teams see more of what their wijk is known for.
CATEGORY_EMPHASIS = {
    "WK034500": {"overlast-geluid": 1.6, "vervuiling-zwerfafval": 1.3, "overlast-jongeren": 1.2},
    "WK034502": {"overlast-jongeren": 1.5, "overlast-burenruzie": 1.3, "zorg-verward-gedrag": 1.3},
    "WK034504": {"vervuiling-zwerfafval": 1.4, "onveiligheid-drugs": 1.4},
}
# Reported mostly in the evening (the share); the rest comes in during the day.
EVENING_SHARE = {"overlast-geluid": 0.6, "overlast-jongeren": 0.7}
DEFAULT_EVENING_SHARE = 0.15
# The share of households renting from the corporation, per wijk; and how often it is unknown.
TENANT_SHARE = {"WK034500": 0.35, "WK034502": 0.6, "WK034504": 0.55}
DEFAULT_TENANT_SHARE = 0.45
UNKNOWN_TENANCY = 0.15
# Decisions that go to some other partner than the habit or the default.
NOISE = 0.12
# Partners that take the lead on a case (a residents' organisation is involved, never lead).
LEAD_KINDS = (K.GEMEENTE, K.CORPORATIE, K.POLITIE, K.WELZIJN, K.BUURTBEMIDDELING, K.ZORG)

# What the signal says (no names, no addresses).
DESCRIPTIONS = {
    "overlast-geluid": ("Harde muziek tot diep in de nacht.", "Elk weekend feest met veel lawaai."),
    "overlast-burenruzie": (
        "Buren schelden elkaar uit in het trappenhuis.",
        "Ruzie over de schutting loopt op.",
    ),
    "overlast-huis-tuin": (
        "Tuin vol afval, ratten gezien.",
        "Bouwafval al maanden in de voortuin.",
    ),
    "overlast-jongeren": (
        "Groep jongeren bij het winkelcentrum, intimiderend.",
        "Scooters en geschreeuw bij het speelveld 's avonds.",
    ),
    "overlast-dieren": ("Hond blaft de hele dag.", "Veel duiven door voeren vanaf het balkon."),
    "overlast-stank-rook": (
        "Stank uit de woning op de eerste etage.",
        "Houtrook trekt elke avond de woningen in.",
    ),
    "vervuiling-zwerfafval": (
        "Vuilniszakken naast de container.",
        "Grofvuil gedumpt bij de ingang van het park.",
    ),
    "vervuiling-portiek": ("Portiek vies, urine in de lift.", "Spullen en afval op de galerij."),
    "vervuiling-woning-tuin": (
        "Woning zwaar vervuild, stank op de gang.",
        "Tuin en schuur vol afval.",
    ),
    "vervuiling-graffiti": ("Graffiti op de geluidswal.", "Bekladding op het bushokje."),
    "vernieling-complex": ("Brievenbussen in de hal vernield.", "Toegangsdeur geforceerd."),
    "vernieling-openbare-ruimte": (
        "Speeltoestel kapotgemaakt.",
        "Lantaarnpalen en bankjes beschadigd.",
    ),
    "onveiligheid-plek": (
        "Onderdoorgang donker, mensen voelen zich onveilig.",
        "Pad langs het water 's avonds onveilig.",
    ),
    "onveiligheid-brandgevaar": (
        "Scootmobiel en spullen in het trappenhuis.",
        "Gasflessen op het balkon.",
    ),
    "onveiligheid-drugs": (
        "Henneplucht uit een woning.",
        "Veel korte bezoekjes aan één adres, vermoedelijk handel.",
    ),
    "onveiligheid-criminaliteit": (
        "Vermoeden van heling vanuit een garagebox.",
        "Steeds andere auto's met pakketjes 's nachts.",
    ),
    "onveiligheid-woonfraude": (
        "Woning lijkt onderverhuurd, steeds andere bewoners.",
        "Huurder woont er al maanden niet meer.",
    ),
    "zorg-verward-gedrag": (
        "Bewoner praat hard in zichzelf en bonkt op deuren.",
        "Buurman lijkt verward en dwaalt 's nachts rond.",
    ),
    "zorg-verwaarlozing": (
        "Oudere bewoner verwaarloost zichzelf, post stapelt op.",
        "Woning raakt vervuild, bewoner lijkt hulp nodig te hebben.",
    ),
    "zorg-eenzaamheid": (
        "Alleenstaande buurvrouw komt niet meer buiten.",
        "Oudere man heeft geen contact meer met anderen.",
    ),
}

# Why the chair chose the lead, by the kind of organisation chosen (when no habit applied).
REASONING = {
    K.GEMEENTE: (
        "Openbare ruimte en handhaving: de gemeente pakt het op.",
        "De wijkmanager regelt het met wijkbeheer van de gemeente.",
    ),
    K.CORPORATIE: (
        "Huurder van Veenvesters: de wijkconsulent spreekt de huurder aan.",
        "Valt onder het huurcontract; Veenvesters neemt het op.",
    ),
    K.POLITIE: (
        "Mogelijk strafbaar of 's avonds: de wijkagent gaat erop af.",
        "De politie kent dit adres al; de wijkagent neemt het op.",
    ),
    K.WELZIJN: (
        "Er speelt meer achter de voordeur; het opbouwwerk van Veens legt contact.",
        "Veens kent de bewoners hier en gaat eerst in gesprek.",
    ),
    K.BUURTBEMIDDELING: (
        "Beide partijen zijn aanspreekbaar; buurtbemiddeling brengt ze samen.",
        "Eerst met elkaar in gesprek: buurtbemiddeling.",
    ),
    K.ZORG: (
        "Zorgen om de gezondheid: het zorgteam gaat op huisbezoek.",
        "Het zorgteam kent de bewoner; zij gaan langs.",
    ),
}


@dataclass(frozen=True)
class Habit:
    """What a team usually does with a kind of case: the first of ``leads`` that is a partner
    of the team, in ``share`` of the cases that match."""

    category: str
    leads: tuple[str, ...]
    share: float
    reasoning: str
    tenant: bool | None = None  # None: tenant or not
    hours: tuple[int, int] | None = None  # local hours [from, to); (20, 6) is over night
    neighbourhood: str = ""  # buurt code; "": the whole wijk
    involved: tuple[str, ...] = ()

    def matches(self, category: str, is_tenant: bool | None, hour: int, buurt: str) -> bool:
        if category != self.category or self.neighbourhood not in ("", buurt):
            return False
        if self.tenant is not None and is_tenant is not self.tenant:
            return False
        if self.hours is None:
            return True
        start, end = self.hours
        return start <= hour < end if start <= end else hour >= start or hour < end


# Per wijk; the first habit that matches applies.
HABITS: dict[str, tuple[Habit, ...]] = {
    "WK034500": (  # Centrum: nightlife
        Habit(
            "overlast-geluid",
            (K.POLITIE,),
            0.8,
            "Uitgaanspubliek 's avonds in het centrum: de politie kan ter plaatse.",
            tenant=False,
            hours=(20, 6),
            involved=(K.GEMEENTE,),
        ),
        Habit(
            "overlast-jongeren",
            (K.POLITIE,),
            0.7,
            "Jongeren in het uitgaansgebied: de politie gaat erop af, Veens sluit aan.",
            involved=(K.WELZIJN,),
        ),
    ),
    "WK034501": (  # Noordwest
        Habit(
            "overlast-burenruzie",
            (K.BUURTBEMIDDELING, K.WELZIJN),
            0.75,
            "Eerst met elkaar in gesprek; het opbouwwerk brengt de buren samen.",
        ),
        Habit(
            "vervuiling-woning-tuin",
            (K.WELZIJN,),
            0.7,
            "Vervuilde woning: er speelt vaak meer achter de voordeur; Veens gaat langs.",
            involved=(K.CORPORATIE,),
        ),
        Habit(
            "overlast-dieren",
            (K.GEMEENTE,),
            0.7,
            "Dierenoverlast: de gemeente (handhaving) pakt het op.",
        ),
    ),
    "WK034502": (  # Zuidoost: has its own buurtbemiddelaar and zorgteam in the team
        Habit(
            "overlast-jongeren",
            (K.WELZIJN,),
            0.9,
            "Het jongerenwerk van Veens kent de groepen in Zuidoost; de wijkagent is betrokken.",
            involved=(K.POLITIE,),
        ),
        Habit(
            "overlast-burenruzie",
            (K.BUURTBEMIDDELING, K.WELZIJN),
            0.8,
            "Beide buren zijn aanspreekbaar: buurtbemiddeling, zoals in Zuidoost gebruikelijk.",
        ),
        Habit(
            "overlast-geluid",
            (K.BUURTBEMIDDELING,),
            0.6,
            "Burenlawaai: buurtbemiddeling, ook bij huurders.",
            tenant=True,
        ),
        Habit(
            "zorg-verward-gedrag",
            (K.ZORG, K.WELZIJN),
            0.8,
            "Verward gedrag: het zorgteam gaat op huisbezoek.",
            involved=(K.WELZIJN,),
        ),
        Habit(
            "zorg-verwaarlozing",
            (K.ZORG, K.WELZIJN),
            0.65,
            "Verwaarlozing: het zorgteam gaat langs.",
        ),
    ),
    "WK034503": (  # Noord
        Habit(
            "overlast-burenruzie",
            (K.BUURTBEMIDDELING, K.WELZIJN),
            0.75,
            "Geen buurtbemiddeling in Noord: het opbouwwerk van Veens praat met beide buren.",
        ),
        Habit(
            "overlast-huis-tuin",
            (K.GEMEENTE,),
            0.7,
            "Rommel in en om de woning: de gemeente (handhaving) spreekt de bewoner aan.",
        ),
        Habit(
            "overlast-stank-rook",
            (K.GEMEENTE,),
            0.65,
            "Stook- en stankoverlast: de gemeente (omgevingsdienst) kijkt ernaar.",
        ),
    ),
    "WK034504": (  # West: the flats of De Pol
        Habit(
            "vervuiling-zwerfafval",
            (K.CORPORATIE,),
            0.85,
            "Rond de flats in De Pol ruimt Veenvesters op en spreekt de huurders aan.",
            neighbourhood="BU03450401",
        ),
        Habit(
            "onveiligheid-drugs",
            (K.CORPORATIE,),
            0.75,
            "Hennep in een huurwoning: Veenvesters gaat met de politie langs (convenant).",
            tenant=True,
            involved=(K.POLITIE,),
        ),
    ),
    "WK034505": (  # Oost
        Habit(
            "overlast-geluid",
            (K.BUURTBEMIDDELING, K.WELZIJN),
            0.7,
            "Geen huurder: het opbouwwerk van Veens gaat met beide buren in gesprek.",
            tenant=False,
        ),
        Habit(
            "overlast-burenruzie",
            (K.BUURTBEMIDDELING, K.WELZIJN),
            0.7,
            "Geen huurder: Veens bemiddelt tussen de buren.",
            tenant=False,
        ),
        Habit(
            "overlast-jongeren",
            (K.POLITIE,),
            0.65,
            "Jongeren rond het winkelcentrum: de wijkagent, met het jongerenwerk.",
            involved=(K.WELZIJN,),
        ),
        Habit(
            "overlast-dieren",
            (K.GEMEENTE,),
            0.75,
            "Dierenoverlast: de gemeente (handhaving).",
        ),
    ),
}


@dataclass(frozen=True)
class Agreement:
    """A habit the team wrote down: a TriageRule of the demo."""

    district: str
    category: str
    lead_kind: str
    note: str
    neighbourhood: str = ""
    tenant: str = ""  # TenantCondition
    hours: tuple[int, int] | None = None
    involved: tuple[str, ...] = ()


AGREEMENTS = (
    Agreement(
        "WK034500",
        "overlast-geluid",
        K.POLITIE,
        "Geluidsoverlast in het centrum 's nachts, geen huurder: de politie (horeca-overleg).",
        tenant="not_tenant",
        hours=(22, 6),
        involved=(K.GEMEENTE,),
    ),
    Agreement(
        "WK034502",
        "overlast-jongeren",
        K.WELZIJN,
        "Jongerenoverlast in Petenbos: Veens met de wijkagent (afspraak wijkteamoverleg).",
        neighbourhood="BU03450223",
        involved=(K.POLITIE,),
    ),
    Agreement(
        "WK034504",
        "vervuiling-zwerfafval",
        K.CORPORATIE,
        "Zwerfafval rond de flats in De Pol: Veenvesters (beheerafspraak met de gemeente).",
        neighbourhood="BU03450401",
    ),
)
