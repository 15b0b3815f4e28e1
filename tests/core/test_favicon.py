from django.templatetags.static import static


def test_the_browsers_own_favicon_request_finds_the_icon(client, world):
    """Browsers ask /favicon.ico by themselves; it leads to the icon, for anyone."""
    for who in (None, world.consulent_a):
        if who:
            client.force_login(who)
        response = client.get("/favicon.ico")
        assert response.status_code == 301
        assert response["Location"] == static("core/favicon.svg")


def test_pages_name_the_icon(client, world):
    icon = f'<link rel="icon" href="{static("core/favicon.svg")}" type="image/svg+xml">'
    assert icon in client.get("/").content.decode()
    client.force_login(world.admin)
    assert icon in client.get("/beheer/").content.decode()
