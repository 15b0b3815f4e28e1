"""An initiative's staff page through HTTP: what it shows to whom, and each form on it (the
stage with the confirmation for stopping, the plan, contributions, milestones with photos and
their publication, remarks), with Dutch errors that keep what was typed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.initiatives.team_support import (
    INITIATOR_EMAIL,
    INITIATOR_NAME,
    png_upload,
    promise,
    propose,
    support,
    to_stage,
)
from wijkteam.initiatives.milestones import milestone_add
from wijkteam.initiatives.models import (
    Contribution,
    ContributionKind,
    InitiativeComment,
    InitiativeUpdate,
    Milestone,
    Stage,
)
from wijkteam.initiatives.remarks import initiative_remark_add


def _login(client, user):
    client.force_login(user)
    return client


def _url(name: str, initiative, *args) -> str:
    return reverse(f"projects:{name}", args=[initiative.reference, *args])


def test_the_page_shows_the_idea_its_support_and_its_story(client, world):
    initiative = to_stage(world, propose(world, title="Voetbalkooi"), Stage.TEAM)
    support(initiative, "a@bewoner.test", comment="Eindelijk een plek om te voetballen!")
    support(initiative, "b@bewoner.test", wijk_check="onbevestigd")
    support(initiative, "c@bewoner.test", wijk_check="buiten")
    page = _login(client, world.agent_a).get(_url("detail", initiative)).content.decode()
    assert "Voetbalkooi" in page and initiative.reference in page
    assert "De kinderen hebben geen plek om te voetballen." in page
    assert "Wij helpen met opbouwen." in page
    assert "3 bevestigde steunbetuigingen" in page
    assert "1 uit de wijk, 1 van buiten de wijk, 1 met een adres dat niet gecontroleerd" in page
    assert "Eindelijk een plek om te voetballen!" in page
    assert "Het idee ligt bij het wijkteam" in page
    # Never who supports.
    assert "a@bewoner.test" not in page


def test_the_gemeente_sees_the_initiator_of_a_new_idea_the_police_only_once_it_is_with_the_team(
    client, world
):
    idea = propose(world)
    manager_page = _login(client, world.wijkmanager_a).get(_url("detail", idea)).content.decode()
    assert INITIATOR_NAME in manager_page and INITIATOR_EMAIL in manager_page
    agent_page = _login(client, world.agent_a).get(_url("detail", idea)).content.decode()
    assert INITIATOR_NAME not in agent_page and INITIATOR_EMAIL not in agent_page
    assert "Een bewonerscommissie" in agent_page
    to_stage(world, idea, Stage.TEAM)
    agent_page = client.get(_url("detail", idea)).content.decode()
    assert INITIATOR_NAME in agent_page and INITIATOR_EMAIL in agent_page


def test_an_unconfirmed_or_missing_initiative_is_a_404(client, world):
    unconfirmed = propose(world, confirm=False)
    client = _login(client, world.wijkmanager_a)
    assert client.get(_url("detail", unconfirmed)).status_code == 404
    assert client.get(reverse("projects:detail", args=["I-2026-99999"])).status_code == 404


def test_the_forms_follow_who_the_user_is(client, world):
    initiative = to_stage(world, propose(world), Stage.PLAN)
    manager = _login(client, world.wijkmanager_a).get(_url("detail", initiative)).content.decode()
    for form in ("projects:stage", "projects:plan", "projects:moderate", "projects:milestone_add"):
        assert reverse(form, args=[initiative.reference]) in manager, form
    agent = _login(client, world.agent_a).get(_url("detail", initiative)).content.decode()
    assert _url("stage", initiative) not in agent and _url("moderate", initiative) not in agent
    assert _url("contribution_add", initiative) in agent
    assert _url("comment_add", initiative) in agent
    assert f'<option value="{world.politie.pk}"' in agent
    assert f'<option value="{world.gemeente.pk}"' not in agent


def test_the_date_fields_start_at_today_in_the_form_a_browser_date_input_reads(client, world):
    # A date input shows nothing for a value not written yyyy-mm-dd (the Dutch 05-12-2026), and
    # the form would come back with "Dit veld is verplicht".
    initiative = to_stage(world, propose(world), Stage.PLAN)
    page = _login(client, world.wijkmanager_a).get(_url("detail", initiative)).content.decode()
    today = timezone.localdate().isoformat()
    for name in ("contribution-promised_on", "milestone-happened_on"):
        assert f'type="date" name="{name}" value="{today}"' in page, name


def test_the_wijkmanager_moves_the_initiative_on(client, world):
    initiative = propose(world)
    response = _login(client, world.wijkmanager_a).post(
        _url("stage", initiative),
        {"stage-stage": Stage.TEAM, "stage-message": "We bespreken het in het overleg."},
    )
    assert response.status_code == 302 and response["Location"].endswith("#fase")
    initiative.refresh_from_db()
    assert initiative.stage == Stage.TEAM
    assert InitiativeUpdate.objects.get(stage=Stage.TEAM).text == "We bespreken het in het overleg."


def test_a_step_the_table_does_not_offer_comes_back_with_an_error(client, world):
    initiative = propose(world)
    response = _login(client, world.wijkmanager_a).post(
        _url("stage", initiative), {"stage-stage": Stage.REALISED, "stage-message": "Klaar!"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and "Klaar!" in page
    initiative.refresh_from_db()
    assert initiative.stage == Stage.IDEA


def test_stopping_without_a_reason_asks_for_one_and_keeps_nothing_changed(client, world):
    initiative = to_stage(world, propose(world), Stage.PLAN)
    response = _login(client, world.wijkmanager_a).post(
        _url("stage", initiative), {"stage-stage": Stage.STOPPED, "stage-message": ""}
    )
    assert response.status_code == 400
    assert "Schrijf waarom het initiatief niet doorgaat" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.stage == Stage.PLAN


def test_stopping_is_confirmed_on_a_page_of_its_own_before_anything_changes(client, world):
    initiative = to_stage(world, propose(world), Stage.PLAN)
    client = _login(client, world.wijkmanager_a)
    reason = "De grond blijkt vervuild; de gemeente zoekt een andere plek."
    asked = client.post(
        _url("stage", initiative), {"stage-stage": Stage.STOPPED, "stage-message": reason}
    )
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Ja, het initiatief gaat niet door" in page and reason in page
    initiative.refresh_from_db()
    assert initiative.stage == Stage.PLAN
    confirmed = client.post(
        _url("stage", initiative),
        {"stage-stage": Stage.STOPPED, "stage-message": reason, "stage-bevestigd": "on"},
    )
    assert confirmed.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.stage, initiative.stop_reason) == (Stage.STOPPED, reason)


def test_the_plan_is_written_on_the_page(client, world):
    initiative = to_stage(world, propose(world), Stage.TEAM)
    client = _login(client, world.wijkmanager_a)
    client.post(_url("plan", initiative), {"plan-plan": "De gemeente verhardt de grond."})
    page = client.get(_url("detail", initiative)).content.decode()
    assert "De gemeente verhardt de grond." in page
    too_long = client.post(_url("plan", initiative), {"plan-plan": "x" * 4001})
    assert too_long.status_code == 400


def _contribution(client, initiative, **data):
    given = {
        "contribution-kind": ContributionKind.HOURS,
        "contribution-amount": "12,5",
        "contribution-description": "Toezicht",
        "contribution-promised_on": timezone.localdate().isoformat(),
    }
    given.update({f"contribution-{key}": value for key, value in data.items()})
    return client.post(_url("contribution_add", initiative), given)


def test_the_police_member_records_its_own_hours(client, world):
    initiative = to_stage(world, propose(world), Stage.PLAN)
    client = _login(client, world.agent_a)
    response = _contribution(client, initiative, organisation=str(world.politie.pk))
    assert response.status_code == 302
    made = Contribution.objects.get()
    assert (made.organisation, str(made.amount), made.kind) == (world.politie, "12.50", "uren")
    page = client.get(_url("detail", initiative)).content.decode()
    assert "Politie Test" in page and "12,5" in page


def test_the_police_member_is_told_the_gemeente_records_its_own_contribution(client, world):
    initiative = to_stage(world, propose(world), Stage.PLAN)
    response = _contribution(
        _login(client, world.agent_a),
        initiative,
        organisation=str(world.gemeente.pk),
        kind=ContributionKind.MONEY,
        amount="5.000,00",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "U legt alleen de bijdrage van uw eigen organisatie vast" in page
    assert 'value="5.000,00"' in page  # nothing typed is lost
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    "data,message",
    [
        ({"kind": ContributionKind.MONEY, "amount": ""}, "Vul het bedrag in euro"),
        ({"kind": ContributionKind.MONEY, "amount": "1.2.3,4,5"}, "Vul een bedrag of een aantal"),
        ({"kind": ContributionKind.MONEY, "amount": "twaalf"}, "Vul een bedrag of een aantal"),
        ({"kind": ContributionKind.PERMIT, "amount": "", "description": ""}, "Beschrijf welk"),
        ({"organisation": "999999"}, "Kies een partner van dit wijkteam."),
        ({"promised_on": "31-02-2026"}, ""),
    ],
)
def test_a_contribution_with_a_mistake_comes_back_with_its_message(client, world, data, message):
    initiative = to_stage(world, propose(world), Stage.PLAN)
    data.setdefault("organisation", str(world.gemeente.pk))
    response = _contribution(_login(client, world.wijkmanager_a), initiative, **data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and message in page
    assert not Contribution.objects.exists()


def test_an_amount_is_read_as_the_page_writes_it(client, world):
    initiative = to_stage(world, propose(world), Stage.PLAN)
    response = _contribution(
        _login(client, world.wijkmanager_a),
        initiative,
        organisation=str(world.gemeente.pk),
        kind=ContributionKind.MONEY,
        amount="2.400",
    )
    assert response.status_code == 302
    assert Contribution.objects.get().amount == Decimal("2400.00")  # as on the resident's form


def test_a_contribution_is_marked_delivered_from_the_page(client, world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    money = promise(
        world,
        initiative,
        organisation=world.gemeente,
        amount="2500.00",
        promised_on=timezone.localdate() - timedelta(days=20),
    )
    client = _login(client, world.wijkmanager_a)
    day = (timezone.localdate() - timedelta(days=2)).isoformat()
    response = client.post(
        _url("contribution_deliver", initiative, money.pk), {f"deliver{money.pk}-delivered_on": day}
    )
    assert response.status_code == 302
    money.refresh_from_db()
    assert (money.status, money.delivered_on.isoformat()) == ("geleverd", day)
    again = client.post(_url("contribution_deliver", initiative, money.pk), follow=True)
    assert "Deze bijdrage staat al op geleverd." in again.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0001-01-01", "Vul een datum in tussen"),
        ("2026-02-30", "Voer een geldige datum in"),
        ("2999-01-01", "Vul een datum in tussen"),
        ("__future__", "niet in de toekomst"),
        ("__before_promise__", "niet voor de datum van toezeggen"),
    ],
)
def test_a_delivery_date_that_cannot_be_right_comes_back_at_its_field(
    client, world, typed, message
):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    promised = timezone.localdate() - timedelta(days=5)
    money = promise(world, initiative, organisation=world.gemeente, promised_on=promised)
    typed = {
        "__future__": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "__before_promise__": (promised - timedelta(days=1)).isoformat(),
    }.get(typed, typed)
    field = f"deliver{money.pk}-delivered_on"
    response = _login(client, world.wijkmanager_a).post(
        _url("contribution_deliver", initiative, money.pk), {field: typed}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and message in page
    assert f'name="{field}" value="{typed}"' in page
    assert 'aria-invalid="true"' in page
    money.refresh_from_db()
    assert money.status == "toegezegd"


def test_a_milestone_with_a_photo_is_recorded_and_its_photo_shown_to_the_team(client, world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    client = _login(client, world.consulent_a)
    response = client.post(
        _url("milestone_add", initiative),
        {
            "milestone-title": "Struiken weggehaald",
            "milestone-happened_on": timezone.localdate().isoformat(),
            "milestone-description": "De gemeente heeft de struiken weggehaald.",
            "milestone-photos": png_upload(),
        },
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    (photo,) = milestone.photos.all()
    page = client.get(_url("detail", initiative)).content.decode()
    assert "Struiken weggehaald" in page and _url("photo", initiative, photo.pk) in page
    image = client.get(_url("photo", initiative, photo.pk))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert (
        _login(client, world.wijkmanager_b).get(_url("photo", initiative, photo.pk)).status_code
        == 404
    )


def test_a_milestone_with_a_mistake_keeps_what_was_typed(client, world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    response = _login(client, world.consulent_a).post(
        _url("milestone_add", initiative),
        {
            "milestone-title": "Grond verhard",
            "milestone-happened_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "milestone-description": "Met klinkers.",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "de datum kan niet in de toekomst liggen" in page
    assert 'value="Grond verhard"' in page and "Met klinkers." in page
    assert not Milestone.objects.exists()


def test_a_broken_photo_is_refused_with_its_name(client, world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    response = _login(client, world.consulent_a).post(
        _url("milestone_add", initiative),
        {
            "milestone-title": "Grond verhard",
            "milestone-happened_on": timezone.localdate().isoformat(),
            "milestone-photos": SimpleUploadedFile("kapot.png", b"geen foto", "image/png"),
        },
    )
    assert response.status_code == 400
    assert "kapot.png" in response.content.decode()
    assert not Milestone.objects.exists()


def test_publishing_a_milestone_asks_first_and_says_who_gets_it(client, world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    support(initiative, "buur@bewoner.test")
    milestone = milestone_add(
        actor=world.consulent_a,
        initiative=initiative,
        title="Muurschildering klaar",
        happened_on=timezone.localdate(),
    )
    client = _login(client, world.consulent_a)
    url = _url("milestone_publish", initiative, milestone.pk)
    asked = client.get(url)
    assert asked.status_code == 200
    assert "naar 2 bewoners die om berichten vroegen" in asked.content.decode()
    milestone.refresh_from_db()
    assert milestone.published_at is None
    assert client.post(url).status_code == 302
    milestone.refresh_from_db()
    assert milestone.published_at is not None
    again = client.post(url)
    assert again.status_code == 400 and "al gepubliceerd" in again.content.decode()
    assert InitiativeUpdate.objects.filter(milestone=milestone).count() == 1


def test_a_remark_is_for_the_team(client, world):
    initiative = propose(world)
    client = _login(client, world.agent_a)
    response = client.post(_url("comment_add", initiative), {"remark-text": "Bekende plek."})
    assert response.status_code == 302
    assert InitiativeComment.objects.get().author == world.agent_a
    assert "Bekende plek." in client.get(_url("detail", initiative)).content.decode()
    empty = client.post(_url("comment_add", initiative), {"remark-text": ""})
    assert empty.status_code == 400 and 'class="error-summary"' in empty.content.decode()


def test_the_page_takes_the_same_number_of_queries_however_much_it_shows(
    client, world, django_assert_max_num_queries
):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    client = _login(client, world.wijkmanager_a)

    def add_some(n: int) -> None:
        promise(world, initiative, organisation=world.gemeente, amount=f"{n + 1}")
        promise(world, initiative, organisation=world.politie, amount=f"{n + 1}")
        milestone_add(
            actor=world.consulent_a,
            initiative=initiative,
            title=f"Stap {n}",
            happened_on=timezone.localdate(),
        )
        initiative_remark_add(actor=world.agent_a, initiative=initiative, text=f"Opmerking {n}")
        support(initiative, f"fan{n}@bewoner.test", comment=f"Goed plan {n}")

    add_some(0)
    with django_assert_max_num_queries(60) as few:
        client.get(_url("detail", initiative))
    for n in range(1, 8):
        add_some(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(_url("detail", initiative)).content.decode()
    assert "Stap 7" in page and "Goed plan 7" in page
