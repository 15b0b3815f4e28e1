"""A measure's cost as people write it: the residents' initiatives' euro field ("1.500" is
fifteen hundred in Dutch, "1.500,50", "€ 250,-"), with a ceiling and a message of its own."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _

from wijkteam.core.errors import DomainError
from wijkteam.initiatives.public_forms import COST_MAX, EuroField

# The largest cost the field takes (the initiatives' ceiling, which the model's column holds).
MEASURE_COST_MAX = COST_MAX


class CostField(EuroField):
    """Euros, as EuroField reads them; too high says so for a measure, not for a resident's idea."""

    def to_python(self, value) -> Decimal | None:
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code == "too_high":
                raise forms.ValidationError(
                    _("Dat bedrag is te hoog; vul de kosten in euro's in, bijvoorbeeld 18.000."),
                    code="too_high",
                ) from None
            raise


def read_cost(value: Decimal | int | str | None) -> Decimal | None:
    """The cost as a Decimal (None: not known). Text is read like the form's field reads it;
    anything wrong raises DomainError at the field ``cost``."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return CostField(required=False).clean(value)
        except forms.ValidationError as error:
            raise DomainError(error.messages[0], field="cost") from None
    amount = Decimal(value)
    if not amount.is_finite():
        raise DomainError(_("Vul de kosten in euro's in."), field="cost")
    if amount < 0:
        raise DomainError(_("Kosten kunnen niet negatief zijn."), field="cost")
    if amount > MEASURE_COST_MAX:
        raise DomainError(
            _("Dat bedrag is te hoog; vul de kosten in euro's in, bijvoorbeeld 18.000."),
            field="cost",
        )
    return amount.quantize(Decimal("0.01"))
