"""A partner puts a case forward for the wijkteamoverleg, with its reason: once per
organisation while it is open, only by who works the case and sees its details."""

import pytest
from django.urls import reverse

from tests.meetings.support import arrears_case, noise_case, planned_meeting
from wijkteam.core.errors import DomainError
from wijkteam.meetings.agenda import agenda_collect
from wijkteam.meetings.flags import case_flag_create
from wijkteam.meetings.models import AgendaItem, CaseFlag, ItemKind


def test_a_partner_flags_a_case_and_the_next_meeting_collects_it(client, world):
    case = noise_case()
    client.force_login(world.agent_a)
    url = reverse("meetings:flag", args=[case.reference])
    assert "Aanmelden voor het wijkteamoverleg" in client.get(url).content.decode()
    detail = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert url in detail

    response = client.post(url, {"reason": "Derde klacht deze maand"})

    assert response.status_code == 302
    flag = CaseFlag.objects.get(case=case)
    assert (flag.organisation, flag.flagged_by) == (world.politie, world.agent_a)
    assert case.events.filter(text__contains="Aangemeld voor het wijkteamoverleg").exists()
    meeting = planned_meeting(world)
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.kind, item.flag) == (ItemKind.FLAGGED, flag)


def test_a_second_flag_of_the_same_organisation_is_refused_clearly(client, world):
    case = noise_case()
    case_flag_create(actor=world.agent_a, case=case, reason="Eerste keer")
    client.force_login(world.agent_a)
    url = reverse("meetings:flag", args=[case.reference])
    assert "al aangemeld" in client.get(url).content.decode()

    refused = client.post(url, {"reason": "Nog een keer"})

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Uw organisatie heeft deze casus al aangemeld" in page and "Nog een keer" in page
    # Another organisation may still put it forward.
    case_flag_create(actor=world.opbouwwerker_a, case=case, reason="Zorgen")
    assert CaseFlag.objects.filter(case=case).count() == 2


def test_the_reason_is_required_and_short(world):
    case = noise_case()
    for reason, message in (("  ", "Vul in waarom"), ("x" * 301, "korter dan 300")):
        with pytest.raises(DomainError, match=message):
            case_flag_create(actor=world.agent_a, case=case, reason=reason)


def test_who_may_not_see_the_details_cannot_flag(client, world):
    arrears = arrears_case(world)
    client.force_login(world.agent_a)
    assert client.get(reverse("meetings:flag", args=[arrears.reference])).status_code == 404
    with pytest.raises(DomainError):
        case_flag_create(actor=world.agent_a, case=arrears, reason="Nee")
    client.force_login(world.wijkmanager_b)
    case = noise_case()
    assert client.get(reverse("meetings:flag", args=[case.reference])).status_code == 404
    assert client.get(reverse("meetings:flag", args=["Z-1999-99999"])).status_code == 404


def test_a_reader_is_refused(client, world):
    from wijkteam.partners.models import TeamFunction, TeamMember

    TeamMember.objects.create(team=world.team_a, user=world.reader, function=TeamFunction.OVERIG)
    case = noise_case()
    client.force_login(world.reader)
    url = reverse("meetings:flag", args=[case.reference])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Lezer"}).status_code == 403
    assert not CaseFlag.objects.exists()
