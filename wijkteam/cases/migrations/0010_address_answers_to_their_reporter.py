from django.db import migrations


def address_answers(apps, schema_editor):
    """A reporter's answer to "Bent u tevreden?" and the lead's answer to a "nee" are written
    to the signal's history in the same moment as the answer itself: that moment tells whose
    they are. Lines without their answer (removed with the reporter) stay for nobody."""
    Feedback = apps.get_model("cases", "Feedback")
    SignalEvent = apps.get_model("signals", "SignalEvent")
    lines = SignalEvent.objects.filter(kind__in=["feedback", "message"], for_reporter__isnull=True)
    for event in lines.iterator():
        answers = Feedback.objects.filter(
            reporter__signal_id=event.signal_id, reporter__isnull=False
        )
        if event.kind == "feedback":
            answers = answers.filter(created_at=event.at)
        else:
            answers = answers.filter(follow_up="answered", followed_up_at=event.at)
        answer = answers.order_by("id").first()
        if answer is not None:
            SignalEvent.objects.filter(pk=event.pk).update(for_reporter_id=answer.reporter_id)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_proposal_reason_messages"),
        ("signals", "0016_signalevent_for_reporter"),
    ]

    operations = [migrations.RunPython(address_answers, migrations.RunPython.noop)]
