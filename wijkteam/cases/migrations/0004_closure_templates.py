"""The first texts of the closure messages, one per outcome; functional admins adapt them."""

from django.db import migrations

TEXTS = {
    "solved": (
        "Het wijkteam heeft uw melding over {onderwerp} opgepakt. Het probleem is nu opgelost.\n\n"
        "Bedankt dat u dit meldde. Ziet u het opnieuw? Doe dan een nieuwe melding."
    ),
    "referred": (
        "Het wijkteam heeft uw melding over {onderwerp} doorgegeven aan de organisatie die "
        "hierover gaat. Die pakt het verder op.\n\n"
        "Bedankt dat u dit meldde."
    ),
    "no_action": (
        "Het wijkteam heeft goed gekeken naar uw melding over {onderwerp}. Helaas kunnen wij "
        "hier op dit moment niets aan doen.\n\n"
        "Bedankt dat u dit meldde. Verandert de situatie? Doe dan een nieuwe melding."
    ),
    "not_ours": (
        "Uw melding over {onderwerp} gaat over iets waar het wijkteam niet over gaat. Daarom "
        "sluiten wij uw melding.\n\n"
        "Weet u niet bij wie u terecht kunt? Bel de gemeente op 14 0318."
    ),
}


def seed(apps, schema_editor):
    ClosureTemplate = apps.get_model("cases", "ClosureTemplate")
    for outcome, text in TEXTS.items():
        ClosureTemplate.objects.get_or_create(outcome=outcome, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_closure_feedback_documents")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
