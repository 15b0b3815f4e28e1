"""Choices of records by id in forms. A number no database key can be (sent by hand, or by a
tool that tries every field) is a choice that does not exist, not a query the database cannot
even take: SQLite refuses to bind it (a 500), PostgreSQL refuses to compare it.

A page whose forms offer the same records in several fields (a case's partners as the lead,
the involved, an action's owner) reads them once: ``read_once`` reads the queryset, and the
fields given it offer its rows without asking again (Django's fields ask the database each time
the choices are drawn, several times per field for checkboxes). What is sent back is still
checked against the database."""

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator

_READ_ONCE = "_wijkteam_read_once"

# The largest key the database holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def _beyond_any_key(value) -> bool:
    try:
        number = int(str(value))
    except ValueError:
        return False  # Django's own check refuses it as an invalid value
    return not -MAX_ID - 1 <= number <= MAX_ID


def read_once(queryset: QuerySet) -> QuerySet:
    """The queryset, read now, for the choice fields of several forms on one page."""
    len(queryset)  # reads the rows into the queryset
    setattr(queryset, _READ_ONCE, True)
    return queryset


class _ReadChoices(ModelChoiceIterator):
    """A queryset read once offers the rows it holds; any other is asked as Django asks it."""

    def __iter__(self):
        if not getattr(self.queryset, _READ_ONCE, False):
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for record in self.queryset:
            yield self.choice(record)


class _SharedQuerysetMixin:
    """Keeps a queryset read once as it is (Django's fields copy any queryset given them)."""

    iterator = _ReadChoices

    def _set_queryset(self, queryset):
        if getattr(queryset, _READ_ONCE, False):
            self._queryset = queryset
            self.widget.choices = self.choices
        else:
            super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class IdChoiceField(_SharedQuerysetMixin, forms.ModelChoiceField):
    """One record by id."""

    def to_python(self, value):
        if value not in self.empty_values and _beyond_any_key(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdsChoiceField(_SharedQuerysetMixin, forms.ModelMultipleChoiceField):
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
