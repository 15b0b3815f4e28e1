"""Cases closed before this migration stored the closure message with its placeholders, so the
staff read a raw {onderwerp} on the case page and in the timeline. Fill them in as the
closure now does: the case's category and the references of its signals."""

from django.db import migrations
from django.db.models import Q

PLACEHOLDERS = ("{onderwerp}", "{melding}")
# The timeline lines that quote a message to the reporters.
MESSAGE_EVENT_KINDS = ("resolved", "answered")


def fill(text: str, *, reference: str, public_name: str) -> str:
    # A copy of cases.closure.fill_placeholders as it is now: a migration must not change
    # with the code.
    subject = public_name.split(" (")[0].lower()
    return text.replace("{melding}", reference).replace("{onderwerp}", subject)


def holding(field: str) -> Q:
    query = Q()
    for placeholder in PLACEHOLDERS:
        query |= Q(**{f"{field}__contains": placeholder})
    return query


def fill_stored_placeholders(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    CaseSignal = apps.get_model("cases", "CaseSignal")
    filled: dict[int, tuple[str, str]] = {}

    def values(case) -> tuple[str, str]:
        if case.pk not in filled:
            references = CaseSignal.objects.filter(case_id=case.pk).order_by(
                "signal__created_at", "signal_id"
            )
            filled[case.pk] = (
                ", ".join(references.values_list("signal__reference", flat=True)),
                case.category.public_name,
            )
        return filled[case.pk]

    for case in Case.objects.filter(holding("reporter_message")).select_related("category"):
        reference, public_name = values(case)
        case.reporter_message = fill(
            case.reporter_message, reference=reference, public_name=public_name
        )
        case.save(update_fields=["reporter_message"])
    events = CaseEvent.objects.filter(holding("text"), kind__in=MESSAGE_EVENT_KINDS)
    for event in events.select_related("case__category"):
        reference, public_name = values(event.case)
        event.text = fill(event.text, reference=reference, public_name=public_name)
        event.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_legal_hold_and_retention"),
        ("signals", "0011_debt_help_referral"),
    ]

    operations = [
        migrations.RunPython(fill_stored_placeholders, migrations.RunPython.noop, elidable=True),
    ]
