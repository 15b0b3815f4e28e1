"""The shape of the demo's past for the wijk's picture (wijkbeeld), as data: how many signals
each buurt gets a month, how that moves with the seasons, and how the teams handle them.

Illustrative, not measured: plausible for a Dutch town of Veenendaal's size, different per
wijk, so that the wijken's pictures and their comparison per 1,000 inhabitants mean something.
One story runs through it: in Engelenburg and Petenbos (Zuidoost) litter and dumping
(*vervuiling*) ran high until the team started an "Extra schoonmaakronde" on the first day of
the month CLEANING_ROUND_MONTHS_AGO months before the demo's today; from then on they get about
half as many signals, while comparable buurten elsewhere (about as many inhabitants, as much
vervuiling before) stay where they were. The measure itself is recorded with the demo's
measures; this module only gives the signals its effect.

picture_plan.py turns these numbers into signals (seeded, so the same past every time);
picture_load.py records them through the ordinary services.
"""

from datetime import date

from wijkteam.partners.models import OrganisationKind as K

# Months of signals back from the demo's today, the current month included.
MONTHS = 31
# The last signal of the picture comes in this many days before today: every triage of the
# past is over by then (a deadline of one working day, a long weekend included), so the teams'
# live triage holds only the demo's own stage cases.
QUIET_DAYS = 5
CLEANING_ROUND_MONTHS_AGO = 10

MAIN_CATEGORIES = (
    "overlast",
    "vervuiling",
    "vernieling",
    "onveiligheid",
    "zorg",
    "acuut",
    "financieel",
)

# Signals a month per 1,000 inhabitants, by wijk and main category, in an average month.
# Centrum: going out and shops; Noordwest and Noord: quiet, mostly owner-occupied; Zuidoost:
# many rented flats; West: drug dealing in Gelderse Blom; Oost: newer buurten.
# fmt: off
LEVELS = {
    #            overlast vervuiling vernieling onveiligheid zorg  acuut financieel
    "WK034500": (0.56,    0.38,      0.15,      0.11,        0.04, 0.03, 0.03),  # Centrum
    "WK034501": (0.16,    0.13,      0.03,      0.03,        0.02, 0.01, 0.02),  # Noordwest
    "WK034502": (0.26,    0.18,      0.07,      0.05,        0.05, 0.02, 0.04),  # Zuidoost
    "WK034503": (0.21,    0.16,      0.04,      0.03,        0.03, 0.01, 0.02),  # Noord
    "WK034504": (0.22,    0.20,      0.05,      0.08,        0.03, 0.02, 0.03),  # West
    "WK034505": (0.16,    0.14,      0.04,      0.03,        0.03, 0.01, 0.02),  # Oost
}
# fmt: on

# Some buurten get more (or less) of a main category than their wijk's level says.
BUURT_EMPHASIS = {
    ("BU03450099", "overlast"): 1.4,  # Centrum: the pubs around the Markt
    ("BU03450001", "overlast"): 0.4,  # Molenbrug
    ("BU03450210", "onveiligheid"): 1.5,  # 't Hoorntje: the dark footpath (extra lighting)
    ("BU03450402", "onveiligheid"): 1.8,  # Gelderse Blom: drug dealing
    ("BU03450300", "overlast"): 1.4,  # Dragonder-Noord: youths at the shopping centre
}

# Vervuiling signals a month in the buurten of the story: (before, after) the cleaning round's
# start. The treated buurten halve; the comparison buurten stay level.
VERVUILING_STORY = {
    "BU03450200": (12.0, 6.5),  # Engelenburg: extra schoonmaakronde
    "BU03450223": (12.0, 6.5),  # Petenbos: extra schoonmaakronde
    "BU03450101": (10.5, 10.5),  # Schepenbuurt (Noordwest), about as many inhabitants
    "BU03450502": (10.5, 10.5),  # Groenpoort (Oost)
    "BU03450400": (10.5, 10.5),  # Componistenbuurt (West)
}
TREATED = ("BU03450200", "BU03450223")
# The story's buurten feel the seasons less, and vary less from month to month than chance
# alone would have them (a fraction of the Poisson spread): a level the team measured.
STORY_SEASON_DAMPING = 0.3
STORY_SPREAD = 0.5
# A share of each buurt's litter comes from its few dumping spots (the hotspots), so that
# signals there join the case already open.
HOTSPOTS_PER_BUURT = 2
HOTSPOT_SHARE = 0.85
# A heap at a dumping spot is often reported by more than one resident: the share of the
# spot's signals that follow its previous one within a day or so (and join its case).
REPORTED_AGAIN = 0.5
# Nuisance and other matters at an address: a share at a buurt's few problem addresses.
PROBLEM_ADDRESSES_PER_BUURT = 2
PROBLEM_ADDRESS_SHARE = 0.35

# The season of each main category: a factor per calendar month, January first. Nuisance on
# summer nights; litter after New Year (fireworks) and in the summer parks; vandalism around
# the turn of the year; unsafe places in the dark months; worries about residents (loneliness)
# in winter; arrears after December.
# fmt: off
SEASON = {
    #                J     F     M     A     M     J     J     A     S     O     N     D
    "overlast":     (0.80, 0.80, 0.90, 1.00, 1.10, 1.25, 1.35, 1.30, 1.05, 0.95, 0.80, 0.85),
    "vervuiling":   (1.45, 1.05, 0.95, 0.95, 1.00, 1.05, 1.10, 1.05, 0.90, 0.85, 0.80, 0.85),
    "vernieling":   (1.55, 0.95, 0.90, 0.90, 0.95, 1.00, 1.05, 1.00, 0.90, 0.90, 0.85, 1.15),
    "onveiligheid": (1.20, 1.15, 1.00, 0.90, 0.85, 0.80, 0.85, 0.90, 0.95, 1.05, 1.15, 1.20),
    "zorg":         (1.15, 1.05, 1.00, 0.95, 0.90, 0.85, 0.85, 0.90, 1.00, 1.05, 1.10, 1.20),
    "acuut":        (1.30, 0.95, 0.95, 0.95, 1.00, 1.05, 1.05, 1.00, 0.95, 0.95, 0.90, 0.95),
    "financieel":   (1.25, 1.10, 1.00, 0.95, 0.95, 0.90, 0.90, 0.95, 1.00, 1.00, 1.00, 1.00),
}
# fmt: on

# In the story's buurten, litter is mostly litter and dumping in the street (what the cleaning
# round is about), reported again and again at the same few spots.
STORY_MIX = {
    "vervuiling-zwerfafval": 78,
    "vervuiling-graffiti": 8,
    "vervuiling-portiek": 9,
    "vervuiling-woning-tuin": 5,
}
# How often each subcategory comes up within its main category, where habits.CATEGORY_WEIGHTS
# (the triage history's) gives none.
EXTRA_WEIGHTS = {
    "acuut-dreiging": 4,
    "acuut-geweld": 3,
    "acuut-crimineel-feit": 3,
    "financieel-huurachterstand": 1,
}
EXTRA_DESCRIPTIONS = {
    "acuut-dreiging": ("Man bedreigt voorbijgangers met een stok.", "Dreigende taal bij de deur."),
    "acuut-geweld": ("Vechtpartij op straat.", "Geschreeuw en klappen in de woning."),
    "acuut-crimineel-feit": ("Inbraak bezig in de schuur.", "Auto wordt opengebroken."),
    "financieel-huurachterstand": ("",),
}

# How the triage of a new case goes, by weight: the partners say nothing within the deadline
# (silence counts as consent), all say akkoord, or one objects and the wijkteamoverleg decides.
TRIAGE_PATHS = {"silence": 72, "agreed": 14, "objection": 14}
# Objections raised in the triage, with the kind of partner the objector would rather see lead.
OBJECTIONS = (
    ("Eerst een gesprek met de bewoner; dit is geen zaak voor de politie.", K.WELZIJN),
    ("Dit is openbare ruimte: de gemeente gaat erover.", K.GEMEENTE),
    ("Huurder van de corporatie: laat de wijkconsulent het oppakken.", K.CORPORATIE),
    ("Er spelen zorgen om de bewoner; Veens kent het gezin al.", K.WELZIJN),
    ("Herhaalde overlast met dreiging: de wijkagent gaat eerst langs.", K.POLITIE),
)
# How often the wijkteamoverleg follows the objection (else the proposal stands).
OBJECTION_FOLLOWED = 0.6
MEETING_WEEKDAY = 1  # Tuesday, the teams' usual day

# Calendar days from the agreed lead to the case handled, by main category: (least, most), most
# cases near the least (a triangular spread). The response targets count from the signal:
# 1 (acuut), 3 (onveiligheid, zorg), 5 (the rest) and 10 (arrears) working days.
HANDLING_DAYS = {
    "overlast": (1, 16),
    "vervuiling": (1, 12),
    "vernieling": (1, 12),
    "onveiligheid": (0.5, 9),
    "zorg": (0.5, 10),
    "acuut": (0.1, 2),
    "financieel": (2, 25),
}
# How each team works: a factor on its handling days, and the share of reporters who say they
# are satisfied when asked.
TEAM_PACE = {
    "WK034500": 1.2,
    "WK034501": 1.0,
    "WK034502": 0.8,
    "WK034503": 1.1,
    "WK034504": 1.3,
    "WK034505": 0.9,
}
SATISFIED = {
    "WK034500": 0.68,
    "WK034501": 0.80,
    "WK034502": 0.78,
    "WK034503": 0.82,
    "WK034504": 0.64,
    "WK034505": 0.75,
}
# Of the residents who reported online, the share that answers "Bent u tevreden?".
FEEDBACK_SHARE = 0.4
# Of the answers "nee", the share after which the lead reopens the case (else it answers).
REOPEN_SHARE = 0.4
LEAD_ANSWERS = (
    "We hebben het opnieuw bekeken; de situatie is volgens ons opgelost. Laat het ons weten "
    "als het terugkomt.",
    "Dank voor uw reactie. We houden de plek in de gaten tijdens onze ronde.",
)
REOPEN_REASONS = (
    "De melder laat weten dat het probleem terug is.",
    "Nog niet opgelost volgens de melder; we gaan opnieuw langs.",
)


def month_start(today: date, months_ago: int) -> date:
    """The first day of the month ``months_ago`` months before ``today``'s month."""
    index = today.year * 12 + today.month - 1 - months_ago
    return date(index // 12, index % 12 + 1, 1)


def cleaning_round_start(today: date) -> date:
    """When the "Extra schoonmaakronde" in Engelenburg and Petenbos started: the first day of
    the month CLEANING_ROUND_MONTHS_AGO months before ``today`` (the demo's measure)."""
    return month_start(today, CLEANING_ROUND_MONTHS_AGO)


def monthly_level(
    *, district: str, neighbourhood: str, inhabitants: int, main: str, month: date, today: date
) -> float:
    """The signals a buurt gets in ``month`` (a whole month) of main category ``main``."""
    season = SEASON[main][month.month - 1]
    story = VERVUILING_STORY.get(neighbourhood) if main == "vervuiling" else None
    if story:
        before, after = story
        level = after if month >= cleaning_round_start(today) else before
        return level * (1 + (season - 1) * STORY_SEASON_DAMPING)
    per_thousand = LEVELS[district][MAIN_CATEGORIES.index(main)]
    emphasis = BUURT_EMPHASIS.get((neighbourhood, main), 1.0)
    return per_thousand * inhabitants / 1000 * emphasis * season
