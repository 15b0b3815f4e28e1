"""Choices of records by id: a number no key can be is a wrong choice, never a query the
database refuses (a 500 on SQLite and PostgreSQL alike)."""

from pathlib import Path

import pytest
from django import forms

from wijkteam.core.choice_fields import IdChoiceField, IdsChoiceField, read_once
from wijkteam.partners.models import Organisation

HUGE = [str(2**63), str(-(2**63) - 1), "9" * 40]


@pytest.mark.parametrize("value", HUGE)
def test_one_record_by_a_huge_id_is_a_wrong_choice(world, value):
    field = IdChoiceField(queryset=Organisation.objects.all())
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(value)
    assert refused.value.code == "invalid_choice"
    assert field.clean(str(world.gemeente.pk)) == world.gemeente


@pytest.mark.parametrize("value", HUGE)
def test_records_by_a_huge_id_are_a_wrong_choice(world, value):
    field = IdsChoiceField(queryset=Organisation.objects.all())
    with pytest.raises(forms.ValidationError) as refused:
        field.clean([str(world.gemeente.pk), value])
    assert refused.value.code == "invalid_choice"
    assert list(field.clean([str(world.gemeente.pk)])) == [world.gemeente]


def test_fields_given_a_queryset_read_once_offer_its_rows_without_asking_again(
    world, django_assert_num_queries
):
    names = list(Organisation.objects.order_by("name").values_list("name", flat=True))
    with django_assert_num_queries(1):
        shared = read_once(Organisation.objects.order_by("name"))
    one = IdChoiceField(queryset=shared)
    many = IdsChoiceField(queryset=shared, widget=forms.CheckboxSelectMultiple)

    with django_assert_num_queries(0):
        for _ in range(2):
            assert [label for _, label in one.choices] == ["---------", *names]
            assert len(one.choices) == len(names) + 1
            assert many.widget.render("involved", None).count("<input") == len(names)
    # What is sent back is still checked against the database.
    with django_assert_num_queries(1):
        assert one.clean(str(world.gemeente.pk)) == world.gemeente
    missing = str(Organisation.objects.order_by("-pk")[0].pk + 1)
    with django_assert_num_queries(1), pytest.raises(forms.ValidationError):
        one.clean(missing)


# Looks its choices up in the process's kept reference data, never in the database.
CHECKED_ELSEWHERE = {"class KeptChoiceField(forms.ModelChoiceField):"}


def test_no_form_chooses_records_by_id_without_the_check():
    root = Path(__file__).resolve().parents[2] / "wijkteam"
    plain = [
        f"{path.relative_to(root)}: {line.strip()}"
        for path in root.rglob("*.py")
        if path.name != "choice_fields.py"
        for line in path.read_text().splitlines()
        if ("forms.ModelChoiceField" in line or "forms.ModelMultipleChoiceField" in line)
        and line.strip() not in CHECKED_ELSEWHERE
    ]
    assert plain == []
