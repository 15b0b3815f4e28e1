from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.access.models import AuditEntry
from wijkteam.partners.models import Organisation


def test_functional_admin_configures_an_organisation_and_it_is_audited(client, world):
    client.force_login(world.admin)
    url = reverse("admin:partners_organisation_change", args=[world.welzijn.pk])

    assert client.get(reverse("admin:index")).status_code == 200
    response = client.post(
        url,
        {
            "name": "Welzijn Test",
            "kind": "welzijn",
            "phone": "0318 999 999",
            "email": "",
            "website": "",
            # The page's inline for logging in through the organisation's provider, left empty.
            "oidc_provider-TOTAL_FORMS": "0",
            "oidc_provider-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert Organisation.objects.get(pk=world.welzijn.pk).phone == "0318 999 999"
    entry = AuditEntry.objects.get(object_type="partners.organisation", action="update")
    assert entry.actor == world.admin
    assert entry.changes["phone"] == ["0318 111 222", "0318 999 999"]
    assert "name" not in entry.changes


def test_functional_admin_sees_the_configuration_pages(client, world):
    client.force_login(world.admin)

    for name in (
        "admin:areas_district_changelist",
        "admin:areas_neighbourhood_changelist",
        "admin:partners_team_changelist",
        "admin:partners_user_changelist",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert (
        client.get(reverse("admin:partners_team_change", args=[world.team_a.pk])).status_code == 200
    )


def test_other_roles_have_no_admin(client, world):
    for user in (world.wijkmanager_a, world.reader, world.agent_a):
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert "login" in response.url


def test_audit_trail_cannot_be_edited_in_the_admin(client, world):
    client.force_login(world.admin)
    client.post(
        reverse("admin:partners_organisation_change", args=[world.welzijn.pk]),
        {"name": "Welzijn Test", "kind": "welzijn", "phone": "1", "email": "", "website": ""},
    )
    entry = AuditEntry.objects.first()

    assert client.get(reverse("admin:access_auditentry_changelist")).status_code == 200
    assert (
        client.post(
            reverse("admin:access_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_adding_a_team_member_in_the_admin_is_audited(client, world):
    client.force_login(world.admin)
    url = reverse("admin:partners_team_change", args=[world.team_b.pk])
    partners = list(world.team_b.team_partners.all())
    members = list(world.team_b.members.all())
    data = {
        "district": world.district_b.pk,
        "description": "",
        "meeting_schedule": "elke vrijdag",
        "response_working_days": 1,
        "urgent_response_hours": 2,
        "team_partners-TOTAL_FORMS": len(partners),
        "team_partners-INITIAL_FORMS": len(partners),
        "team_partners-MIN_NUM_FORMS": 0,
        "team_partners-MAX_NUM_FORMS": 1000,
        "members-TOTAL_FORMS": len(members) + 1,
        "members-INITIAL_FORMS": len(members),
        "members-MIN_NUM_FORMS": 0,
        "members-MAX_NUM_FORMS": 1000,
    }
    for i, partner in enumerate(partners):
        data |= {
            f"team_partners-{i}-id": partner.pk,
            f"team_partners-{i}-team": world.team_b.pk,
            f"team_partners-{i}-organisation": partner.organisation_id,
            f"team_partners-{i}-is_core": "on",
        }
    for i, member in enumerate(members):
        data |= {
            f"members-{i}-id": member.pk,
            f"members-{i}-team": world.team_b.pk,
            f"members-{i}-user": member.user_id,
            f"members-{i}-function": member.function,
            f"members-{i}-availability": member.availability,
        }
    new = len(members)
    data |= {
        f"members-{new}-team": world.team_b.pk,
        f"members-{new}-user": world.agent_a.pk,
        f"members-{new}-function": "wijkagent",
        f"members-{new}-availability": "di en do",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert world.team_b.members.filter(user=world.agent_a, function="wijkagent").exists()
    audited = AuditEntry.objects.filter(actor=world.admin).values_list("object_type", "action")
    assert ("partners.teammember", "create") in audited
    assert ("partners.team", "update") in audited


def test_functional_admin_edits_a_category_and_it_is_audited(client, world):
    from wijkteam.signals.models import Category

    category = Category.objects.get(slug="overlast-geluid")
    client.force_login(world.admin)
    url = reverse("admin:signals_category_change", args=[category.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:signals_category_changelist")).status_code == 200

    response = client.post(
        url,
        {
            "parent": category.parent_id,
            "name": "Geluid",
            "slug": "overlast-geluid",
            "public_name": "Lawaai van buren",
            "help_text": "",
            "sort_order": 1,
            "is_active": "on",
            "default_lead_kind": "corporatie",
            "lead_kind_if_not_tenant": "buurtbemiddeling",
            "lead_note": "",
            "sensitivity": "team",
            "residents_may_report": "on",
            "response_days": 3,
            "retention_months": 12,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert (category.public_name, category.response_days) == ("Lawaai van buren", 3)
    entry = AuditEntry.objects.get(object_type="signals.category")
    assert entry.changes["response_days"] == [5, 3]


def test_signals_are_not_in_the_admin(client, world):
    client.force_login(world.admin)

    assert client.get("/beheer/signals/signal/").status_code == 404


def test_every_admin_page_that_can_change_a_record_writes_the_audit_trail(world):
    """Beheer changes records only through the audited services (AuditedModelAdmin); a page
    that does not use them may only be read (the audit trail itself, the outbox)."""
    request = RequestFactory().get("/")
    request.user = world.admin
    unaudited = []
    for model, model_admin in site._registry.items():
        if isinstance(model_admin, AuditedModelAdmin):
            continue
        if (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        ):
            unaudited.append(model._meta.label)
    assert not unaudited, f"Admin pages that change records without an audit row: {unaudited}"
