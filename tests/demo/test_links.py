"""Every link the demo shows leads somewhere: each demo role walks its pages from where it lands
and every link it is shown (in the menu, on a list, on a record) is asked. A link that answers
"not found" or "not allowed" is a button the user may not press: a page offers only what opens.

A page of a kind (a case, a signal, a meeting, ...) is walked and its links asked for the first
few of that kind, not for every record, so that the walk stays short; downloads and what
changes something (logging out) are left out. Beheer's pages are walked as any other."""

import re
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest

from tests.demo_copy import load_demo
from wijkteam.partners.models import User

pytestmark = pytest.mark.django_db

ROLES = [
    "",  # a resident: no account
    "wijkmanager.zuidoost@gemeente.example",
    "wijkagent.zuidoost@politie.example",
    "wijkconsulent.zuidoost@veenvesters.example",
    "opbouwwerker.zuidoost@veens.example",
    "wijkbeheerder.zuidoost@veenvesters.example",
    "coordinator@gemeente.example",
    "huuradministratie@veenvesters.example",
    "schuldhulp@gemeente.example",
    "privacy@gemeente.example",
    "beheer@gemeente.example",
]
PAGES_PER_ROLE = 60
PER_KIND = 3
HREF = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)"')
NOT_ASKED = re.compile(
    r"^/(static|media|i18n)/|/logout/|\.(csv|xlsx|pdf|ics)(\?|$)|/uitloggen/|/agenda\.ics|/export"
)
# A record's own number in a path: M-2026-00123, Z-2026-00045, I-2025-00001, a number, a token.
RECORD = re.compile(r"/([A-Z]-\d{4}-\d{5}|\d+|[A-Za-z0-9_-]{24,})(?=/)")


def kind_of(url: str) -> str:
    """The page's kind: its path with record numbers and the query's values left out."""
    parts = urlsplit(url)
    query = ",".join(sorted(p.split("=")[0] for p in parts.query.split("&") if p))
    return RECORD.sub("/<id>", parts.path) + ("?" + query if query else "")


def links_of(html: str) -> list[str]:
    return [url.replace("&amp;", "&") for url in HREF.findall(html) if not NOT_ASKED.search(url)]


@pytest.fixture
def demo(db):
    load_demo()


@pytest.mark.parametrize("email", ROLES)
def test_every_link_a_demo_role_is_shown_opens(client, demo, email):
    if email:
        client.force_login(User.objects.get(email=email))
    email = email or "a resident"
    asked: dict[str, int] = {}
    kinds: Counter[str] = Counter()
    dead: list[tuple[str, int, str]] = []
    walked = 0
    queue = deque([("/", "(start)")])
    while queue and walked < PAGES_PER_ROLE:
        url, found_on = queue.popleft()
        if url in asked:
            continue
        kind = kind_of(url)
        if kinds[kind] >= PER_KIND:
            continue
        kinds[kind] += 1
        response = client.get(url, follow=True)
        asked[url] = response.status_code
        if response.status_code >= 400:
            dead.append((url, response.status_code, found_on))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        walked += 1
        for link in links_of(response.content.decode()):
            if link not in asked:
                queue.append((link, url))
    # What was found but not walked is still asked (its own links are not followed).
    for url, found_on in queue:
        if url not in asked and kinds[kind_of(url)] < PER_KIND:
            kinds[kind_of(url)] += 1
            asked[url] = status = client.get(url, follow=True).status_code
            if status >= 400:
                dead.append((url, status, found_on))
    assert walked > 10, f"{email} reached only {walked} pages"
    assert not dead, f"{email} is shown links that do not open: {dead}"
