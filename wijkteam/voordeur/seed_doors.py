"""The other doors the Voordeur starts with. A data migration creates the ones that do not exist
yet; after that, functional admins edit them in Beheer. Plain data only, for the migration's
historical models. Phone numbers are the national ones; the corporation's and the gemeente's
own web addresses are left for the admins to fill in."""

DOORS = [
    {
        "slug": "spoed-112",
        "name": "Bel 112: er is nu gevaar",
        "name_en": "Call 112: there is danger now",
        "advice": (
            "Is er nu gevaar voor iemands leven of gezondheid, brand, of een misdrijf dat nu "
            "gebeurt? Bel direct 112. Een melding op deze website wordt niet direct gelezen."
        ),
        "advice_en": (
            "Is someone's life or health in danger now, is there a fire, or a crime happening "
            "now? Call 112 at once. A report on this website is not read straight away."
        ),
        "phone": "112",
        "is_emergency": True,
        "sort_order": 1,
        "keywords": """
            brand, in brand, staat in brand, fire, on fire, vuur, vlammen, vlam, rookwolken
            uitslaande brand, brandweer, rook uit het raam, fire brigade
            mes, messen, met een mes, steekpartij, neergestoken, gestoken, steekt, knife, stabbed
            wapen, wapens, pistool, geweer, gun, schieten, schiet, geschoten, schietpartij
            neergeschoten, shooting, shot
            gewond, gewonde, zwaargewond, verwond, bloed, bloedt, bloedend, injured, bleeding
            bewusteloos, buiten bewustzijn, ademt niet, reanimatie, reanimeren, hartaanval
            onwel, unconscious, not breathing, ambulance
            hij slaat, zij slaat, ze slaan, slaat haar, slaat hem, slaan iemand, in elkaar slaan
            in elkaar geslagen, in elkaar getrapt, beaten up, being beaten, schopt iemand
            vechtpartij, vechten nu, ze vechten, gevecht, knokpartij, fight now, fighting
            inbraak nu, inbrekers, inbreker, wordt ingebroken, nu ingebroken
            inbreken nu, burglary in progress, burglar, burglars, break in now
            overval, overvallen, beroofd, beroving, robbery, robbed, mugged
            valt me aan, aangevallen, aanval, attacked, attacking
            nu bedreigd, bedreigt me nu, dreigt met een mes, bedreigd met, threatened with
            mishandeling op straat, mishandeld nu, mishandeling nu
            gaslucht, gaslek, gas lek, gas ruiken, ruik gas, gas leak, smell gas
            verdrinkt, verdrinken, in het water gevallen, te water, drowning
            springen van, zelfmoord, suicide, wil dood, wil zich van kant maken
            help nu, hulp nodig nu, noodgeval, emergency, 112, levensgevaar, danger now
            reageert niet meer, gevallen en reageert niet, ongeluk, aanrijding met gewonden
            ontvoerd, ontvoering, kidnapped, verkrachting, aanranding, raped
        """,
        "phrases": """
            er staat iemand met een mes voor de deur
            de keuken van de buren staat in brand
            er wordt nu ingebroken bij de buren
            er ligt iemand gewond op straat
            hij slaat zijn vrouw
            there is a fire in the building
        """,
    },
    {
        "slug": "politie-geen-spoed",
        "name": "Politie, geen spoed: 0900-8844",
        "name_en": "Police, no emergency: 0900-8844",
        "advice": (
            "Wilt u aangifte doen, bijvoorbeeld van diefstal, inbraak of oplichting, of de "
            "wijkagent spreken? Bel de politie op 0900-8844 of doe aangifte op politie.nl."
        ),
        "advice_en": (
            "Do you want to report a crime, such as theft, a burglary or fraud, or speak to the "
            "community police officer? Call the police on 0900-8844 or report it on politie.nl."
        ),
        "phone": "0900-8844",
        "link": "https://www.politie.nl/aangifte-of-melding-doen",
        "sort_order": 2,
        "keywords": """
            aangifte, aangifte doen, melding politie, politie, police, report a crime
            gestolen, diefstal, stelen, steelt, stolen, theft, stole, fietsendiefstal
            fiets gestolen, fiets weg, ingebroken, inbraak geweest, inbraak gehad, opengebroken
            opgelicht, oplichting, oplichter, fraude, scam, scammed, phishing, nep
            doorgereden, doorrijden na ongeval, schade aan auto, aangereden
            portemonnee, telefoon gestolen, tas gestolen, scooter gestolen, auto gestolen
            zakkenroller, vernieling aan mijn auto, auto bekrast, bekrast, identiteitsfraude
            wijkagent, politie spreken, geen spoed, non emergency
        """,
        "phrases": """
            mijn fiets is gestolen
            er is vorige week ingebroken in mijn huis
            ik wil aangifte doen van diefstal
        """,
    },
    {
        "slug": "veilig-thuis",
        "name": "Veilig Thuis: 0800-2000",
        "name_en": "Veilig Thuis (Safe at Home): 0800-2000",
        "advice": (
            "Bij huiselijk geweld, kindermishandeling of ouderenmishandeling, of als u dat "
            "vermoedt: bel Veilig Thuis op 0800-2000 (gratis, dag en nacht). U mag anoniem "
            "bellen. Is er nu gevaar? Bel 112."
        ),
        "advice_en": (
            "For domestic violence, child abuse or elder abuse, or if you suspect it: call "
            "Veilig Thuis on 0800-2000 (free, day and night). You may call anonymously. Danger "
            "now? Call 112."
        ),
        "phone": "0800-2000",
        "link": "https://www.veiligthuis.nl",
        "sort_order": 3,
        "keywords": """
            huiselijk geweld, domestic violence, veilig thuis, geweld in huis, geweld thuis
            kindermishandeling, child abuse, kinderen mishandeld, mishandeld, mishandelt
            mishandeling, misbruik, seksueel misbruik, abuse, abused
            ouderenmishandeling, oudermishandeling, elder abuse
            geslagen door, slaat zijn kinderen, slaat de kinderen, klappen, blauwe plekken
            partner bedreigt, bang voor mijn man, bang voor mijn vrouw, bang voor mijn partner
            kinderen verwaarloosd, verwaarlozing kinderen, kinderen alleen thuis
            geld afpakken, pakt geld af, controleert alles, dwingt, loverboy, eergerelateerd
            thuis bedreigd, ex bedreigt, stalkt, stalking
        """,
        "phrases": """
            ik denk dat de kinderen van de buren mishandeld worden
            de buurvrouw wordt door haar man geslagen
            mijn partner bedreigt mij
            mijn zoon pakt geld af van zijn oma
            ik hoor de kinderen van de buren vaak huilen en gillen
        """,
    },
    {
        "slug": "reparatie-corporatie",
        "name": "Reparatieverzoek bij uw woningcorporatie",
        "name_en": "Repair request to your housing corporation",
        "advice": (
            "Huurt u uw woning? Iets kapot in of aan uw woning, zoals een lekkage, de cv, "
            "schimmel, de afvoer of een kapotte lift, meldt u als reparatieverzoek bij uw "
            "woningcorporatie (via haar website of telefoon). Dat gaat niet via het wijkteam."
        ),
        "advice_en": (
            "Do you rent your home? Something broken in or on your home, such as a leak, the "
            "heating, mould, the drain or a broken lift, you report as a repair request to your "
            "housing corporation (on its website or by phone). The wijkteam does not handle it."
        ),
        "sort_order": 4,
        "keywords": """
            lekkage, lekkages, lekt, lek, lekken, daklekkage, leak, leaking, leaks
            water door plafond, waterschade, druppelt, nat
            cv, cv ketel, cvketel, ketel, storing, verwarming, heating, boiler, radiator
            radiatoren, thermostaat, koud in huis, geen verwarming
            geen warm water, warm water, no hot water, douche koud
            schimmel, schimmelt, beschimmeld, mould, mold, mouldy, vocht, vochtig, vochtplekken
            zwarte plekken, condens
            verstopt, verstopping, afvoer, wc verstopt, riool in huis, blocked toilet
            kraan, douche, toilet, wc, gootsteen, badkamer, keuken, bathroom, kitchen
            raam klemt, deur klemt, slot kapot, deurbel, kozijn, kozijnen, tocht, tocht door
            lift doet het niet, lift kapot, lift stuk, lift storing, lift defect
            reparatie, reparatieverzoek, repair, repairs, onderhoud, kapot in huis
            broken in my home, huurwoning, verhuurder, landlord
            plafond, dak lekt, dakgoot, stopcontact, elektra, stroom uit
        """,
        "phrases": """
            lekkage in de badkamer
            de cv-ketel doet het niet
            schimmel op de muur in de slaapkamer
            de lift in onze flat is al dagen kapot
            my heating is not working
        """,
    },
    {
        "slug": "openbare-ruimte-gemeente",
        "name": "Melding openbare ruimte bij de gemeente",
        "name_en": "Report to the municipality: public space",
        "advice": (
            "Kapotte straatverlichting, een gat in de weg, losse stoeptegels, een volle of "
            "kapotte ondergrondse container, een omgevallen boom of een verstopte put: de "
            "gemeente lost dat zelf op. Meld het bij de gemeente (Melding openbare ruimte) of "
            "bel 14 0318."
        ),
        "advice_en": (
            "Broken street lighting, a pothole, loose paving stones, a full or broken "
            "underground container, a fallen tree or a blocked drain: the municipality fixes "
            "that itself. Report it to the municipality (public space report) or call 14 0318."
        ),
        "phone": "14 0318",
        "sort_order": 5,
        "keywords": """
            lantaarnpaal, lantaarnpalen, lantaarn, straatlantaarn, straatverlichting
            verlichting op straat, lamp op straat, straatlamp, brandt niet, lamp uit, lamp kapot
            streetlight, street light, lamppost
            gat in de weg, gat, gaten, kuil, kuilen, wegdek, pothole, hole in the road
            stoeptegel, stoeptegels, losse tegels, losliggende tegels, tegel, stoep kapot
            stoep ligt open, bestrating, verzakt, verzakking, scheve tegels
            container vol, ondergrondse container, afvalcontainer, vuilcontainer, klep
            volle container, container kapot, container zit vast, bin full, full container
            boom, omgevallen boom, takken op de weg, tree, fallen tree, tak afgebroken
            put, kolk, verstopte put, riool, rioolput, wateroverlast, plassen op straat
            gladheid, strooien, verkeerslicht, stoplicht, verkeersbord scheef
            speeltoestel defect, bankje defect, onderhoud straat, gras maaien
        """,
        "phrases": """
            de lantaarnpaal in onze straat is kapot
            er zit een groot gat in de weg
            de ondergrondse container zit vol
            losliggende stoeptegels op de stoep
            de straatlantaarn brandt niet meer
        """,
    },
    {
        "slug": "schuldhulp-gemeente",
        "name": "Hulp bij geldzorgen van de gemeente",
        "name_en": "Help with money worries from the municipality",
        "advice": (
            "Kunt u de huur of rekeningen niet betalen, of heeft u schulden? De gemeente helpt, "
            "gratis en zonder oordeel: bel 14 0318 en vraag naar schuldhulp. Hoe eerder, hoe "
            "beter. Huurt u? Neem ook contact op met uw woningcorporatie."
        ),
        "advice_en": (
            "Can you not pay the rent or your bills, or do you have debts? The municipality "
            "helps, free of charge and without judgement: call 14 0318 and ask for debt help. "
            "The sooner, the better. Renting? Contact your housing corporation too."
        ),
        "phone": "14 0318",
        "sort_order": 6,
        "keywords": """
            schulden, schuld, debt, debts, schuldhulp, schuldhulpverlening, schuldsanering
            geldzorgen, geldproblemen, geldzaken, money problems, money, budgetcoach, budget
            huur niet betalen, huur betalen, kan huur niet, huurachterstand, achterstand
            rent, pay rent, cannot pay, can't pay, cant pay
            rekeningen, rekening, betalen, betalingsachterstand, aanmaning, aanmaningen, incasso
            deurwaarder, bailiff, beslag, beslaglegging, afgesloten, energie afgesloten
            geen geld, geen geld voor eten, voedselbank, rondkomen, krap, minima, toeslagen
        """,
        "phrases": """
            ik kan de huur niet betalen
            ik heb schulden en weet niet wat ik moet doen
            de rekeningen stapelen zich op
            ik heb een achterstand met de energie
            I cannot pay my bills
        """,
    },
]
