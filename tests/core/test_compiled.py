"""Queries the ORM writes once per process (core/compiled.py): each call runs the kept SQL with
its own values, and answers what the ORM's own query answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cases.support import address, intake, open_proposal
from tests.factories import make_user
from wijkteam.cases.models import Case
from wijkteam.cases.triage.responses import proposal_respond
from wijkteam.cases.worklists import proposals_waiting_for, waiting_count
from wijkteam.core.compiled import compiled
from wijkteam.notifications.access import unread_count
from wijkteam.notifications.models import Notification
from wijkteam.partners.access import districts_for_switch
from wijkteam.partners.models import TeamMember


def _notify(user, number: int, *, read: bool = False) -> None:
    for n in range(number):
        Notification.objects.create(user=user, subject=f"Bericht {n}", read_at=None)
    if read:
        Notification.objects.filter(user=user).update(read_at="2026-01-01T00:00:00Z")


def test_each_call_runs_with_its_own_values(world):
    built = []

    @compiled("user_id")
    def subjects_of(user_id):
        built.append(user_id)
        return (
            Notification.objects.filter(user_id=user_id)
            .order_by("subject")
            .values_list("subject", flat=False)
        )

    _notify(world.agent_a, 2)
    _notify(world.wijkmanager_a, 1)

    assert subjects_of.rows(user_id=world.agent_a.pk) == [("Bericht 0",), ("Bericht 1",)]
    assert subjects_of.rows(user_id=world.wijkmanager_a.pk) == [("Bericht 0",)]
    assert subjects_of.count(user_id=world.opbouwwerker_a.pk) == 0
    # Built once to learn its model and once to compile it; never again.
    assert len(built) == 2
    assert all(value < -1_000_000_000 for value in built)  # stand-ins, never a real id


def test_a_value_its_query_does_not_hold_stops_the_first_call(db):
    @compiled("user_id")
    def unread_of_nobody(user_id):
        return Notification.objects.filter(read_at__isnull=True).values("pk")

    with pytest.raises(ValueError, match="not in its SQL: user_id"):
        unread_of_nobody.count(user_id=1)


def test_it_is_called_with_its_values_and_no_others(db):
    @compiled("user_id")
    def notifications_of(user_id):
        return Notification.objects.filter(user_id=user_id).values("pk")

    with pytest.raises(TypeError, match="takes user_id"):
        notifications_of.count(user=1)
    with pytest.raises(TypeError, match="takes user_id"):
        notifications_of.count(user_id=1, read=True)


def test_the_unread_count_counts_only_the_users_own_unread(world):
    _notify(world.agent_a, 3)
    _notify(world.wijkmanager_a, 2, read=True)
    _notify(world.opbouwwerker_a, 101)

    assert unread_count(world.agent_a) == 3
    assert unread_count(world.wijkmanager_a) == 0
    assert unread_count(world.opbouwwerker_a) == 100  # the menu shows 99+


def test_the_triage_count_is_what_the_triage_list_holds(world):
    """Proposals of both wijken, one answered by the police: each member's organisation is
    counted what waits for it in its own teams, as the list shows it."""
    for number in range(2, 6):
        intake("overlast-geluid", location=address(number=number))
    intake("overlast-geluid", location=address(postcode="3999AB", number=7))
    answered = open_proposal(Case.objects.order_by("pk").first())
    proposal_respond(actor=world.agent_a, proposal=answered, kind="agree")
    outsider = make_user("buiten@politie.test", world.politie, full_name="Olaf Buiten")

    people = [
        *(m.user for m in TeamMember.objects.select_related("user__organisation")),
        outsider,
    ]
    counted = {person.email: waiting_count(person) for person in people}
    listed = {person.email: proposals_waiting_for(person).count() for person in people}

    assert counted == listed
    assert counted[world.agent_a.email] == listed[world.agent_a.email] > 0
    assert counted[outsider.email] == 0  # in no team


def test_the_wijk_switch_gives_every_wijk_with_the_users_place_in_it(world):
    switch = districts_for_switch(world.agent_a)

    assert [(d.code, d.my_function is not None) for d in switch] == [
        ("WK099901", True),
        ("WK099902", False),
    ]
    membership = TeamMember.objects.get(user=world.agent_a)
    assert switch[0].my_membership == membership.pk
    assert switch[0].my_function == membership.function
    assert switch[0].name == membership.team.district.name


def _same_instance(mine, django, related: tuple[str, ...]) -> None:
    """The same row read the same way: every loaded field, the same fields left deferred, and
    the same related instances (by their loaded fields)."""
    assert type(mine) is type(django)
    assert mine.get_deferred_fields() == django.get_deferred_fields()
    loaded = [f.attname for f in type(mine)._meta.concrete_fields]
    loaded = [name for name in loaded if name not in mine.get_deferred_fields()]
    assert [getattr(mine, n) for n in loaded] == [getattr(django, n) for n in loaded]
    for path in related:
        mine_related, django_related = mine, django
        for name in path.split("__"):
            assert type(mine_related)._meta.get_field(name).is_cached(mine_related), path
            mine_related = getattr(mine_related, name)
            django_related = getattr(django_related, name)
        if django_related is not None:
            _same_instance(mine_related, django_related, ())
        else:
            assert mine_related is None


def test_instances_are_what_the_queryset_gives_joined_deferred_and_prefetched(world):
    """The case page's query: seven joined tables, the boundaries deferred along them, the
    involved organisations prefetched; a case that is not there is None."""
    from wijkteam.cases.access import _case_by_reference

    intake("overlast-geluid", location=address(number=2))
    case = Case.objects.order_by("pk").first()
    case.involved.add(world.welzijn, world.politie)
    django = _case_by_reference.queryset(reference=case.reference).get()

    mine = _case_by_reference.one(reference=case.reference)

    _same_instance(
        mine,
        django,
        ("team", "team__district", "neighbourhood", "category", "lead", "merged_into"),
    )
    assert "geometry" in mine.neighbourhood.get_deferred_fields()
    assert "geometry" in mine.team.district.get_deferred_fields()
    with CaptureQueriesContext(connection) as queries:
        involved = {organisation.pk for organisation in mine.involved.all()}
    assert involved == {world.welzijn.pk, world.politie.pk} and not queries  # prefetched
    assert _case_by_reference.one(reference="M-1999-00001") is None
    assert _case_by_reference.one(reference="' OR 1=1 --") is None  # a value, never SQL


def test_the_session_user_comes_with_its_organisation_and_its_two_factor_ids(world):
    from wijkteam.partners.auth import StaffBackend

    user = StaffBackend().get_user(world.agent_a.pk)

    assert user == world.agent_a
    assert user.organisation == world.politie
    assert type(user)._meta.get_field("organisation").is_cached(user)
    assert user.confirmed_totp_id is None and user.trusted_provider_id is None
    assert StaffBackend().get_user(-1) is None


def test_a_value_of_another_type_is_refused(db):
    @compiled(reference=str)
    def case_numbered(reference):
        return Case.objects.filter(reference=reference)

    with pytest.raises(TypeError, match="reference is a str"):
        case_numbered.one(reference=12)
    with pytest.raises(TypeError, match="must be int or str"):
        compiled(at=float)


def test_one_refuses_a_query_that_finds_more(world):
    @compiled("team_id")
    def cases_of_team(team_id):
        return Case.objects.filter(team_id=team_id)

    intake("overlast-geluid", location=address(number=2))
    intake("overlast-geluid", location=address(number=3))
    team_id = Case.objects.values_list("team_id", flat=True).first()

    assert len(cases_of_team.instances(team_id=team_id)) == 2
    with pytest.raises(ValueError, match="found 2, not one"):
        cases_of_team.one(team_id=team_id)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite is given a moment as text, PostgreSQL as one"
)
def test_a_query_about_now_is_refused(db):
    from django.utils import timezone

    @compiled("user_id")
    def recent_of(user_id):
        return Notification.objects.filter(user_id=user_id, created_at__gte=timezone.now())

    with pytest.raises(ValueError, match="holds a moment"):
        recent_of.instances(user_id=1)


def test_a_value_no_column_holds_finds_nothing_and_the_page_is_not_found(world, client):
    """A number beyond 64 bits (SQLite refuses to be given one) and a text with a NUL
    (PostgreSQL holds none) find nothing, as the ORM's own query does; a page asked for one
    answers 404, not an error."""
    from wijkteam.cases.access import _case_by_reference
    from wijkteam.meetings.access import _meeting

    assert _meeting.one(meeting_id=2**63) is None
    assert _meeting.instances(meeting_id=-(2**63) - 1) == []
    assert _meeting.count(meeting_id=10**20) == 0
    assert _case_by_reference.one(reference="Z-2026-\x0000001") is None
    client.force_login(world.wijkmanager_a)
    assert client.get("/overleg/99999999999999999999/").status_code == 404
