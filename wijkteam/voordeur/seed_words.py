"""The words residents use for each category the Voordeur starts with, and the categories on the
start page. A data migration creates them for the categories that have none yet; after that,
functional admins edit them in Beheer. Plain data only, for the migration's historical models.
The acute categories have none: their door is 112."""

# Per category code: (keywords, example phrases). Keywords one a line or separated by commas.
CATEGORY_WORDS: dict[str, tuple[str, str]] = {
    "overlast-geluid": (
        """
        geluid, geluiden, geluidsoverlast, geluidoverlast, lawaai, lawaaiig, herrie, kabaal
        teringherrie, takkeherrie, harde muziek, muziek, keiharde muziek, bas, bassen, dreun
        dreunt, dreunen, feest, feesten, feestje, feestjes, party, partys, fuif, speakers
        stampen, stampt, gestamp, bonken, bonkt, gebonk, klussen, geklus, schreeuwen, geschreeuw
        gillen, gegil, gekrijs, herrieschoppers, geluid buren, nachtrust, wakker, slapen
        kan niet slapen, houden me wakker, s nachts, nacht, tot laat, deuren slaan, dichtslaan
        noise, noisy, loud, loud music, too loud, te hard, hard, volume, tv hard, radio
        """,
        """
        de buren maken elke nacht herrie
        harde muziek van de bovenburen tot diep in de nacht
        lawaai van feestjes in het weekend
        de onderburen draaien keiharde muziek
        ik kan niet slapen door het lawaai van de buren
        noisy neighbours keep me awake
        """,
    ),
    "overlast-burenruzie": (
        """
        ruzie, ruzies, burenruzie, burenconflict, ruzie met buren, conflict, onenigheid
        gedoe met de buren, problemen met buren, bonje, gezeik, gezeur
        bedreigen, bedreigt, bedreigd, bedreiging, dreigen, dreigt, intimidatie, intimideren
        intimideert, geintimideerd, schelden, scheldt, uitschelden, uitgescholden, scheldpartij
        pesten, pest, gepest, treiteren, treitert, getreiter, sarren, naroepen, spugen
        slopen, kapotmaken, wraak, haat, discriminatie, racisme, uitgemaakt voor
        harassment, harassing, harass, threatening, threats, neighbour dispute, quarrel, argue
        buurtbemiddeling, bemiddeling, bemiddelaar
        """,
        """
        ik heb ruzie met mijn buren
        de buurman bedreigt mij
        de buurvrouw scheldt ons steeds uit
        conflict met de buren over de schutting
        mijn buren maken ons het leven zuur
        """,
    ),
    "overlast-huis-tuin": (
        """
        ratten, rat, muizen, muis, ongedierte, kakkerlakken, kakkerlak, vlooien, wespen
        wespennest, zilvervisjes, bedwantsen, vermin, rats, mice, cockroaches
        tuin, achtertuin, voortuin, onkruid, overwoekerd, woekert, overhangende takken, takken
        heg, haag, struiken, bomen buren, schutting, hek, rommel in de tuin, troep in de tuin
        spullen in de tuin, oude spullen, autowrakken, wrakken, schroot, oude auto, caravan
        tuin niet bijhouden, bijhouden, verwilderd, verwaarloosde tuin, garden, overgrown
        """,
        """
        de tuin van de buren staat vol rommel
        er lopen ratten in de tuin naast ons
        de heg van de buren groeit over de schutting
        ongedierte komt uit het huis van de buren
        de buren laten hun tuin verwilderen
        """,
    ),
    "overlast-jongeren": (
        """
        jongeren, jongere, hangjongeren, hangjeugd, jeugd, jongens, meiden, pubers, kids
        groepjes, groep, groep jongeren, hangplek, hangen, hangt, rondhangen, hangen rond
        youngsters, teenagers, youths, young people, kids hanging
        scooters, scooter, brommers, brommer, racen, scheuren, crossen, vuurwerk, knallen
        blowen, joints, jointjes, jongerenoverlast, baldadig, baldadigheid, straatjongeren
        """,
        """
        hangjongeren bij het winkelcentrum
        een groep jongeren hangt elke avond bij de bankjes
        jongens racen met scooters door de straat
        jongeren maken overlast bij het speelveld
        youths hanging around at night
        """,
    ),
    "overlast-dieren": (
        """
        hond, honden, blaffen, blaft, blaffende, geblaf, janken, jankt, hondenpoep, poep
        uitwerpselen, drollen, dog, dogs, barking, barks, kat, katten, poes, cat, cats
        duiven, duivenpoep, meeuwen, kippen, haan, kraait, kraaien, dieren, huisdieren, dier
        agressieve hond, bijt, gebeten, aangelijnd, niet aangelijnd, voeren, voert, vogels
        """,
        """
        de hond van de buren blaft de hele dag
        overal hondenpoep op de stoep
        de kat van de buren poept in mijn tuin
        de buurman voert de duiven
        de honden van de buren zijn niet aangelijnd
        """,
    ),
    "overlast-stank-rook": (
        """
        stank, stinkt, stinken, stankoverlast, lucht, vieze lucht, luchtje, geur, geuren
        ruikt, ruiken, smell, smells, smelly, stinks, stench, odour
        rook, roken, rookt, rookoverlast, houtrook, houtkachel, open haard, stoken, stookt
        barbecue, bbq, smoke, smoking, wiet roken, rook komt binnen
        """,
        """
        er komt stank uit de woning van de buren
        de buren stoken hun houtkachel en het stinkt
        rook van de barbecue komt ons huis in
        het stinkt in het trappenhuis
        de buurman rookt en de rook komt bij ons binnen
        """,
    ),
    "vervuiling-zwerfafval": (
        """
        zwerfafval, afval, afval op straat, troep, rotzooi, rommel op straat, vuil op straat
        litter, littering, rubbish, trash, garbage, waste, dumpen, gedumpt, dumpt, dumping
        illegaal afval, illegale dump, grofvuil, matras, matrassen, bank gedumpt, meubels
        vuilniszakken, vuilniszak, zakken afval, blikjes, flesjes, plastic, papier, peuken
        glas op straat, naast de container, bij de container, weggegooid, rondslingeren
        """,
        """
        zwerfafval in het park
        er is afval gedumpt langs de weg
        vuilniszakken naast de container
        overal troep op straat
        rubbish dumped in the street
        """,
    ),
    "vervuiling-portiek": (
        """
        vies, vieze, smerig, smerige, vuil, vuile, vuilnis, vervuild portiek, niet schoon, goor
        schoonmaak, schoonmaken, schoongemaakt, schoonmaker, poetsen
        plassen, geplast, plast, urine, pis, gepist, poep in de lift, braaksel, kots
        portiek vies, trappenhuis vies, stairwell, dirty, filthy, hallway dirty
        """,
        """
        het portiek is heel vies
        het trappenhuis wordt nooit schoongemaakt
        de galerij ligt vol troep
        iemand plast in de lift
        de gang bij de bergingen is smerig
        """,
    ),
    "vervuiling-woning-tuin": (
        """
        vervuild, vervuilde woning, vervuiling, vuilnisbelt, hoarder, verzamelt, verzamelen
        verzamelwoede, afval in huis, afval in de tuin, vuilniszakken in de tuin
        huis vol afval, huis vol rommel, vuile woning, vieze woning, zwijnenstal, stort
        full of garbage, house full of rubbish, dirty house
        """,
        """
        de woning van de buurman is ernstig vervuild
        de buurvrouw verzamelt afval in huis
        de tuin van de buren ligt vol vuilniszakken
        het huis van de buren is een vuilnisbelt
        """,
    ),
    "vervuiling-graffiti": (
        """
        graffiti, graffity, bekladding, beklad, bekladden, klad, tags, tag, getagd, gespoten
        spuiten, spuitbus, spuitbussen, spray, sprayen, gespraid, spray paint, kalken
        kalkerij, gekalkt, tekeningen op de muur, gekliederd, kliederen, tekst op de muur
        """,
        """
        graffiti op de muur van de school
        er zijn tags op onze gevel gespoten
        bekladding op het bushokje
        """,
    ),
    "vernieling-complex": (
        """
        vernield, vernielen, vernieling, vernielingen, vandalisme, vandalen, vandaal
        kapot gemaakt, kapotgemaakt, kapot getrapt, ingetrapt, ingegooid, ingeslagen
        geforceerd, opengebroken, gesloopt, sloopt, slopen, beschadigd, bekrast
        vernieling complex, vernieling flat, vandalism in building, damaged
        brievenbussen, fietsenkelder, voordeur flat, centrale hal, deurdranger
        """,
        """
        de brievenbussen in de hal zijn vernield
        de deur van de flat is kapot getrapt
        iemand heeft de ruiten in het trappenhuis ingegooid
        vandalisme in ons complex
        de lift in de flat is vernield
        de galerij en het portiek zijn beschadigd
        """,
    ),
    "vernieling-openbare-ruimte": (
        """
        vernield, vernielen, vernieling, vernielingen, vandalisme, vandalen, vandaal
        kapot gemaakt, kapotgemaakt, stuk gemaakt, ingegooid, gesloopt, opgeblazen, gebroken
        bankje, bankjes, speeltuin, speeltoestel, speeltoestellen, schommel, glijbaan
        bushokje, bushalte, abri, prullenbak, afvalbak, verkeersbord, bord, hek, hekwerk
        jonge bomen, plantsoen, park, straatmeubilair, vandalism, broken, destroyed
        """,
        """
        het bankje in het park is vernield
        het speeltoestel is kapot gemaakt
        vandalen hebben het bushokje ingegooid
        vernieling op straat
        """,
    ),
    "onveiligheid-plek": (
        """
        onveilig, onveilige, onveilige plek, niet veilig, veilig, eng, enge, donker, donkere
        verlaten, duister, griezelig, angstig, bang, durf niet, durven, onprettig
        tunnel, tunneltje, steeg, steegje, pad, paadje, fietspad, onderdoorgang, parkje
        unsafe, not safe, dark, scary, underpass, alley
        """,
        """
        ik voel me niet veilig op dat donkere pad
        het tunneltje is 's avonds eng
        ik durf daar 's avonds niet langs
        """,
    ),
    "onveiligheid-brandgevaar": (
        """
        brandveilig, brandveiligheid, vluchtweg, vluchtroute, nooduitgang, branddeur
        geblokkeerd, blokkeren, blokkeert, versperd, spullen in het trappenhuis
        spullen in de gang, opslag, opslaan, gasflessen, gasfles, gevaarlijke stoffen
        scootmobiel, opladen, accu, brandblusser, rookmelder, fire hazard, fire exit, blocked
        """,
        """
        er staan spullen in het trappenhuis die de vluchtweg blokkeren
        de buurman slaat gasflessen op in de berging
        fire hazard in the stairwell
        de nooduitgang is versperd
        """,
    ),
    "onveiligheid-drugs": (
        """
        drugs, drug, dealen, deal, dealt, gedeald, dealer, dealers, drugsdealer, drugshandel
        dealing, drugsoverlast, drugsgebruik, hennep, hennepkwekerij, hennepplantage
        wietplantage, wietkwekerij, wiet, weed, kwekerij, coke, cocaine, heroine, xtc, pillen
        junks, junk, junkie, junkies, gebruikers, spuiten, naalden, drugsafval, drugspand
        aanloop, veel aanloop, ramen afgeplakt, bolletjes, verkopen, verkocht, verkoopt
        """,
        """
        er wordt gedeald bij de speeltuin
        ik denk dat de buren een hennepkwekerij hebben
        junks in het portiek
        drug dealing on the corner
        """,
    ),
    "onveiligheid-criminaliteit": (
        """
        crimineel, criminelen, criminaliteit, verdacht, verdachte, verdachte personen
        vermoeden, vermoed, gestolen spullen, witwassen, ondermijning, suspicious, crime
        criminal, niet pluis, klopt niet, af en aan, busjes, illegaal, illegale, zwart geld
        fraude, smokkel, wapens, gokken
        """,
        """
        verdachte personen bij de garages
        ik vermoed dat de buurman gestolen spullen verkoopt
        er klopt iets niet, steeds andere auto's voor de deur
        """,
    ),
    "onveiligheid-woonfraude": (
        """
        woonfraude, onderhuur, onderhuurder, doorverhuren, doorverhuurd, verhuurt door
        verhuurt, verhuren, woont er niet, woont niet, woont ergens anders, woont niet meer
        airbnb, sublet, sublets, subletting, te veel mensen, veel mensen in een woning
        kamerverhuur, leegstand, staat leeg, huisjesmelker, inschrijving
        """,
        """
        de huurder woont er niet en verhuurt de woning door
        er wonen steeds andere mensen in de woning
        someone sublets their flat
        """,
    ),
    "zorg-verward-gedrag": (
        """
        verward, verwarde, verward gedrag, in de war, raar, raar gedrag, doet raar, vreemd
        psychisch, psychische, psychose, paranoide, achtervolgingswaan, waanbeelden
        dementie, dement, dementerend, vergeetachtig, praat tegen zichzelf, hoort stemmen
        onrustig, zorgen om, confused, mental, mentally ill
        """,
        """
        de buurman gedraagt zich verward
        een vrouw loopt in de war over straat
        ik maak me zorgen, de buurman doet heel raar
        """,
    ),
    "zorg-verwaarlozing": (
        """
        verwaarloost, verwaarlozing, verwaarloosde, zorgt niet voor zichzelf, eet niet
        wast zich niet, vieze kleren, post stapelt, brievenbus vol, komt niet buiten
        komt de deur niet uit, zelfverwaarlozing, zichzelf, neglect, neglecting, zorgen om
        hulp nodig, afgevallen, mager, ziek
        """,
        """
        de buurman verwaarloost zichzelf
        de oude buurvrouw eet niet meer goed
        ik maak me zorgen, ik zie hem nooit meer buiten
        """,
    ),
    "zorg-eenzaamheid": (
        """
        eenzaam, eenzame, eenzaamheid, alleen, alleen thuis, helemaal alleen, geen bezoek
        nooit bezoek, lonely, loneliness, alone, niemand om mee te praten, sociaal isolement
        geisoleerd, ouderen, oudere, weduwe, weduwnaar, geen contact, praatje, gezelschap
        """,
        """
        mijn buurvrouw is erg eenzaam
        de oudere buurman krijgt nooit bezoek
        ik voel me zo alleen
        """,
    ),
}

# The categories residents ask about most, in this order, as buttons on the start page.
START_PAGE = (
    "overlast-geluid",
    "vervuiling-zwerfafval",
    "overlast-jongeren",
    "overlast-burenruzie",
    "vernieling-openbare-ruimte",
    "onveiligheid-drugs",
)


def seed_search_words(category_model, words_model) -> int:
    """Create the words of the seed categories that have none yet; words functional admins
    edited are left alone. Takes the model classes, for the data migration. Returns how many
    were created."""
    created = 0
    for category in category_model.objects.filter(slug__in=CATEGORY_WORDS):
        keywords, phrases = CATEGORY_WORDS[category.slug]
        position = START_PAGE.index(category.slug) + 1 if category.slug in START_PAGE else None
        _, made = words_model.objects.get_or_create(
            category=category,
            defaults={
                "keywords": _lines(keywords),
                "phrases": _lines(phrases),
                "start_page_position": position,
            },
        )
        created += made
    return created


def seed_doors(door_model) -> int:
    """Create the seed doors that do not exist yet (by code). Returns how many."""
    from wijkteam.voordeur.seed_doors import DOORS

    created = 0
    for door in DOORS:
        fields = {**door, "keywords": _lines(door["keywords"]), "phrases": _lines(door["phrases"])}
        _, made = door_model.objects.get_or_create(slug=door["slug"], defaults=fields)
        created += made
    return created


def _lines(text: str) -> str:
    """The seed's indented block as the admin's text field holds it: one line each."""
    return "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())
