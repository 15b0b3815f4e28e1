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

# Categories whose open signals are offered to residents as "Is dit hetzelfde probleem?"
# (migration 0015 for existing ones, seed_categories for those it creates): a spot in public
# space in which no person figures. Not youth nuisance, although it is about a spot: it is
# about people. The rule also wants sensitivity "team" (Category.offers_same_problem), which
# the unsafe place does not have in this seed.
SAME_PROBLEM_OFFERED = (
    "vervuiling-zwerfafval",
    "vervuiling-graffiti",
    "vernieling-openbare-ruimte",
    "onveiligheid-plek",
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
    # A switch added after the first migration is set only where the (historical) model has it.
    with_join_switch = any(
        field.name == "residents_may_join" for field in category_model._meta.get_fields()
    )
    created = 0
    for main_fields, children in seed_rows():
        main, made = category_model.objects.get_or_create(
            slug=main_fields["slug"], defaults=main_fields
        )
        created += made
        for child in children:
            defaults = {**child, "parent": main}
            if with_join_switch:
                defaults["residents_may_join"] = child["slug"] in SAME_PROBLEM_OFFERED
            _, made = category_model.objects.get_or_create(slug=child["slug"], defaults=defaults)
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


# The English version of the seed's texts (migration 0013 and the demo fill them in where they
# are still empty). Kept apart from MAIN_CATEGORIES because migration 0002 creates categories
# with a historical model that has no English fields. Per slug: name, public name, help text
# and lead note; subcategories take their main category's lead note unless they have their own.
ENGLISH: dict[str, tuple[str, str, str, str]] = {
    "overlast": (
        "Nuisance",
        "Nuisance from neighbours or others",
        "For example noise, quarrels, smells or nuisance from young people.",
        "The corporation when a tenant is involved, otherwise neighbourhood mediation.",
    ),
    "overlast-geluid": ("Noise", "Noise nuisance (loud music, parties, din)", "", ""),
    "overlast-burenruzie": (
        "Neighbour dispute or intimidation",
        "A quarrel with or threats from neighbours",
        "",
        "",
    ),
    "overlast-huis-tuin": (
        "House and garden",
        "Nuisance from a home or garden (mess, vermin)",
        "",
        "",
    ),
    "overlast-jongeren": (
        "Youth nuisance",
        "Nuisance from groups of young people",
        "",
        "Veens (youth work) together with the police.",
    ),
    "overlast-dieren": ("Animals", "Nuisance from animals (barking, droppings)", "", ""),
    "overlast-stank-rook": ("Smell or smoke", "Smell or smoke", "", ""),
    "vervuiling": (
        "Pollution",
        "Dirt, rubbish or graffiti",
        "Rubbish in the street, a dirty entrance or graffiti.",
        "The corporation in and around its housing blocks, the municipality in public space.",
    ),
    "vervuiling-zwerfafval": (
        "Litter or dumping",
        "Litter in the street or dumped rubbish",
        "",
        "",
    ),
    "vervuiling-portiek": (
        "Dirty entrance or housing block",
        "Dirty entrance, stairwell or gallery",
        "",
        "",
    ),
    "vervuiling-woning-tuin": ("Dirty home or garden", "Dirty home or garden", "", ""),
    "vervuiling-graffiti": ("Graffiti", "Graffiti or defacement", "", ""),
    "vernieling": (
        "Vandalism",
        "Something has been broken",
        "Vandalism in a housing block or in the street.",
        "",
    ),
    "vernieling-complex": (
        "Vandalism in a housing block",
        "Vandalism in or on a housing block",
        "",
        "",
    ),
    "vernieling-openbare-ruimte": (
        "Vandalism in public space",
        "Vandalism in the street, a park or a playground",
        "",
        "",
    ),
    "onveiligheid": (
        "Unsafety",
        "An unsafe situation",
        "A place that feels unsafe, a fire hazard or a suspicion of crime.",
        "",
    ),
    "onveiligheid-plek": (
        "Unsafe place",
        "A place that feels unsafe (dark, deserted)",
        "",
        "",
    ),
    "onveiligheid-brandgevaar": (
        "Fire hazard",
        "Fire hazard (things in the stairwell, dangerous storage)",
        "",
        "",
    ),
    "onveiligheid-drugs": (
        "Drugs or cannabis",
        "Drug dealing or a cannabis farm (suspected)",
        "",
        "",
    ),
    "onveiligheid-criminaliteit": ("Crime (suspected)", "Suspected crime", "", ""),
    "onveiligheid-woonfraude": (
        "Housing fraud or illegal subletting",
        "Someone does not really live there, or sublets",
        "",
        "",
    ),
    "zorg": (
        "Care",
        "Worried about a resident",
        "You are worried about someone: confused, lonely or neglected.",
        "Veens, with care partners where needed.",
    ),
    "zorg-verward-gedrag": ("Confused behaviour", "Someone behaves confusedly", "", ""),
    "zorg-verwaarlozing": ("Neglect", "Someone neglects themselves or their home", "", ""),
    "zorg-eenzaamheid": ("Loneliness", "Someone seems very lonely", "", ""),
    "financieel": (
        "Financial",
        "Money worries",
        "Early warning of rent arrears by the corporation.",
        "The corporation, then the municipality's debt help (after the four steps of art. 2).",
    ),
    "financieel-huurachterstand": ("Rent arrears (early warning)", "Rent arrears", "", ""),
    "acuut": (
        "Acute",
        "Acute danger",
        "In an emergency: call 112. Do not use this form for emergencies.",
        "The police, at once; the other partners are informed.",
    ),
    "acuut-dreiging": ("Threat", "Threat", "", ""),
    "acuut-geweld": ("Violence", "Violence", "", ""),
    "acuut-crimineel-feit": ("Crime now", "A crime happening now", "", ""),
}


def seed_english(category_model) -> int:
    """Fill in the English texts of the seed categories where they are still empty and the
    Dutch is still the seed's (an admin who renamed a category, or wrote the English, is left
    alone). Takes the model class, for the data migration. Returns how many changed."""
    dutch = {
        fields["slug"]: fields for main, children in seed_rows() for fields in (main, *children)
    }
    names = ("name", "public_name", "help_text", "lead_note")
    changed = 0
    for category in category_model.objects.filter(slug__in=ENGLISH).select_related("parent"):
        texts = list(ENGLISH[category.slug])
        if not texts[3] and category.parent_id and category.parent.slug in ENGLISH:
            texts[3] = ENGLISH[category.parent.slug][3]
        updates = {
            f"{name}_en": text
            for name, text in zip(names, texts, strict=True)
            if text
            and not getattr(category, f"{name}_en")
            and getattr(category, name) == dutch[category.slug].get(name, "")
        }
        if updates:
            category_model.objects.filter(pk=category.pk).update(**updates)
            changed += 1
    return changed
