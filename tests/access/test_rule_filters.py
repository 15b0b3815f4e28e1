"""The queryset reader of a rule that crosses a link to many (a case's involved partners, its
signals) asks the link's own table, and agrees with the object check on every shape of path:
a many-to-many field alone or followed further, a foreign key pointing back, with and without
a prefix."""

import re

import pytest

from tests.cases.support import address, case_of, intake
from wijkteam.access.rules import Matches, RecordCheck, Viewer, as_q
from wijkteam.cases.models import Case, CaseAction
from wijkteam.cases.visibility import cases_q
from wijkteam.partners.access import viewer_of
from wijkteam.partners.models import OrganisationKind

PATHS = {
    "involved": "organisations",
    "involved__kind": "kinds",
    "links": "links",
    "links__signal__receiving_organisation_id": "organisations",
}


@pytest.fixture
def cases(world):
    noise = case_of(intake(location=address(number=1), receiving_organisation=world.corporatie))
    care = case_of(intake(location=address(number=2), receiving_organisation=world.welzijn))
    care.involved.add(world.politie, world.welzijn)
    quiet = case_of(intake(location=address(number=3), receiving_organisation=world.politie))
    for case in (noise, care, quiet):
        CaseAction.objects.create(
            case=case,
            description="Langsgaan",
            owner_organisation=world.gemeente,
            due_date=case.opened_at.date(),
            created_by=world.wijkmanager_a,
        )
    return noise, care, quiet


@pytest.mark.parametrize("path", PATHS)
def test_a_rule_through_a_link_to_many_agrees_with_the_object_check(world, cases, path):
    first_link = cases[0].links.get().pk
    for values in (
        {"organisations": (world.politie.pk,), "kinds": (OrganisationKind.POLITIE,)},
        {"organisations": (world.corporatie.pk,), "kinds": (OrganisationKind.WELZIJN,)},
        {"organisations": (world.welzijn.pk, world.gemeente.pk), "kinds": ("nothing",)},
    ):
        viewer = Viewer(flags={}, values={**values, "links": (first_link,)})
        rule = Matches(path, PATHS[path])
        by_object = {case.pk for case in Case.objects.all() if RecordCheck(viewer, case)(rule)}
        assert set(Case.objects.filter(as_q(rule, viewer, Case)).values_list("pk", flat=True)) == (
            by_object
        )
        pointing = CaseAction.objects.filter(as_q(rule, viewer, Case, prefix="case"))
        assert set(pointing.values_list("case_id", flat=True)) == by_object


def test_the_involved_partners_are_asked_of_their_own_table_record_by_record(world, cases):
    """Not a join back to the cases, nor an EXISTS: inside the rule's OR, PostgreSQL would
    read every case of every wijk, or hash all the organisation was ever involved in, to
    answer it for a list of fifty."""
    sql = str(Case.objects.filter(cases_q(viewer_of(world.agent_a))).query)
    assert 'FROM "cases_case_involved"' in sql and "EXISTS" not in sql
    assert len(re.findall(r'"cases_case"(?!\.)', sql)) == 1  # the list's own FROM only
