"""One need-to-know rule, read two ways: the object check (a loaded case or signal, for one user)
and the queryset filter (the lists) must always agree. Over generated worlds (organisations of
several kinds, two wijkteams with members and a coordinator, inactive and read-only users, cases
with sources, leads, involved partners and signals of several receivers, shares, sensitivities)
every user gets the same answer from both, for "may know it exists", "may see the details" and,
on signals, "may see who reported it"; and the access functions built on them (one record, a
team's list) agree too."""

from dataclasses import dataclass
from itertools import count

import pytest
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_district, make_organisation, make_user
from wijkteam.access.rules import RecordCheck
from wijkteam.cases import visibility as case_rule
from wijkteam.cases.access import case_access, case_for_user, team_cases_for_user
from wijkteam.cases.models import Case, CaseSignal
from wijkteam.partners.access import in_team, viewer_of
from wijkteam.partners.models import OrganisationKind, Role, Team, TeamMember
from wijkteam.signals import visibility as signal_rule
from wijkteam.signals.access import (
    organisation_signals_for_user,
    signal_for_user,
    signal_rows_for_user,
    team_signals_for_user,
)
from wijkteam.signals.models import Category, Channel, LocationStatus, Sensitivity, Signal

KINDS = [
    OrganisationKind.GEMEENTE,
    OrganisationKind.CORPORATIE,
    OrganisationKind.POLITIE,
    OrganisationKind.WELZIJN,
    OrganisationKind.ZORG,
]
TEAMS = 2
SENSITIVITIES = list(Sensitivity.values)
CASE_RULES = {"knows": case_rule.KNOWS, "details": case_rule.DETAILS}
SIGNAL_RULES = {
    "knows": signal_rule.KNOWS,
    "details": signal_rule.DETAILS,
    "reporter": signal_rule.REPORTER,
}

organisation = st.integers(0, len(KINDS) - 1)
maybe_organisation = st.none() | organisation
organisations = st.sets(organisation, max_size=3)
team = st.integers(0, TEAMS - 1)

users = st.fixed_dictionaries(
    {
        "organisation": maybe_organisation,
        "role": st.sampled_from(
            [Role.MEDEWERKER, Role.COORDINATOR, Role.LEZER, Role.HUURADMINISTRATIE]
        ),
        "active": st.booleans() | st.just(True),
        "teams": st.sets(team, max_size=2),
    }
)
signals = st.fixed_dictionaries(
    {
        "receiver": maybe_organisation,
        "sensitivity": st.sampled_from(SENSITIVITIES),
        "team": st.none() | team,
        "shared_with": organisations,
        "arrears": st.booleans(),  # a category the rent administration sees in every wijk
    }
)
cases = st.fixed_dictionaries(
    {
        "team": team,
        "sensitivity": st.sampled_from(SENSITIVITIES),
        "source": maybe_organisation,
        "lead": maybe_organisation,
        "involved": organisations,
        "arrears": st.booleans(),
        "signals": st.lists(signals, max_size=2),
    }
)
worlds = st.fixed_dictionaries(
    {
        "users": st.lists(users, min_size=1, max_size=4),
        "cases": st.lists(cases, max_size=3),
        "loose_signals": st.lists(signals, max_size=2),  # not (yet) in a case
    }
)


@dataclass
class Base:
    organisations: list
    teams: list
    category: Category
    arrears: Category

    def category_of(self, spec: dict) -> Category:
        return self.arrears if spec.get("arrears") else self.category


@pytest.fixture
def base(db) -> Base:
    organisations = [make_organisation(f"Organisatie {i}", kind) for i, kind in enumerate(KINDS)]
    teams = [
        Team.objects.create(district=make_district(f"WK09998{i}", f"Wijk {i}", 5.5 + i / 10, 52))
        for i in range(TEAMS)
    ]
    category = Category.objects.get(slug="overlast-geluid")
    arrears = Category.objects.get(slug="financieel-huurachterstand")
    return Base(organisations, teams, category, arrears)


_numbers = count(1)


def _signal(base: Base, spec: dict) -> Signal:
    signal = Signal.objects.create(
        reference=f"M-T-{next(_numbers)}",
        category=base.category_of(spec),
        main_category_id=base.category_of(spec).parent_id,
        channel=Channel.PHONE,
        receiving_organisation=_org(base, spec["receiver"]),
        sensitivity=spec["sensitivity"],
        team=None if spec["team"] is None else base.teams[spec["team"]],
        location_status=LocationStatus.RESOLVED,
    )
    signal.shared_with.set([base.organisations[i] for i in spec["shared_with"]])
    return signal


def _org(base: Base, index):
    return None if index is None else base.organisations[index]


def build(base: Base, world: dict):
    people = []
    for number, spec in enumerate(world["users"]):
        user = make_user(
            f"gebruiker{number}-{next(_numbers)}@test.example",
            _org(base, spec["organisation"]),
            spec["role"],
            is_active=spec["active"],
        )
        for index in spec["teams"]:
            TeamMember.objects.create(team=base.teams[index], user=user, function="overig")
        people.append(user)
    for spec in world["cases"]:
        team = base.teams[spec["team"]]
        case = Case.objects.create(
            reference=f"Z-T-{next(_numbers)}",
            team=team,
            district_id=team.district_id,
            category=base.category_of(spec),
            main_category_id=base.category_of(spec).parent_id,
            sensitivity=spec["sensitivity"],
            source_organisation=_org(base, spec["source"]),
            lead=_org(base, spec["lead"]),
        )
        case.involved.set([base.organisations[i] for i in spec["involved"]])
        for signal_spec in spec["signals"]:
            CaseSignal.objects.create(case=case, signal=_signal(base, signal_spec))
    for spec in world["loose_signals"]:
        _signal(base, spec)
    return people


def _by_object(user, records, rule) -> set[int]:
    viewer = viewer_of(user)
    return {record.pk for record in records if RecordCheck(viewer, record)(rule)}


def _by_filter(queryset, q) -> set[int]:
    return set(queryset.filter(q).values_list("pk", flat=True))


def _check_world(base: Base, people: list) -> None:
    plain_cases = list(Case.objects.all())
    loaded_cases = list(Case.objects.prefetch_related("involved", "links__signal"))
    plain_signals = list(Signal.objects.all())
    loaded_signals = list(Signal.objects.prefetch_related("shared_with"))
    links = list(CaseSignal.objects.select_related("case"))
    for user in people:
        viewer = viewer_of(user)
        for name, rule in CASE_RULES.items():
            wanted = _by_filter(Case.objects.all(), case_rule.cases_q(viewer, rule))
            for records in (plain_cases, loaded_cases):
                assert _by_object(user, records, rule) == wanted, (name, user.pk)
            # The same rule on what points to a case (a case's actions, its signal links).
            pointing = _by_filter(
                CaseSignal.objects.all(), case_rule.cases_q(viewer, rule, prefix="case")
            )
            assert pointing == {
                link.pk for link in links if RecordCheck(viewer_of(user), link.case)(rule)
            }, (name, user.pk)
        for name, rule in SIGNAL_RULES.items():
            wanted = _by_filter(Signal.objects.all(), signal_rule.signals_q(viewer, rule))
            for records in (plain_signals, loaded_signals):
                assert _by_object(user, records, rule) == wanted, (name, user.pk)
        _check_access_functions(base, user)


def _check_access_functions(base: Base, user) -> None:
    """The access functions: one record (object check) against a team's list (filter)."""
    for team in base.teams:
        listed = {case.pk for case in team_cases_for_user(user, team)}
        one_by_one = set()
        for case in Case.objects.filter(team=team):
            # The check the case services make, told whether the user is in the team.
            told = case_access(user, case, in_team=in_team(user, case.team_id))
            assert told == case_rule.case_access(viewer_of(user), case), ("told", user.pk)
            try:
                case_for_user(user, case.reference)
            except Http404:
                continue
            one_by_one.add(case.pk)
        assert listed == one_by_one, ("team cases", user.pk)

        rows = {
            s.pk: access
            for s, access in signal_rows_for_user(user, team_signals_for_user(user, team))
        }
        one_by_one = {}
        for signal in Signal.objects.filter(team=team):
            try:
                one_by_one[signal.pk] = signal_for_user(user, signal.reference)[1]
            except Http404:
                continue
        assert rows == one_by_one, ("team signals", user.pk)

    listed = signal_rows_for_user(user, organisation_signals_for_user(user))
    one_by_one = {}
    for signal in Signal.objects.filter(receiving_organisation_id=user.organisation_id or 0):
        try:
            one_by_one[signal.pk] = signal_for_user(user, signal.reference)[1]
        except Http404:
            continue
    assert dict((s.pk, access) for s, access in listed) == one_by_one, ("own signals", user.pk)


def test_a_world_where_each_reason_to_see_a_case_counts(base):
    """A fixed world that surely holds every reason to see a case (so that the generated ones
    are not all trivial, and a broken reader fails here within a second): a team member, a
    coordinator, a source, a lead, an involved partner, a receiver and a share, against each
    sensitivity."""
    everyone = [
        {"organisation": i, "role": role, "active": True, "teams": teams}
        for i in range(len(KINDS))
        for role, teams in (
            (Role.MEDEWERKER, {0}),
            (Role.MEDEWERKER, set()),
            (Role.COORDINATOR, set()),
        )
    ]
    world = {
        "users": everyone,
        "cases": [
            {
                "team": 0,
                "sensitivity": sensitivity,
                "source": 0,
                "lead": 1,
                "involved": {2},
                "signals": [
                    {"receiver": 3, "sensitivity": sensitivity, "team": 0, "shared_with": {4}}
                ],
            }
            for sensitivity in SENSITIVITIES
        ],
        "loose_signals": [],
    }
    with transaction.atomic():
        people = build(base, world)
        _check_world(base, people)
        seen = {
            (user.organisation_id, user.role, bool(user.team_memberships.exists())): {
                case.sensitivity
                for case in Case.objects.filter(
                    case_rule.cases_q(viewer_of(user), case_rule.DETAILS)
                )
            }
            for user in people
        }
        transaction.set_rollback(True)
    orgs = base.organisations
    everything = set(SENSITIVITIES)
    # Source, lead and involved partner see every case's details through their members in the
    # case's team (and coordinators); colleagues outside the team see nothing (DESIGN §6).
    for index in range(3):
        assert seen[(orgs[index].pk, Role.MEDEWERKER, True)] == everything
        assert seen[(orgs[index].pk, Role.MEDEWERKER, False)] == set()
        assert seen[(orgs[index].pk, Role.COORDINATOR, False)] == everything
    # Receiving a signal, or a share of one, does not make an organisation take part.
    for index in (3, 4):
        assert seen[(orgs[index].pk, Role.MEDEWERKER, True)] == {Sensitivity.TEAM}
        assert seen[(orgs[index].pk, Role.MEDEWERKER, False)] == set()
        assert seen[(orgs[index].pk, Role.COORDINATOR, False)] == {Sensitivity.TEAM}


@settings(
    max_examples=30,
    deadline=None,
    database=None,  # nothing written into the working copy; a failure prints its example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds)
def test_the_object_check_and_the_queryset_filter_always_agree(base, world):
    with transaction.atomic():
        _check_world(base, build(base, world))
        transaction.set_rollback(True)
