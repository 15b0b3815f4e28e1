"""Queries the ORM writes once per process (core/compiled.py): each call runs the kept SQL with
its own values, and answers what the ORM's own query answers."""

import pytest

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
