from pathlib import Path

import polib
from django.urls import reverse

LOCALE = Path(__file__).resolve().parent.parent.parent / "wijkteam" / "locale"


def test_english_catalogue_is_complete():
    catalogue = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 100


def test_compiled_catalogue_matches_the_source():
    source = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    compiled = polib.mofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.mo"))

    def entries(catalogue):
        return {
            (e.msgid, e.msgstr or tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue
            if e.msgid and not e.obsolete
        }

    assert entries(compiled) == entries(source), "run bin/i18n to recompile the .mo file"


def test_dutch_is_the_default_and_english_can_be_chosen(client, world):
    client.force_login(world.wijkmanager_a)
    url = reverse("teams:detail", args=["WK099901"])

    dutch = client.get(url).content.decode()
    assert '<html lang="nl">' in dutch
    assert "Partners en teamleden" in dutch

    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.url == url
    english = client.get(url).content.decode()
    assert '<html lang="en">' in english
    assert "Partners and team members" in english
    assert "Community police officer" in english
    assert "Log out" in english


def test_an_english_browser_still_gets_dutch_until_english_is_chosen(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Voor medewerkers van de partners in de wijkteams." in page

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login")).content.decode()
    assert "For staff of the partners in the neighbourhood teams." in page


def test_an_unknown_language_choice_falls_back_to_dutch(client, db):
    client.cookies["django_language"] = "xx"

    assert '<html lang="nl">' in client.get(reverse("login")).content.decode()
