"""Beheer for initiatives: a functional admin sets each wijk's support threshold (through the
audited service), and finds initiatives in a read-only list that never shows their people."""

import pytest
from django.urls import reverse

from tests.initiative_rows import INITIATOR_EMAIL, INITIATOR_NAME, initiative_row, support
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import DomainError
from wijkteam.initiatives.models import DistrictInitiativeSettings, Stage
from wijkteam.initiatives.thresholds import district_threshold_set
from wijkteam.partners.actors import SYSTEM

ADD = reverse("admin:initiatives_districtinitiativesettings_add")


def _change(settings_row) -> str:
    return reverse("admin:initiatives_districtinitiativesettings_change", args=[settings_row.pk])


def test_a_functional_admin_sets_a_wijks_threshold_and_it_is_audited(client, world):
    client.force_login(world.admin)

    added = client.post(ADD, {"district": world.district_a.pk, "support_threshold": "25"})

    assert added.status_code == 302
    row = DistrictInitiativeSettings.objects.get(district=world.district_a)
    assert row.support_threshold == 25
    created = AuditEntry.objects.get(object_type="initiatives.districtinitiativesettings")
    assert (created.actor, created.action) == (world.admin, "initiative_threshold")
    assert created.changes["support_threshold"] == [None, 25]

    assert client.post(_change(row), {"support_threshold": "40"}).status_code == 302
    assert client.post(_change(row), {"support_threshold": "40"}).status_code == 302
    assert client.post(_change(row), {"support_threshold": ""}).status_code == 302

    row.refresh_from_db()
    assert row.support_threshold is None
    updates = AuditEntry.objects.filter(
        object_type="initiatives.districtinitiativesettings", action="initiative_threshold"
    ).order_by("id")
    assert [entry.changes["support_threshold"] for entry in updates] == [
        [None, 25],
        [25, 40],
        [40, None],
    ]


def test_a_new_row_is_only_offered_for_a_wijk_without_one(client, world):
    DistrictInitiativeSettings.objects.create(district=world.district_a, support_threshold=10)
    client.force_login(world.admin)

    page = client.get(ADD).content.decode()
    assert world.district_b.name in page and world.district_a.name not in page

    refused = client.post(ADD, {"district": world.district_a.pk, "support_threshold": "5"})
    assert refused.status_code == 200
    assert DistrictInitiativeSettings.objects.get().support_threshold == 10


@pytest.mark.parametrize("value", ["0", "-3", "100001", "veel", "1e9"])
def test_a_threshold_no_wijk_could_mean_is_refused_and_kept_in_the_form(client, world, value):
    client.force_login(world.admin)

    response = client.post(ADD, {"district": world.district_b.pk, "support_threshold": value})

    assert response.status_code == 200
    page = response.content.decode()
    assert "errornote" in page and f'value="{value}"' in page
    assert not DistrictInitiativeSettings.objects.exists()


def test_a_threshold_is_never_deleted_only_emptied(client, world):
    row = DistrictInitiativeSettings.objects.create(district=world.district_a, support_threshold=3)
    client.force_login(world.admin)

    url = reverse("admin:initiatives_districtinitiativesettings_delete", args=[row.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert DistrictInitiativeSettings.objects.filter(pk=row.pk).exists()


def test_the_team_chair_or_the_system_may_set_the_threshold_and_nobody_else(world):
    assert (
        district_threshold_set(actor=world.wijkmanager_a, district=world.district_a, threshold=12)[
            0
        ].support_threshold
        == 12
    )
    assert (
        district_threshold_set(actor=SYSTEM, district=world.district_a, threshold=None)[
            0
        ].support_threshold
        is None
    )
    for user in (world.wijkmanager_b, world.agent_a, world.reader):
        with pytest.raises(DomainError):
            district_threshold_set(actor=user, district=world.district_a, threshold=1)
    with pytest.raises(DomainError):
        district_threshold_set(actor=None, district=world.district_a, threshold=1)
    assert DistrictInitiativeSettings.objects.get().support_threshold is None


def test_initiatives_are_listed_read_only_without_their_people(client, world):
    initiative = initiative_row(world, stage=Stage.PLAN, hidden=True)
    supporters = support(initiative, in_wijk=1)
    client.force_login(world.admin)

    listed = client.get(reverse("admin:initiatives_initiative_changelist")).content.decode()
    shown = client.get(
        reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    ).content.decode()

    row = listed.split('id="result_list"')[1].split("</table>")[0]
    fields = shown.split('id="content-main"')[1]
    for part in (row, fields):
        assert initiative.reference in part and "Voetbalkooi bij het speelveld" in part
        assert "Wijk 01 Testoord" in part and ">Plan<" in part
    assert 'alt="True"' in row and 'alt="True"' in fields  # confirmed, hidden
    for page in (listed, shown):
        for personal in (INITIATOR_NAME, INITIATOR_EMAIL, supporters[0].email, "3901AB"):
            assert personal not in page
    change = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    assert client.post(change, {"title": "Anders"}).status_code == 403
    assert client.get(reverse("admin:initiatives_initiative_add")).status_code == 403
    delete = reverse("admin:initiatives_initiative_delete", args=[initiative.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    initiative.refresh_from_db()
    assert initiative.title == "Voetbalkooi bij het speelveld"


def test_the_list_finds_an_initiative_by_its_number(client, world):
    wanted = initiative_row(world, title="Muurschildering")
    initiative_row(world, title="Voetbalkooi")
    client.force_login(world.admin)

    page = client.get(
        reverse("admin:initiatives_initiative_changelist"), {"q": wanted.reference}
    ).content.decode()

    assert "Muurschildering" in page and "Voetbalkooi" not in page
