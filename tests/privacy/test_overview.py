from tests.factories import make_user
from wijkteam.partners.models import Role


def test_privacy_pages_are_for_the_privacy_officer_and_functional_admins(client, world):
    officer = make_user("privacy@gemeente.test", world.gemeente, Role.PRIVACY_OFFICER)
    client.force_login(officer)
    page = client.get("/privacy/")
    assert page.status_code == 200
    assert 'href="/privacy/"' in page.content.decode()

    client.force_login(world.admin)
    assert client.get("/privacy/").status_code == 200

    client.force_login(world.wijkmanager_a)
    assert client.get("/privacy/").status_code == 403
    assert 'href="/privacy/"' not in client.get("/").content.decode()


def test_privacy_pages_need_a_login(client, world):
    page = client.get("/privacy/")
    assert page.status_code == 302
    assert "/account/inloggen/" in page["Location"]
