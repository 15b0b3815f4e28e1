"""The services Open311 offers: the categories residents may report, exactly as the report form
offers them (signals/categories.py), each with the two questions the form asks besides what
and where: whether the resident rents from the corporation (it decides who responds first,
see ``receiving_organisation_for``) and when it happened.

``service_code`` is the category's code (its slug), ``group`` its main category."""

from django.utils.translation import gettext as _

from wijkteam.portal.forms import ResidentReportForm, tenant_choices
from wijkteam.signals.categories import door_categories
from wijkteam.signals.models import Category

# The questions (``attribute[<code>]`` in a POST) and the answers to the tenant question.
TENANT = "huurder"
MOMENT = "tijdstip"
ATTRIBUTES = (TENANT, MOMENT)
# The answer's key, the form's own answer it stands for, and what it means for the intake.
TENANT_ANSWERS = {"ja": ("yes", True), "nee": ("no", False), "weet_niet": ("unknown", None)}
SERVICE_TYPE = "realtime"  # a request is taken in at once: its id is in the answer to the POST


def offered() -> list[Category]:
    """The services, in the report form's order (each with its main category loaded)."""
    return list(door_categories(for_residents=True).values())


def service_named(code: str) -> Category | None:
    """The service with this code, or None (also for a category residents cannot report)."""
    return next((category for category in offered() if category.slug == code), None)


def _description(category: Category) -> str:
    text = category.display_help_text or category.parent.display_help_text
    if category.is_acute:
        warning = " ".join(
            (_("Is er nu gevaar? Bel direct 112."), _("Dit formulier wordt niet direct gelezen."))
        )
        text = f"{warning} {text}".strip()
    return text


def _keywords(category: Category) -> str:
    parent = category.parent
    words = [category.display_name, parent.display_name, parent.display_public_name]
    return ", ".join(dict.fromkeys(word for word in words if word))


def service_entry(category: Category) -> dict:
    """One service of GET services, in the specification's order of fields."""
    return {
        "service_code": category.slug,
        "service_name": category.display_public_name,
        "description": _description(category),
        "metadata": True,  # the two questions below
        "type": SERVICE_TYPE,
        "keywords": _keywords(category),
        "group": category.parent.display_name,
    }


def attributes() -> list[dict]:
    """The questions of every service (GET services/<code>): both optional, as on the form."""
    choices = dict(tenant_choices())
    return [
        {
            "variable": True,
            "code": TENANT,
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": None,
            "order": 1,
            "description": str(ResidentReportForm.base_fields["is_tenant"].label),
            "values": [
                {"key": key, "name": str(choices[form_answer])}
                for key, (form_answer, _meaning) in TENANT_ANSWERS.items()
            ],
        },
        {
            "variable": True,
            "code": MOMENT,
            "datatype": "datetime",
            "required": False,
            "datatype_description": _(
                "Datum en tijd met de tijdzone, zoals 2026-03-01T14:30:00+01:00. Leeg: geen "
                "vast tijdstip."
            ),
            "order": 2,
            "description": str(ResidentReportForm.base_fields["occurred_at"].label),
            "values": [],
        },
    ]


def service_definition(category: Category) -> dict:
    return {"service_code": category.slug, "attributes": attributes()}
