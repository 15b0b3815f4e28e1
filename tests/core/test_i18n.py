import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

PROJECT = Path(__file__).resolve().parent.parent.parent
LOCALE = PROJECT / "wijkteam" / "locale"


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


def test_every_dutch_string_in_the_code_is_in_the_catalogue(tmp_path):
    # The checks above only see what is already in the .po file. Regenerate the catalogue from
    # the code, as bin/i18n does, in a copy (the committed files stay untouched) and compare.
    if shutil.which("xgettext") is None:
        message = "GNU gettext is not installed (apt-get install gettext)"
        if os.environ.get("WIJKTEAM_REQUIRE_GETTEXT") == "1":
            pytest.fail(message)
        pytest.skip(message)

    shutil.copy2(PROJECT / "manage.py", tmp_path / "manage.py")
    shutil.copytree(
        PROJECT / "wijkteam",
        tmp_path / "wijkteam",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "WIJKTEAM_")) and name != "DATABASE_URL"
    }
    env["WIJKTEAM_ENV"] = "development"
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=tests",
            "--ignore=bench",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    def msgids(path: Path) -> set[tuple[str | None, str, str]]:
        return {
            (e.msgctxt, e.msgid, e.msgid_plural)
            for e in polib.pofile(str(path))
            if e.msgid and not e.obsolete
        }

    catalogue = Path("locale") / "en" / "LC_MESSAGES" / "django.po"
    used = msgids(tmp_path / "wijkteam" / catalogue)
    committed = msgids(PROJECT / "wijkteam" / catalogue)
    missing = sorted(used - committed, key=lambda key: (key[1], key[0] or "", key[2]))

    assert not missing, (
        f"{len(missing)} Dutch UI string(s) missing from the English catalogue; "
        "run bin/i18n and translate the new entries:\n"
        + "\n".join(
            f"  {msgid!r}"
            + (f" (plural {plural!r})" if plural else "")
            + (f" (context {context!r})" if context else "")
            for context, msgid, plural in missing
        )
    )


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
