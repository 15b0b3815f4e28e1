"""No sequence of allowed actions may leak (the ground rules): the authorization matrix asks every
route about an initiative as it stands; these tests take initiatives through the steps the
residents and the team take, one after another, and after each step read the pages that may
show it, public and the team's, for what each may show.

What may be shown (issue 18): of the initiator, whose name is not to be shown, nothing on a
public page; their name and email address on the team's page for the gemeente's members of the
team and coordinators, for its other members once the idea is with the wijkteam. Of a supporter
nothing, on any page (how many, and their public words only). The team's remarks only on the
team's pages. A hidden idea is not on a public page at all."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import add_member, make_user
from tests.initiatives.conftest import link_in, mails_to
from tests.initiatives.team_support import (
    INITIATOR_EMAIL,
    INITIATOR_NAME,
    png_upload,
    propose,
    to_stage,
)
from wijkteam.access.models import AuditEntry
from wijkteam.initiatives.milestones import milestone_add, milestone_publish
from wijkteam.initiatives.models import Initiative, Stage, Supporter
from wijkteam.initiatives.moderation import initiative_hide, initiative_show
from wijkteam.initiatives.remarks import initiative_remark_add
from wijkteam.initiatives.thresholds import district_threshold_set
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Role, TeamFunction, TeamMember
from wijkteam.privacy.retention import initiatives_retention_run
from wijkteam.signals.photos import process_photo

INITIATOR = (INITIATOR_NAME, INITIATOR_EMAIL)
# A supporter's address (wijk A in the address service's fake: tests/conftest.py).
SUPPORTER_EMAIL = "steun.markerbuur@example.test"
SUPPORTER = (SUPPORTER_EMAIL, "3999AB", "3999 AB")
NEIGHBOUR = "MARKERBUURMAN"  # a neighbour named in the idea's text: moderated away
REMARK = "MARKERINTERN overleg met de corporatie loopt"


def public_view(initiative) -> tuple[int, str]:
    """What anyone reads: the initiative's page (its status) and the lists it would be on."""
    anyone = Client()
    detail = anyone.get(reverse("initiatives:detail", args=[initiative.reference]))
    lists = [
        anyone.get(reverse("initiatives:index")),
        anyone.get(reverse("initiatives:wijk", args=[initiative.district.code])),
    ]
    assert all(page.status_code == 200 for page in lists)
    return detail.status_code, "".join(page.content.decode() for page in [detail, *lists])


def team_view(user, initiative) -> tuple[int, str]:
    """What ``user`` reads on the team's pages: the initiative's page (its status) and the
    team's list."""
    client = Client()
    client.force_login(user)
    detail = client.get(reverse("projects:detail", args=[initiative.reference]))
    listed = client.get(reverse("projects:team", args=[initiative.district.code]))
    return detail.status_code, detail.content.decode() + listed.content.decode()


def beheer_view(admin) -> str:
    """Beheer's outbox and list of initiatives, as a functional admin reads them."""
    client = Client()
    client.force_login(admin)
    pages = [
        client.get(reverse("admin:notifications_outgoingemail_changelist")),
        client.get(reverse("admin:initiatives_initiative_changelist")),
    ]
    assert all(page.status_code == 200 for page in pages)
    return "".join(page.content.decode() for page in pages)


def shown(page: str, words) -> list[str]:
    return [word for word in words if word in page]


def ask_support(initiative, email: str = SUPPORTER_EMAIL, **more) -> None:
    data = {"email": email, "comment": "", "website": "", **more}
    response = Client().post(reverse("initiatives:support", args=[initiative.reference]), data)
    assert response.status_code == 302, response.content.decode()


def support_link(run_worker, email: str) -> str:
    run_worker()
    return link_in(mails_to(email)[-1], "/initiatieven/steun/bevestigen/")


def moderate(user, initiative, **data) -> None:
    client = Client()
    client.force_login(user)
    response = client.post(reverse("projects:moderate", args=[initiative.reference]), data)
    assert response.status_code == 302, response.content.decode()


def test_a_supporter_stays_unknown_while_the_idea_is_hidden_edited_realised_and_cleaned_up(
    world, pdok, run_worker
):
    initiative = propose(world, description=f"Buurman {NEIGHBOUR} op nummer 3 vindt het goed.")
    manager = world.wijkmanager_a
    ask_support(
        initiative,
        postcode="3999 AB",
        house_number="7",
        comment="Fijn voor de kinderen",
        wants_updates="on",
    )
    assert Client().post(support_link(run_worker, SUPPORTER_EMAIL)).status_code == 302
    ask_support(initiative, email="later@example.test")  # confirms only after the hiding
    later = support_link(run_worker, "later@example.test")
    supporter = Supporter.objects.get(email=SUPPORTER_EMAIL)
    assert (supporter.confirmed_at is not None, supporter.wijk_check) == (True, "in_wijk")

    status, public = public_view(initiative)
    assert status == 200 and "Fijn voor de kinderen" in public
    assert shown(public, SUPPORTER + INITIATOR) == []
    status, team = team_view(manager, initiative)
    assert status == 200 and shown(team, INITIATOR) == list(INITIATOR)
    assert shown(team, SUPPORTER) == []

    moderate(manager, initiative, handeling="verbergen", **{"visibility-reason": "Een naam"})
    status, public = public_view(initiative)
    assert status == 404
    assert shown(public, (initiative.title, NEIGHBOUR, *SUPPORTER, *INITIATOR)) == []
    anyone = Client()
    support_page = reverse("initiatives:support", args=[initiative.reference])
    assert anyone.get(support_page).status_code == 404
    # A link asked for before the idea was hidden confirms nothing while it is: "not there".
    assert (anyone.get(later).status_code, anyone.post(later).status_code) == (404, 404)
    assert Supporter.objects.get(email="later@example.test").confirmed_at is None
    status, team = team_view(manager, initiative)
    assert status == 200 and "Verborgen voor bewoners" in team
    assert shown(team, SUPPORTER) == []

    moderate(
        manager,
        initiative,
        handeling="tekst",
        **{
            "text-title": initiative.title,
            "text-description": "Een buurman vindt het goed.",
            "text-own_contribution": initiative.own_contribution,
            "text-reason": "Geen namen van buren",
        },
    )
    moderate(manager, initiative, handeling="tonen", **{"visibility-reason": ""})
    status, public = public_view(initiative)
    assert status == 200 and "Een buurman vindt het goed." in public
    assert shown(public, (NEIGHBOUR, *SUPPORTER, *INITIATOR)) == []
    _status, team = team_view(manager, initiative)
    assert shown(team, (NEIGHBOUR, *SUPPORTER)) == []
    # What was moderated away is not kept in the trail either (lengths and digests only).
    assert not [e for e in AuditEntry.objects.all() if NEIGHBOUR in str(e.changes)]

    initiative = to_stage(world, initiative, Stage.REALISED)
    status, public = public_view(initiative)
    assert status == 200 and "Gerealiseerd" in public
    assert shown(public, SUPPORTER + INITIATOR) == []
    refused = Client().post(support_page, {"email": "nog@example.test", "website": ""})
    assert refused.status_code == 409
    run_worker()  # the update emails go out, to the supporter too
    assert OutgoingEmail.objects.filter(to=SUPPORTER_EMAIL).exists()
    assert shown(beheer_view(world.admin), SUPPORTER + INITIATOR) == []

    report = initiatives_retention_run(actor=SYSTEM, now=timezone.now() + timedelta(days=400))
    assert report.initiatives == 1
    status, team = team_view(manager, initiative)
    assert status == 200 and "persoonsgegevens" in team
    assert shown(team, SUPPORTER + INITIATOR) == []
    status, public = public_view(initiative)
    assert status == 200
    assert shown(public, SUPPORTER + INITIATOR) == []
    assert not OutgoingEmail.objects.filter(to__in=[SUPPORTER_EMAIL, INITIATOR_EMAIL]).exists()
    assert shown(beheer_view(world.admin), SUPPORTER + INITIATOR) == []


def test_a_member_who_moves_to_another_wijkteam_no_longer_sees_the_old_teams_initiatives(world):
    initiative = to_stage(world, propose(world), Stage.TEAM)
    initiative_remark_add(actor=world.wijkmanager_a, initiative=initiative, text=REMARK)
    agent = world.agent_a
    status, team = team_view(agent, initiative)
    assert status == 200 and shown(team, (*INITIATOR, REMARK)) == [*INITIATOR, REMARK]

    # Beheer moves the wijkagent to wijk B's team (its inline list of members).
    TeamMember.objects.filter(team=world.team_a, user=agent).delete()
    add_member(world.team_b, agent, TeamFunction.WIJKAGENT)
    client = Client()
    client.force_login(agent)
    for name, args in (
        ("projects:detail", [initiative.reference]),
        ("projects:team", [world.district_a.code]),
        ("projects:budget", [world.district_a.code]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert client.get(reverse("projects:team", args=[world.district_b.code])).status_code == 200
    # The notification of the idea reaching the team stays theirs; its link leads nowhere now,
    # and no page they can open holds who proposed it or what the team remarked.
    notifications = client.get(reverse("notifications:list"))
    assert initiative.reference in notifications.content.decode()
    pages = [
        notifications,
        client.get(reverse("teams:detail", args=[world.district_a.code])),
        client.get(reverse("initiatives:detail", args=[initiative.reference])),
    ]
    for page in pages:
        assert shown(page.content.decode(), (*INITIATOR, REMARK)) == [], page.request["PATH_INFO"]


def test_the_teams_partners_see_the_initiator_once_the_support_takes_the_idea_to_the_team(
    world, run_worker
):
    """The gemeente takes new ideas in and sees who proposed them at once; the team's other
    partners from the moment the idea is with the team, here by its support reaching the wijk's
    threshold (the system's step)."""
    district_threshold_set(actor=world.wijkmanager_a, district=world.district_a, threshold=2)
    initiative = propose(world)
    in_team_b = make_user("wm2.b@gemeente.test", world.gemeente, Role.MEDEWERKER)
    add_member(world.team_b, in_team_b, TeamFunction.OVERIG)

    def seen_by(user) -> tuple[int, list[str]]:
        status, page = team_view(user, initiative)
        return status, shown(page, INITIATOR) if status == 200 else []

    assert seen_by(world.wijkmanager_a) == (200, list(INITIATOR))
    assert seen_by(world.agent_a) == (200, [])
    for number, email in enumerate(("een@example.test", "twee@example.test"), start=1):
        ask_support(initiative, email=email)
        assert Client().post(support_link(run_worker, email)).status_code == 302
        initiative.refresh_from_db()
        expected = Stage.TEAM if number == 2 else Stage.IDEA
        assert initiative.stage == expected
        assert seen_by(world.agent_a) == (200, list(INITIATOR) if number == 2 else [])
        assert seen_by(world.consulent_a)[1] == seen_by(world.agent_a)[1]
        assert seen_by(in_team_b) == (404, [])
        status, public = public_view(initiative)
        assert status == 200 and shown(public, INITIATOR) == []


def test_only_published_milestones_and_shown_comments_are_public_through_hiding_and_showing(
    world,
):
    initiative = to_stage(world, propose(world), Stage.PLAN)
    manager = world.wijkmanager_a
    published, draft = (
        milestone_add(
            actor=world.consulent_a,
            initiative=initiative,
            title=title,
            happened_on=timezone.localdate(),
            photos=[process_photo(upload=png_upload())],
        )
        for title in ("Struiken weggehaald", "Interne tussenstap")
    )
    comment = Supporter.objects.create(
        initiative=initiative,
        email=SUPPORTER_EMAIL,
        comment="Niet zo'n goed idee van die MARKERREACTIE",
        confirmed_at=timezone.now(),
    )
    public_photo = [
        reverse("initiatives:photo", args=[initiative.reference, photo.pk])
        for photo in (published.photos.get(), draft.photos.get())
    ]
    team_photo = [
        reverse("projects:photo", args=[initiative.reference, photo.pk])
        for photo in (published.photos.get(), draft.photos.get())
    ]
    team = Client()
    team.force_login(world.agent_a)

    def photos() -> tuple[list[int], list[int]]:
        return (
            [Client().get(url).status_code for url in public_photo],
            [team.get(url).status_code for url in team_photo],
        )

    def public() -> str:
        status, page = public_view(Initiative.objects.get(pk=initiative.pk))
        return page if status == 200 else ""

    assert photos() == ([404, 404], [200, 200])
    assert "Struiken weggehaald" not in public()
    milestone_publish(actor=world.consulent_a, milestone=published)
    assert photos() == ([200, 404], [200, 200])
    assert "Struiken weggehaald" in public() and "Interne tussenstap" not in public()

    initiative_hide(actor=manager, initiative=initiative, reason="Even van de site")
    assert photos() == ([404, 404], [200, 200])
    initiative_show(actor=manager, initiative=initiative)
    assert photos() == ([200, 404], [200, 200])

    assert "MARKERREACTIE" in public()
    client = Client()
    client.force_login(manager)
    hide = reverse("projects:support_comment_hide", args=[initiative.reference, comment.pk])
    response = client.post(hide, {f"hide{comment.pk}-reason": "Kwetsend"})
    assert response.status_code == 302
    assert "MARKERREACTIE" not in public()
    _status, page = team_view(world.agent_a, initiative)
    assert "MARKERREACTIE" in page and "verborgen" in page  # the team sees it, marked
    assert shown(page + public(), SUPPORTER) == []
