"""A person's rights: find everything Wijkteam holds about one person, and put it in an export.

A person can be in Wijkteam as a reporter (name, email, phone), as a tenant in rent arrears,
through their address, or named in free text (a signal's description, a case note, an action,
a comment). The privacy officer searches on what the person gave in their request; every search
is recorded as a request (``PersonRequest``)."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wijkteam.cases.models import Case, CaseAction, CaseNote, Feedback
from wijkteam.signals.models import ArrearsDetails, Reporter, Signal

# A search names at most this many signals: a request about one person that finds more is too
# broad (a common name), and the officer narrows it.
MAX_SIGNALS = 200
MIN_NAME_LENGTH = 3


class Role(models.TextChoices):
    """How a person appears in a signal. The value goes into the export as it is (Dutch)."""

    REPORTER = "melder", gettext_lazy("melder")
    TENANT = "huurder", gettext_lazy("huurder")
    ADDRESS = "adres", gettext_lazy("adres")
    MENTIONED = "genoemd in tekst", gettext_lazy("genoemd in tekst")


@dataclass(frozen=True)
class PersonQuery:
    name: str = ""
    email: str = ""
    phone: str = ""
    postcode: str = ""
    house_number: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if value not in ("", None)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PersonQuery":
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})

    @property
    def phone_digits(self) -> str:
        return digits(self.phone)

    def text_terms(self) -> list[str]:
        return [term for term in (self.name, self.email, self.phone) if term]


def digits(value: str) -> str:
    """A phone number's digits, with +31 written as 0."""
    only = re.sub(r"\D", "", value)
    return "0" + only[2:] if only.startswith("31") and len(only) == 11 else only


@dataclass
class Finding:
    signal: Signal
    roles: set[str] = field(default_factory=set)
    reporter_ids: set[int] = field(default_factory=set)

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in sorted(self.roles)]


def _reporters(query: PersonQuery) -> list[Reporter]:
    matches = Q(pk__in=[])
    if query.email:
        matches |= Q(email__iexact=query.email)
    if query.name:
        matches |= Q(name__icontains=query.name)
    if query.phone_digits:
        # Stored numbers are written freely ("06-1234 5678"): narrow on the last digits, then
        # compare all of them.
        matches |= Q(phone__contains=query.phone_digits[-4:])
    found = Reporter.objects.filter(matches).order_by("id")[: MAX_SIGNALS * 2]
    return [
        reporter
        for reporter in found
        if (query.email and reporter.email.lower() == query.email.lower())
        or (query.name and query.name.lower() in reporter.name.lower())
        or (query.phone_digits and digits(reporter.phone) == query.phone_digits)
    ]


def _text_match(fields: list[str], terms: list[str]) -> Q:
    condition = Q(pk__in=[])
    for name in fields:
        for term in terms:
            condition |= Q(**{f"{name}__icontains": term})
    return condition


def person_findings(query: PersonQuery) -> list[Finding]:
    """Every signal that holds something of this person, with how, newest first."""
    findings: dict[int, Finding] = {}

    def add(signal_ids, role: str) -> None:
        for signal_id in signal_ids:
            findings.setdefault(signal_id, Finding(signal=None)).roles.add(role)

    for reporter in _reporters(query):
        add([reporter.signal_id], Role.REPORTER)
        findings[reporter.signal_id].reporter_ids.add(reporter.pk)
    if query.name:
        add(
            ArrearsDetails.objects.filter(tenant_name__icontains=query.name).values_list(
                "signal_id", flat=True
            )[:MAX_SIGNALS],
            Role.TENANT,
        )
    if query.postcode and query.house_number:
        add(
            Signal.objects.filter(
                postcode=query.postcode, house_number=query.house_number
            ).values_list("pk", flat=True)[:MAX_SIGNALS],
            Role.ADDRESS,
        )
    terms = query.text_terms()
    if terms:
        add(
            Signal.objects.filter(_text_match(["description", "location_note"], terms)).values_list(
                "pk", flat=True
            )[:MAX_SIGNALS],
            Role.MENTIONED,
        )
        case_ids = set(
            Case.objects.filter(_text_match(["summary", "reporter_message"], terms)).values_list(
                "pk", flat=True
            )[:MAX_SIGNALS]
        )
        for model, fields in (
            (CaseNote, ["text"]),
            (CaseAction, ["description", "result"]),
            (Feedback, ["comment"]),
        ):
            case_ids |= set(
                model.objects.filter(_text_match(fields, terms)).values_list("case_id", flat=True)[
                    :MAX_SIGNALS
                ]
            )
        add(
            Signal.objects.filter(case_link__case_id__in=case_ids).values_list("pk", flat=True)[
                :MAX_SIGNALS
            ],
            Role.MENTIONED,
        )
    signals = Signal.objects.filter(pk__in=list(findings)[: MAX_SIGNALS + 1]).select_related(
        "category__parent", "receiving_organisation", "case_link__case"
    )
    for signal in signals:
        findings[signal.pk].signal = signal
    result = [finding for finding in findings.values() if finding.signal is not None]
    return sorted(result, key=lambda f: (f.signal.created_at, f.signal.pk), reverse=True)


def _date(value) -> str | None:
    return value.isoformat() if value else None


def person_export(*, findings: list[Finding], query: PersonQuery, description: str) -> dict:
    """What Wijkteam holds about the person, per signal: only their own data and what was
    written about them or their address, never other reporters' details."""
    reporter_ids = set().union(*(f.reporter_ids for f in findings)) if findings else set()
    reporters = {reporter.pk: reporter for reporter in Reporter.objects.filter(pk__in=reporter_ids)}
    feedback = {}
    for item in Feedback.objects.filter(reporter_id__in=reporter_ids).order_by("created_at"):
        feedback.setdefault(item.reporter_id, []).append(item)
    arrears = {
        details.signal_id: details
        for details in ArrearsDetails.objects.filter(
            signal_id__in=[f.signal.pk for f in findings if Role.TENANT in f.roles]
        )
    }
    items = []
    for finding in findings:
        signal = finding.signal
        link = getattr(signal, "case_link", None)
        case = link.case if link else None
        item = {
            "meldingnummer": signal.reference,
            "casusnummer": case.reference if case else None,
            "categorie": str(signal.category),
            "ontvangen": _date(signal.created_at),
            "ontvangen_door": signal.receiving_organisation.name
            if signal.receiving_organisation
            else None,
            "status": signal.get_status_display(),
            "hoe_u_erin_staat": sorted(finding.roles),
            "adres": {
                "straat": signal.street,
                "huisnummer": signal.house_number,
                "toevoeging": signal.house_number_addition,
                "postcode": signal.postcode,
                "plaats": signal.city,
            },
            "omschrijving": signal.description,
            "toelichting_plek": signal.location_note,
        }
        mine = [reporters[pk] for pk in sorted(finding.reporter_ids) if pk in reporters]
        if mine:
            item["als_melder"] = [
                {
                    "naam": reporter.name,
                    "email": reporter.email,
                    "telefoon": reporter.phone,
                    "gemeld": _date(reporter.created_at),
                    "reacties": [
                        {
                            "tevreden": answer.satisfied,
                            "toelichting": answer.comment,
                            "gegeven": _date(answer.created_at),
                        }
                        for answer in feedback.get(reporter.pk, [])
                    ],
                }
                for reporter in mine
            ]
            if case and case.reporter_message:
                item["bericht_aan_de_melder"] = case.reporter_message
        if signal.pk in arrears:
            details = arrears[signal.pk]
            item["huurachterstand"] = {
                "naam_huurder": details.tenant_name,
                "bedrag": str(details.amount),
                "maanden": details.months,
                "datum_signaal": _date(details.signal_date),
                "persoonlijk_contact_geprobeerd": _date(details.contact_attempted_on),
                "gewezen_op_schuldhulp": _date(details.debt_help_pointed_on),
                "schriftelijke_aanmaning": _date(details.written_reminder_on),
                "gegevens_aangeboden_geen_bezwaar": _date(details.no_objection_on),
            }
        items.append(item)
    return {
        "verzoek": description,
        "gezocht_op": query.as_dict(),
        "gemaakt_op": timezone.now().isoformat(),
        "meldingen": items,
    }
