"""The plan and the partners' contributions (plans.py): who records whose contribution, what
each kind needs, in which stages, and delivering through CONTRIBUTION_TRANSITIONS."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import make_organisation
from tests.initiatives.team_support import (
    coordinator,
    promise,
    propose,
    reader_in_team_a,
    to_stage,
)
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.initiatives.models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
    Stage,
)
from wijkteam.initiatives.plans import (
    contribution_deliver,
    contribution_parties,
    initiative_plan_set,
)
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import OrganisationKind


@pytest.fixture
def project(world):
    return to_stage(world, propose(world), Stage.PLAN)


def test_the_police_member_records_its_own_contribution(world, project):
    made = promise(
        world,
        project,
        actor=world.agent_a,
        organisation=world.politie,
        kind=ContributionKind.HOURS,
        amount="12.5",
        description="Toezicht tijdens de bouw",
    )
    assert (made.organisation, made.amount, made.status, made.created_by) == (
        world.politie,
        Decimal("12.50"),
        ContributionStatus.PROMISED,
        world.agent_a,
    )


def test_the_police_member_cannot_record_the_gemeentes_contribution(world, project):
    with pytest.raises(DomainError) as refused:
        promise(world, project, actor=world.agent_a, organisation=world.gemeente)
    assert refused.value.code == FORBIDDEN
    assert not Contribution.objects.exists()


def test_only_the_wijkmanager_records_the_residents_own_contribution(world, project):
    with pytest.raises(DomainError) as refused:
        promise(world, project, actor=world.consulent_a, organisation=None)
    assert refused.value.code == FORBIDDEN
    made = promise(
        world,
        project,
        organisation=None,
        kind=ContributionKind.HOURS,
        amount="40",
        description="Schilderen met de kinderen",
    )
    assert made.organisation is None


def test_the_wijkmanager_and_a_coordinator_record_any_partners_contribution(world, project):
    assert promise(world, project, organisation=world.corporatie).organisation == world.corporatie
    boss = coordinator(world)
    assert promise(world, project, actor=boss, organisation=world.welzijn).organisation == (
        world.welzijn
    )


def test_the_organisation_must_be_a_partner_of_the_team(world, project):
    stranger = make_organisation("Buurtbemiddeling Elders", OrganisationKind.BUURTBEMIDDELING)
    with pytest.raises(DomainError) as refused:
        promise(world, project, organisation=stranger)
    assert refused.value.field == "organisation"


@pytest.mark.parametrize("who", ["reader", "wijkmanager_b"])
def test_a_reader_or_another_teams_member_records_nothing(world, project, who):
    actor = reader_in_team_a(world) if who == "reader" else world.wijkmanager_b
    with pytest.raises(DomainError) as refused:
        promise(world, project, actor=actor, organisation=actor.organisation)
    assert refused.value.code == FORBIDDEN


def test_the_system_records_no_contribution(world, project):
    with pytest.raises(DomainError) as refused:
        promise(world, project, actor=SYSTEM, organisation=world.gemeente)
    assert refused.value.code == FORBIDDEN


@pytest.mark.parametrize(
    "kind,amount,description,field",
    [
        (ContributionKind.MONEY, None, "", "amount"),
        (ContributionKind.MONEY, "0", "", "amount"),
        (ContributionKind.MONEY, "-5", "", "amount"),
        (ContributionKind.MONEY, "1.005", "", "amount"),
        (ContributionKind.HOURS, None, "", "amount"),
        (ContributionKind.HOURS, "0.00", "", "amount"),
        (ContributionKind.MATERIALS, None, "", "description"),
        (ContributionKind.PERMIT, None, "  ", "description"),
        (ContributionKind.MATERIALS, "10", "Tegels", "amount"),
        ("cadeaubon", "10", "", "kind"),
    ],
)
def test_each_kind_needs_what_it_is(world, project, kind, amount, description, field):
    with pytest.raises(DomainError) as refused:
        promise(
            world,
            project,
            organisation=world.gemeente,
            kind=kind,
            amount=amount,
            description=description,
        )
    assert refused.value.field == field
    assert not Contribution.objects.exists()


def test_materials_and_permits_are_described_without_an_amount(world, project):
    tiles = promise(
        world,
        project,
        organisation=world.corporatie,
        kind=ContributionKind.MATERIALS,
        amount=None,
        description="40 m² tegels",
    )
    permit = promise(
        world,
        project,
        organisation=world.gemeente,
        kind=ContributionKind.PERMIT,
        amount=None,
        description="Omgevingsvergunning",
    )
    assert (tiles.amount, permit.amount) == (None, None)


def test_a_promise_cannot_be_dated_in_the_future(world, project):
    with pytest.raises(DomainError) as refused:
        promise(
            world,
            project,
            organisation=world.gemeente,
            promised_on=timezone.localdate() + timedelta(days=1),
        )
    assert refused.value.field == "promised_on"


@pytest.mark.parametrize("stage", [Stage.TEAM, Stage.PLAN, Stage.UNDERWAY])
def test_contributions_are_recorded_from_the_team_until_the_end(world, stage):
    initiative = to_stage(world, propose(world), stage)
    assert promise(world, initiative, organisation=world.gemeente).pk


@pytest.mark.parametrize("stage", [Stage.IDEA, Stage.REALISED, Stage.STOPPED])
def test_no_contributions_before_the_team_or_after_the_end(world, stage):
    initiative = to_stage(world, propose(world), stage)
    with pytest.raises(DomainError):
        promise(world, initiative, organisation=world.gemeente)
    assert not Contribution.objects.exists()


def test_a_contribution_is_delivered_once(world, project):
    money = promise(world, project, organisation=world.gemeente, amount="2500")
    delivered = contribution_deliver(actor=world.wijkmanager_a, contribution=money)
    assert (delivered.status, delivered.delivered_on) == (
        ContributionStatus.DELIVERED,
        timezone.localdate(),
    )
    with pytest.raises(DomainError, match="al op geleverd"):
        contribution_deliver(actor=world.wijkmanager_a, contribution=money)


def test_a_member_marks_only_their_own_organisations_contribution_delivered(world, project):
    money = promise(world, project, organisation=world.gemeente)
    hours = promise(
        world, project, organisation=world.politie, kind=ContributionKind.HOURS, amount="8"
    )
    with pytest.raises(DomainError) as refused:
        contribution_deliver(actor=world.agent_a, contribution=money)
    assert refused.value.code == FORBIDDEN
    assert contribution_deliver(actor=world.agent_a, contribution=hours).status == "geleverd"


def test_delivery_is_not_dated_before_the_promise_or_in_the_future(world, project):
    money = promise(
        world,
        project,
        organisation=world.gemeente,
        promised_on=timezone.localdate() - timedelta(days=10),
    )
    for day in (timezone.localdate() - timedelta(days=11), timezone.localdate() + timedelta(1)):
        with pytest.raises(DomainError) as refused:
            contribution_deliver(actor=world.wijkmanager_a, contribution=money, delivered_on=day)
        assert refused.value.field == "delivered_on"


def test_a_realised_projects_promise_is_still_marked_delivered(world, project):
    money = promise(world, project, organisation=world.gemeente)
    to_stage(world, project, Stage.REALISED)
    assert contribution_deliver(actor=world.wijkmanager_a, contribution=money).status == "geleverd"


def test_the_parties_offered_follow_who_records(world, project):
    manager = contribution_parties(world.wijkmanager_a, project)
    assert manager.residents
    assert {o.pk for o in manager.organisations} == {
        world.gemeente.pk,
        world.corporatie.pk,
        world.politie.pk,
        world.welzijn.pk,
    }
    agent = contribution_parties(world.agent_a, project)
    assert (agent.organisations, agent.residents) == ([world.politie], False)


def test_the_plan_is_written_by_the_wijkmanager_and_audited_without_its_text(world, project):
    initiative_plan_set(
        actor=world.wijkmanager_a, initiative=project, plan="Gemeente legt de kooi aan."
    )
    project.refresh_from_db()
    assert project.plan == "Gemeente legt de kooi aan."
    row = AuditEntry.objects.get(action="initiative_plan")
    assert "kooi" not in str(row.changes) and "kooi" not in row.object_repr
    assert row.changes["plan"][1]["length"] == len("Gemeente legt de kooi aan.")
    with pytest.raises(DomainError) as refused:
        initiative_plan_set(actor=world.consulent_a, initiative=project, plan="Anders.")
    assert refused.value.code == FORBIDDEN


@pytest.mark.parametrize("stage", [Stage.IDEA, Stage.REALISED, Stage.STOPPED])
def test_no_plan_is_written_before_the_team_or_after_the_end(world, stage):
    initiative = to_stage(world, propose(world), stage)
    with pytest.raises(DomainError) as refused:
        initiative_plan_set(actor=world.wijkmanager_a, initiative=initiative, plan="Een plan.")
    assert refused.value.field == "plan"


def test_a_contributions_audit_row_holds_no_description(world, project):
    promise(
        world,
        project,
        organisation=world.corporatie,
        kind=ContributionKind.MATERIALS,
        amount=None,
        description="Tegels van meneer Jansen",
    )
    row = AuditEntry.objects.get(action="contribution_add")
    assert "Jansen" not in str(row.changes) and "Jansen" not in row.object_repr
