"""The categories Wijkteam starts with (DESIGN §5). A data migration creates the ones that do not
exist yet; after that, functional admins edit them in the admin. Plain data only, so that the
migration can use it with historical models."""

TEAM, CASE_PARTNERS, CONFIDENTIAL = "team", "case_partners", "confidential"

MAIN_CATEGORIES = [
    {
        "slug": "overlast",
        "name": "Overlast",
        "public_name": "Overlast van buren of anderen",
        "help_text": "Bijvoorbeeld geluid, ruzie, stank of overlast van jongeren.",
        "sensitivity": TEAM,
        "default_lead_kind": "corporatie",
        "lead_kind_if_not_tenant": "buurtbemiddeling",
        "lead_note": "Corporatie als het een huurder betreft, anders buurtbemiddeling.",
        "response_days": 5,
        "children": [
            ("overlast-geluid", "Geluid", "Geluidsoverlast (harde muziek, feesten, lawaai)", {}),
            (
                "overlast-burenruzie",
                "Burenruzie of intimidatie",
                "Ruzie met of bedreiging door buren",
                {},
            ),
            (
                "overlast-huis-tuin",
                "Huis en tuin",
                "Overlast van een woning of tuin (rommel, ongedierte)",
                {},
            ),
            (
                "overlast-jongeren",
                "Jongerenoverlast",
                "Overlast van groepen jongeren",
                {
                    "default_lead_kind": "welzijn",
                    "lead_kind_if_not_tenant": "",
                    "lead_note": "Veens (jongerenwerk) samen met de politie.",
                    "is_public_space": True,
                },
            ),
            ("overlast-dieren", "Dieren", "Overlast van dieren (blaffen, uitwerpselen)", {}),
            ("overlast-stank-rook", "Stank of rook", "Stank of rook", {}),
        ],
    },
    {
        "slug": "vervuiling",
        "name": "Vervuiling",
        "public_name": "Vuil, afval of graffiti",
        "help_text": "Afval op straat, een vieze portiek of graffiti.",
        "sensitivity": TEAM,
        "default_lead_kind": "corporatie",
        "lead_note": "Corporatie in en rond haar complexen, gemeente in de openbare ruimte.",
        "response_days": 5,
        "children": [
            (
                "vervuiling-zwerfafval",
                "Zwerfafval of dumping",
                "Afval op straat of gedumpt afval",
                {"default_lead_kind": "gemeente", "is_public_space": True},
            ),
            (
                "vervuiling-portiek",
                "Vervuild portiek of complex",
                "Vieze portiek, trappenhuis of galerij",
                {},
            ),
            ("vervuiling-woning-tuin", "Vervuilde woning of tuin", "Vervuilde woning of tuin", {}),
            (
                "vervuiling-graffiti",
                "Graffiti",
                "Graffiti of bekladding",
                {"default_lead_kind": "gemeente", "is_public_space": True},
            ),
        ],
    },
    {
        "slug": "vernieling",
        "name": "Vernieling",
        "public_name": "Iets is kapotgemaakt",
        "help_text": "Vernieling in een wooncomplex of op straat.",
        "sensitivity": TEAM,
        "default_lead_kind": "corporatie",
        "response_days": 5,
        "children": [
            (
                "vernieling-complex",
                "Vernieling complex",
                "Vernieling in of aan een wooncomplex",
                {},
            ),
            (
                "vernieling-openbare-ruimte",
                "Vernieling openbare ruimte",
                "Vernieling op straat, in een park of speeltuin",
                {"default_lead_kind": "gemeente", "is_public_space": True},
            ),
        ],
    },
    {
        "slug": "onveiligheid",
        "name": "Onveiligheid",
        "public_name": "Een onveilige situatie",
        "help_text": "Een plek die onveilig voelt, brandgevaar of vermoeden van criminaliteit.",
        "sensitivity": CASE_PARTNERS,
        "default_lead_kind": "politie",
        "response_days": 3,
        "children": [
            (
                "onveiligheid-plek",
                "Onveilige plek",
                "Een plek die onveilig voelt (donker, verlaten)",
                {"default_lead_kind": "gemeente", "is_public_space": True},
            ),
            (
                "onveiligheid-brandgevaar",
                "Brandgevaar",
                "Brandgevaar (spullen in het trappenhuis, gevaarlijke opslag)",
                {"default_lead_kind": "corporatie"},
            ),
            (
                "onveiligheid-drugs",
                "Drugs of hennep",
                "Drugshandel of een hennepkwekerij (vermoeden)",
                {},
            ),
            (
                "onveiligheid-criminaliteit",
                "Criminaliteit (vermoeden)",
                "Vermoeden van criminaliteit",
                {},
            ),
            (
                "onveiligheid-woonfraude",
                "Woonfraude of onderhuur",
                "Iemand woont er niet echt, of verhuurt door",
                {"default_lead_kind": "corporatie"},
            ),
        ],
    },
    {
        "slug": "zorg",
        "name": "Zorg",
        "public_name": "Zorgen om een bewoner",
        "help_text": "U maakt zich zorgen om iemand: verward, vereenzaamd of verwaarloosd.",
        "sensitivity": CASE_PARTNERS,
        "default_lead_kind": "welzijn",
        "lead_note": "Veens, met zorgpartners waar nodig.",
        "response_days": 3,
        "children": [
            ("zorg-verward-gedrag", "Verward gedrag", "Iemand gedraagt zich verward", {}),
            (
                "zorg-verwaarlozing",
                "Verwaarlozing",
                "Iemand verwaarloost zichzelf of de woning",
                {},
            ),
            ("zorg-eenzaamheid", "Eenzaamheid", "Iemand lijkt erg eenzaam", {}),
        ],
    },
    {
        "slug": "financieel",
        "name": "Financieel",
        "public_name": "Geldzorgen",
        "help_text": "Vroegsignalering van huurachterstand door de corporatie.",
        "sensitivity": CONFIDENTIAL,
        "default_lead_kind": "corporatie",
        "lead_note": "Corporatie, daarna gemeentelijke schuldhulp (na de vier stappen van art. 2).",
        "residents_may_report": False,
        "response_days": 10,
        "children": [
            ("financieel-huurachterstand", "Huurachterstand (vroegsignaal)", "Huurachterstand", {}),
        ],
    },
    {
        "slug": "acuut",
        "name": "Acuut",
        "public_name": "Acuut gevaar",
        "help_text": "Bij spoed: bel 112. Gebruik dit formulier niet voor noodgevallen.",
        "sensitivity": CASE_PARTNERS,
        "default_lead_kind": "politie",
        "lead_note": "Politie, direct; de andere partners worden geïnformeerd.",
        "is_acute": True,
        "response_days": 1,
        "children": [
            ("acuut-dreiging", "Dreiging", "Dreiging", {}),
            ("acuut-geweld", "Geweld", "Geweld", {}),
            ("acuut-crimineel-feit", "Crimineel feit nu", "Een misdrijf dat nu gebeurt", {}),
        ],
    },
]

INHERITED = (
    "sensitivity",
    "default_lead_kind",
    "lead_kind_if_not_tenant",
    "lead_note",
    "response_days",
    "residents_may_report",
    "is_acute",
    "is_public_space",
)


def seed_rows() -> list[tuple[dict, list[dict]]]:
    """(main category fields, [subcategory fields]) with the inherited defaults filled in."""
    rows = []
    for order, main in enumerate(MAIN_CATEGORIES, start=1):
        main_fields = {key: value for key, value in main.items() if key != "children"}
        main_fields["sort_order"] = order * 10
        children = []
        for child_order, (slug, name, public_name, overrides) in enumerate(main["children"], 1):
            child = {key: main_fields[key] for key in INHERITED if key in main_fields}
            child.update(
                slug=slug,
                name=name,
                public_name=public_name,
                sort_order=child_order,
                help_text="",
            )
            child.update(overrides)
            children.append(child)
        rows.append((main_fields, children))
    return rows


def seed_categories(category_model) -> int:
    """Create the seed categories that do not exist yet (by slug); existing ones, possibly
    edited by functional admins, are left alone. Takes the model class, so that the data
    migration can pass its historical model. Returns how many were created."""
    created = 0
    for main_fields, children in seed_rows():
        main, made = category_model.objects.get_or_create(
            slug=main_fields["slug"], defaults=main_fields
        )
        created += made
        for child in children:
            _, made = category_model.objects.get_or_create(
                slug=child["slug"], defaults={**child, "parent": main}
            )
            created += made
    return created


# Categories whose free text stays after the retention period (migration 0010): reports about
# a spot in public space in which no person figures. Nuisance, care, safety and arrears are
# about people, so their descriptions, notes and messages go. Every category starts with the
# default period (WIJKTEAM_RETENTION_MONTHS); functional admins set another where the partners
# agree on one.
FREE_TEXT_KEPT = (
    "vervuiling-zwerfafval",
    "vervuiling-graffiti",
    "vernieling-openbare-ruimte",
)
