"""Fill in the English texts of the seed categories, and store the lines of signal histories
written before as messages, so that they read in the reader's language. Lines that match no
known wording (free text, messages a lead wrote) stay as they were written."""

from django.db import migrations

# The wordings of the lines the services wrote up to this migration (frozen here: later
# changes to the services must not change what this migration does).
TEXT_PATTERNS = [
    ("%(line)s Toelichting: %(comment)s", {"line": "line"}),
    ("Melding ontvangen (%(channel)s).", {"channel": "label"}),
    ("Nog een bewoner meldt hetzelfde probleem.", {}),
    ("Status voor de melder: %(status)s.", {"status": "label"}),
    ("Antwoord aan de melder.", {}),
    ("Een melder is tevreden over de afhandeling.", {}),
    ("Een melder is niet tevreden over de afhandeling.", {}),
    (
        "Naam, adres en achterstand doorgegeven aan schuldhulp van %(gemeente)s "
        "(wijkteam %(team)s).",
        {},
    ),
    ("Opgepakt door schuldhulp van %(gemeente)s.", {}),
]
PUBLIC_PATTERNS = [
    ("%(line)s Bedankt voor uw reactie.", {"line": "line"}),
    ("U liet weten dat u %(answer)s bent over de afhandeling.", {"answer": "label"}),
    ("Uw melding is ontvangen. Het wijkteam bekijkt wie hem oppakt.", {}),
    (
        "U meldt hetzelfde probleem als een eerdere melder. Uw melding is bij die melding gevoegd.",
        {},
    ),
    ("Uw melding wordt opnieuw bekeken.", {}),
    ("Uw melding is in behandeling bij %(organisation)s.", {}),
    ("Uw melding is in behandeling.", {}),
]
# Free text the retention run left in place of removed text.
REMOVED = "[verwijderd na de bewaartermijn]"
# Kinds whose public text is the lead's own message, never a wording of ours.
PUBLIC_FREE_TEXT_KINDS = ("message",)


def forwards(apps, schema_editor):
    from wijkteam.core.translation import message_from_dutch
    from wijkteam.signals.category_seed import seed_english

    seed_english(apps.get_model("signals", "Category"))
    removed = {"m": REMOVED, "p": {}}
    SignalEvent = apps.get_model("signals", "SignalEvent")
    events = SignalEvent.objects.filter(message__isnull=True, public_message__isnull=True)
    changed = []
    for event in events.only("pk", "kind", "text", "public_text").iterator(chunk_size=2000):
        if event.text == REMOVED:
            event.message = removed
        else:
            event.message = message_from_dutch(event.text, TEXT_PATTERNS)
        event.public_message = None
        if event.public_text == REMOVED:
            event.public_message = removed
        elif event.public_text and event.kind not in PUBLIC_FREE_TEXT_KINDS:
            event.public_message = message_from_dutch(event.public_text, PUBLIC_PATTERNS)
        if event.message or event.public_message:
            changed.append(event)
        if len(changed) >= 1000:
            SignalEvent.objects.bulk_update(changed, ["message", "public_message"])
            changed = []
    SignalEvent.objects.bulk_update(changed, ["message", "public_message"])


class Migration(migrations.Migration):
    dependencies = [("signals", "0012_english_texts_and_event_messages")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
