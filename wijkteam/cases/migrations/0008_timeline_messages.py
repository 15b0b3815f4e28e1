"""Store the timeline lines written before as messages, so that they read in the reader's
language. Lines that match no known wording (remarks, notes) stay as they were written."""

from django.db import migrations

LEAD = {"lead": "text"}
WITH_REASON = ("%(line)s Reden: %(reason)s", {"line": "line"})
# The wordings of the lines the services wrote up to this migration, per kind of line
# (frozen here: later changes to the services must not change what this migration does).
PATTERNS = {
    "opened": [
        ("Casus geopend met melding %(signal)s (%(category)s).", {"category": "category"}),
        ("Casus afgesplitst van %(case)s met meldingen %(signals)s. Reden: %(reason)s", {}),
    ],
    "signal_added": [
        (
            "Melding %(signal)s toegevoegd (%(category)s, %(channel)s); %(count)s meldingen "
            "in deze casus.",
            {"category": "category", "channel": "label"},
        ),
    ],
    "signal_moved": [
        ("Melding %(signal)s verplaatst naar %(target)s. Reden: %(reason)s", {}),
        ("Melding %(signal)s overgenomen van %(case)s. Reden: %(reason)s", {}),
    ],
    "merged": [
        ("Samengevoegd met %(target)s. Reden: %(reason)s", {}),
        ("%(case)s is hierbij gevoegd (meldingen %(signals)s). Reden: %(reason)s", {}),
    ],
    "split": [
        ("Meldingen %(signals)s zijn een eigen casus geworden: %(new)s. Reden: %(reason)s", {}),
    ],
    "proposed": [
        (
            "Voorstel: %(lead)s eerste reactie%(involved)s. %(reasons)s Reageren kan tot "
            "%(deadline)s.",
            {"involved": "involved", "deadline": "moment"},
        ),
        (
            "%(lead)s is direct eerste reactie (spoed)%(involved)s. %(reasons)s Opmerkingen "
            "kunnen tot %(deadline)s.",
            {"involved": "involved", "deadline": "moment"},
        ),
    ],
    "responded": [
        WITH_REASON,
        (
            "%(organisation)s wijzigt de reactie van '%(before)s' in '%(after)s'.",
            {"before": "label", "after": "label"},
        ),
        ("%(organisation)s: %(after)s.", {"after": "label"}),
    ],
    "silence": [
        ("Termijn verstreken. Geen reactie van %(names)s: telt als akkoord.", {}),
        ("Termijn verstreken. Geen opmerking van %(names)s.", {}),
    ],
    "agreed": [
        ("Alle partners akkoord: %(lead)s is eerste reactie.", LEAD),
        ("Termijn verstreken zonder bezwaar: %(lead)s is eerste reactie.", LEAD),
        (
            "Vertrouwelijke casus: %(lead)s (bron) is eerste reactie; de casus wordt niet aan "
            "het wijkteam voorgelegd.",
            LEAD,
        ),
    ],
    "escalated": [
        (
            "Bezwaar of tegenvoorstel van %(names)s niet opgelost binnen de termijn: te "
            "bespreken in het wijkteamoverleg.",
            {},
        ),
        ("%(why)s Te bespreken in het wijkteamoverleg.", {"why": "label"}),
    ],
    "decided": [
        (
            "Besluit wijkteamoverleg: %(lead)s is eerste reactie%(involved)s. Onderbouwing: "
            "%(reasoning)s",
            {"involved": "involved"},
        ),
    ],
    "urgent": [("Spoed: %(lead)s is direct eerste reactie.", LEAD)],
    "summary": [("Samenvatting bijgewerkt.", {})],
    "status": [
        WITH_REASON,
        ("Status: %(before)s → %(after)s.", {"before": "label", "after": "label"}),
    ],
    "resolved": [
        (
            "Afgehandeld, uitkomst: %(outcome)s. Bericht aan de melders: %(message)s",
            {"outcome": "label"},
        ),
    ],
    "closed": [("Casus gesloten.", {})],
    "reopened": [("Heropend. Reden: %(reason)s", {})],
    "feedback": [
        ("%(line)s Toelichting: %(comment)s", {"line": "line"}),
        ("Een melder is tevreden over de afhandeling.", {}),
        ("Een melder is niet tevreden over de afhandeling.", {}),
    ],
    "answered": [("Antwoord aan de melder: %(message)s", {})],
    "document": [
        ("Document toegevoegd: %(name)s", {}),
        ("Document verwijderd: %(name)s", {}),
    ],
    "action": [
        ("Afspraak: %(description)s – %(owner)s, uiterlijk %(due)s.", {"due": "day"}),
        ("Afspraak gedaan: %(description)s. Resultaat: %(result)s", {}),
    ],
}
REMOVED = "[verwijderd na de bewaartermijn]"


def forwards(apps, schema_editor):
    from wijkteam.core.translation import message_from_dutch

    Category = apps.get_model("signals", "Category")
    english_names = dict(Category.objects.exclude(name_en="").values_list("name", "name_en"))
    CaseEvent = apps.get_model("cases", "CaseEvent")
    events = CaseEvent.objects.filter(message__isnull=True).only("pk", "kind", "text")
    changed = []
    for event in events.iterator(chunk_size=2000):
        if event.text == REMOVED:
            event.message = {"m": REMOVED, "p": {}}
        else:
            patterns = PATTERNS.get(event.kind, [])
            event.message = message_from_dutch(event.text, patterns, english_names)
        if event.message:
            changed.append(event)
        if len(changed) >= 1000:
            CaseEvent.objects.bulk_update(changed, ["message"])
            changed = []
    CaseEvent.objects.bulk_update(changed, ["message"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_event_messages"),
        ("signals", "0013_english_seed_and_event_messages"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
