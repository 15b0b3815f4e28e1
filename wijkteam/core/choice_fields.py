"""Choices of records by id in forms. A number no database key can be (sent by hand, or by a
tool that tries every field) is a choice that does not exist, not a query the database cannot
even take: SQLite refuses to bind it (a 500), PostgreSQL refuses to compare it."""

from django import forms

# The largest key the database holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def _beyond_any_key(value) -> bool:
    try:
        number = int(str(value))
    except ValueError:
        return False  # Django's own check refuses it as an invalid value
    return not -MAX_ID - 1 <= number <= MAX_ID


class IdChoiceField(forms.ModelChoiceField):
    """One record by id."""

    def to_python(self, value):
        if value not in self.empty_values and _beyond_any_key(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Records by id (checkboxes)."""

    def _check_values(self, value):
        for pk in value:
            if _beyond_any_key(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)
