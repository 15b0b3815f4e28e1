"""Every list page, the case page and the arrears import report on a phone (390 px): nothing
scrolls sideways, every table row reads as a card with each value under its column's name, and
the header leaves the screen to the work. The same pages on a desktop keep their tables, and
the header's main menu takes one line there (1280 px) for the role with the most items."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_no_sideways_scroll
from wijkteam.access.models import AccessLogEntry
from wijkteam.cases.models import Case, Proposal, ProposalStatus, ResponseKind
from wijkteam.cases.triage.responses import proposal_respond
from wijkteam.intake.arrears.batch import arrears_import_run
from wijkteam.intake.arrears.upload import arrears_import_start
from wijkteam.notifications.access import unread_count
from wijkteam.privacy.legal_hold import case_legal_hold_set
from wijkteam.privacy.models import RequestKind
from wijkteam.privacy.persons import PersonQuery, person_findings
from wijkteam.privacy.services import person_request_create
from wijkteam.signals.debt_help import arrears_refer_to_debt_help
from wijkteam.signals.models import DebtHelpReferral, Signal

ZUIDOOST = "WK034502"
CHAIR = "wijkmanager.zuidoost@gemeente.example"
CONSULENT = "wijkconsulent.zuidoost@veenvesters.example"
AGENT = "wijkagent.zuidoost@politie.example"
RENT_ADMINISTRATION = "huuradministratie@veenvesters.example"
DEBT_HELP = "schuldhulp@gemeente.example"
PRIVACY = "privacy@gemeente.example"
ADMIN = "beheer@gemeente.example"

# A row the import refuses, with a long explanation: the report must wrap it, not cut it off.
ARREARS_CSV = (
    b"referentie;naam;straat;huisnummer;toevoeging;postcode;plaats;bedrag;maanden;datum;"
    b"stap_contact;stap_schuldhulp;stap_aanmaning;stap_geen_bezwaar\n"
    b"HA-TELEFOON-0001;A. Visser;Kerkewijk;10;;3901 EG;Veenendaal;500,00;2;01-06-2025;;;;\n"
    b"HA-TELEFOON-0002-MET-EEN-HEEL-LANGE-REFERENTIE-ZONDER-SPATIES;B. Smit;Hoofdstraat;3;;"
    b"390 EG;Veenendaal;12,3x;0;02-06-2025;;;;31-02-2025\n"
)


def _user(email: str):
    return get_user_model().objects.get(email=email)


def _proposal_case() -> str:
    """A proposal the corporation objected to at length, with a word too long for a phone."""
    proposal = Proposal.objects.filter(
        case__team__district__code=ZUIDOOST, status=ProposalStatus.OPEN
    ).first()
    proposal_respond(
        actor=_user(CONSULENT),
        proposal=proposal,
        kind=ResponseKind.OBJECT,
        reason=(
            "De huurder heeft al een traject bij de woonconsulent; eerst "
            "buurtbemiddelingsovereenkomstvoorwaarden bespreken, daarna pas de politie."
        ),
    )
    return f"/casussen/{proposal.case.reference}/"


def _handling_case() -> str:
    """The demo's case the corporation works, with its action, note and closing forms."""
    case = Case.objects.filter(
        team__district__code=ZUIDOOST, lead__name="Veenvesters", actions__isnull=False
    ).first()
    return f"/casussen/{case.reference}/"


def _arrears_report() -> str:
    job = arrears_import_start(
        actor=_user(RENT_ADMINISTRATION), file_name="telefoon.csv", raw=ARREARS_CSV
    )
    arrears_import_run(import_id=job.pk, lookup_addresses=False)
    return f"/meldingen/huurachterstand/import/{job.pk}/"


def _referral() -> str:
    signal = Signal.objects.get(external_reference="DEMO-HA-1")
    arrears_refer_to_debt_help(actor=_user(RENT_ADMINISTRATION), signal=signal)
    return "/meldingen/schuldhulp/"


def _referral_detail() -> str:
    if not DebtHelpReferral.objects.filter(signal__external_reference="DEMO-HA-1").exists():
        _referral()
    return f"/meldingen/schuldhulp/{Signal.objects.get(external_reference='DEMO-HA-1').reference}/"


def _signal() -> str:
    signal = Signal.objects.filter(team__district__code=ZUIDOOST, sensitivity="team").first()
    return f"/meldingen/{signal.reference}/"


def _access_log() -> str:
    case = Case.objects.filter(team__district__code=ZUIDOOST).exclude(sensitivity="team").first()
    viewer = _user(AGENT)
    AccessLogEntry.objects.create(
        user=viewer,
        user_label=viewer.email,
        organisation_id=viewer.organisation_id,
        record_type="cases.case",
        record_id=str(case.pk),
        reference=case.reference,
        sensitivity=case.sensitivity,
        route="cases:detail",
        path=f"/casussen/{case.reference}/?van=een-heel-lange-pagina-zonder-spaties-erin",
    )
    return f"/privacy/toegangslog/?gebruiker={viewer.email}"


def _person_request() -> int:
    query = PersonQuery(name="M. de Groot")
    return person_request_create(
        actor=_user(PRIVACY),
        kind=RequestKind.ACCESS,
        description="Verzoek om inzage, per brief van 3 december via het klantcontactcentrum",
        query=query,
        findings=person_findings(query),
    ).pk


def _person_requests() -> str:
    _person_request()
    return "/privacy/personen/"


def _person_findings() -> str:
    return f"/privacy/personen/{_person_request()}/"


def _legal_hold() -> str:
    case = Case.objects.filter(team__district__code=ZUIDOOST).first()
    case_legal_hold_set(
        actor=_user(PRIVACY), case=case, reason="Lopende rechtszaak over deze overlast."
    )
    return "/privacy/bewaarplicht/"


@dataclass(frozen=True)
class ListPage:
    name: str
    email: str
    path: str | Callable[[], str]
    # Column names a person must be able to read on a phone, in the first row's card.
    labels: tuple[str, ...] = ()


PAGES = [
    ListPage("team-list", CHAIR, "/wijken/", ("Wijk", "Inwoners", "Woningen")),
    ListPage("team-detail", CHAIR, f"/wijken/{ZUIDOOST}/", ("Buurt", "CBS-code")),
    ListPage(
        "team-inbox", CHAIR, f"/meldingen/wijk/{ZUIDOOST}/", ("Melding", "Buurt", "Samenvatting")
    ),
    ListPage("organisation-inbox", CONSULENT, "/meldingen/", ("Melding", "Categorie", "Kanaal")),
    ListPage("triage", AGENT, "/casussen/triage/", ("Casus", "Buurt", "Voorstel", "Reageren tot")),
    ListPage("team-triage", CHAIR, f"/casussen/wijk/{ZUIDOOST}/triage/"),
    ListPage("my-work", CONSULENT, "/casussen/mijn-werk/", ("Afspraak", "Uiterlijk", "Status")),
    ListPage(
        "team-cases", CHAIR, f"/casussen/wijk/{ZUIDOOST}/", ("Casus", "Status", "Eerste reactie")
    ),
    ListPage(
        "team-meetings", CHAIR, f"/overleg/wijk/{ZUIDOOST}/", ("Datum", "Tijd", "Plaats", "Status")
    ),
    ListPage("case", AGENT, _proposal_case, ("Reactie", "Reden")),
    ListPage("case-handling", CONSULENT, _handling_case),
    ListPage("debt-help", DEBT_HELP, _referral, ("Huurder", "Adres", "Achterstand")),
    ListPage("debt-help-detail", DEBT_HELP, _referral_detail),
    ListPage("signal", CHAIR, _signal),
    ListPage(
        "arrears-import",
        RENT_ADMINISTRATION,
        "/meldingen/huurachterstand/import/",
        ("Kolom", "Inhoud"),
    ),
    ListPage(
        "arrears-report",
        RENT_ADMINISTRATION,
        _arrears_report,
        ("Regel", "Referentie", "Resultaat", "Toelichting"),
    ),
    ListPage("notifications", CONSULENT, "/berichten/"),
    ListPage("privacy", PRIVACY, "/privacy/"),
    ListPage("access-log", PRIVACY, _access_log, ("Wanneer", "Gebruiker", "Pagina")),
    ListPage("retention", PRIVACY, "/privacy/bewaartermijnen/", ("Bewaartermijn",)),
    ListPage("legal-holds", PRIVACY, _legal_hold, ("Casus", "Bewaarplicht")),
    ListPage("persons", PRIVACY, _person_requests, ("Vastgelegd", "Verzoek", "Gevonden")),
    ListPage(
        "person-findings", PRIVACY, _person_findings, ("Melding", "Hoe de persoon erin staat")
    ),
    ListPage("beheer", ADMIN, "/beheer/"),
    ListPage("beheer-users", ADMIN, "/beheer/partners/user/"),
    ListPage("beheer-outbox", ADMIN, "/beheer/notifications/outgoingemail/"),
]

# Of every table's first row, the column names that show beside their value and fit the screen.
SHOWN_LABELS = """() => {
  const shown = [];
  for (const table of document.querySelectorAll("main table")) {
    const row = table.querySelector("tbody tr");
    if (!row) continue;
    for (const cell of row.querySelectorAll(":scope > [data-label]")) {
      const label = getComputedStyle(cell, "::before").content;
      const box = cell.getBoundingClientRect();
      if (label.includes(cell.dataset.label) && box.width > 0 && box.right <= window.innerWidth) {
        shown.push(cell.dataset.label);
      }
    }
  }
  return shown;
}"""

# The product's own tables that do not turn into cards on a phone.
UNSTACKED_TABLES = """() => Array.from(
  document.querySelectorAll("main table.table:not(.table--stack)")
).map((table) => table.id || table.caption?.textContent || "?")"""

# Cells of the product's own tables that have no column name to show on a phone.
UNLABELLED_CELLS = """() => Array.from(
  document.querySelectorAll("main table.table tbody tr > :is(td, th):not([data-label])")
).map((cell) => cell.textContent.trim().slice(0, 40))"""


@pytest.fixture
def open_as(browser, login, live_server):
    contexts = []

    def open_as(email: str, *, phone: bool):
        viewport = PHONE if phone else DESKTOP
        context = browser.new_context(
            locale="nl-NL", viewport=viewport, is_mobile=phone, has_touch=phone
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        login(page, email)
        return page

    yield open_as
    for context in contexts:
        context.close()


# One test per account, its pages in turn from one demo and one login (a demo per page cost
# ~3 s each); a page that fails is named in the message with what failed, the others still run.
ACCOUNTS = list(dict.fromkeys(list_page.email for list_page in PAGES))


def _reads_on_a_phone(page, live_server, list_page: ListPage) -> None:
    path = list_page.path() if callable(list_page.path) else list_page.path
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200, f"{path} answered {response.status}"

    assert_no_sideways_scroll(page)
    assert page.evaluate(UNSTACKED_TABLES) == []
    assert page.evaluate(UNLABELLED_CELLS) == []
    shown = page.evaluate(SHOWN_LABELS)
    missing = [label for label in list_page.labels if label not in shown]
    assert not missing, f"{path} on a phone does not show the columns {missing}"
    assert_accessible(page, f"phone-{list_page.name}")


@pytest.mark.parametrize("email", ACCOUNTS, ids=[email.split("@")[0] for email in ACCOUNTS])
def test_list_pages_read_on_a_phone_without_sideways_scrolling(email, open_as, live_server, demo):
    page = open_as(email, phone=True)
    failed = []
    for list_page in (list_page for list_page in PAGES if list_page.email == email):
        try:
            _reads_on_a_phone(page, live_server, list_page)
        except AssertionError as error:
            failed.append(f"{list_page.name}: {error}")
    assert not failed, "\n".join(failed)


def test_the_header_takes_one_line_on_a_phone_and_the_menu_opens_with_the_keyboard(
    open_as, live_server, demo
):
    page = open_as(CONSULENT, phone=True)
    page.goto(f"{live_server.url}/casussen/mijn-werk/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 80, f"the header takes {header['height']}px of a phone screen"
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu).to_be_hidden()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_hidden()
    toggle = page.locator("summary.site-menu__toggle")
    expect(toggle).to_have_text("Menu")
    assert toggle.bounding_box()["height"] >= 44
    # The notifications' bell beside "Menu", its unread count showing without opening the menu.
    unread = unread_count(_user(CONSULENT))
    assert unread > 0
    bell = page.get_by_role("banner").get_by_role("link", name=f"Berichten {unread} ongelezen")
    expect(bell).to_be_visible()
    expect(bell.locator(".bell__count")).to_have_text(str(unread))
    box, toggle_box = bell.bounding_box(), toggle.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    assert abs(box["y"] - toggle_box["y"]) <= 2 and box["x"] < toggle_box["x"]

    # The skip link first, then the brand, the bell and "Menu": Enter opens it, without
    # JavaScript's help.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(bell).to_be_focused()
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    expect(page.locator(".who__name")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    assert assert_no_sideways_scroll(page) <= 0
    assert_accessible(page, "phone-menu-open")

    # Every link is a full-width target of at least 44 px, and leads where it says.
    for link in menu.get_by_role("link").all():
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300, link.text_content()
    menu.get_by_role("link", name="Wijkteams").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijkteams")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()


def test_the_menu_works_without_javascript_on_a_phone(browser, login, live_server, demo):
    context = browser.new_context(
        locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False
    )
    page = context.new_page()
    login(page, CONSULENT)
    page.locator("summary.site-menu__toggle").click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn werk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    context.close()


def test_on_a_desktop_the_menu_and_the_tables_stay_as_they_were(open_as, live_server, demo):
    page = open_as(AGENT, phone=False)
    page.goto(f"{live_server.url}/casussen/triage/")
    expect(page.locator("summary.site-menu__toggle")).to_be_hidden()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Mijn werk")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    search = page.get_by_role("search").get_by_role("searchbox", name="Zoek een casus")
    expect(search).to_be_visible()
    # The brand, the search box, the person and the buttons on one line; the menu below it.
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 140, header

    # A table with its column headers, each value once, no labels beside the values.
    waiting = page.locator("#waiting")
    for name in ("Casus", "Categorie", "Buurt", "Voorstel", "Reageren tot"):
        expect(waiting.get_by_role("columnheader", name=name)).to_be_visible()
    assert page.evaluate(SHOWN_LABELS) == []
    assert assert_no_sideways_scroll(page) <= 0
    assert_accessible(page, "desktop-triage")

    # The laptop: the case page's responses and the import report are tables there too.
    _assert_desktop_table(
        page,
        "case",
        f"{live_server.url}{_proposal_case()}",
        "#responses",
        ("Partner", "Reactie", "Reden"),
    )
    _assert_desktop_table(
        open_as(RENT_ADMINISTRATION, phone=False),
        "arrears-report",
        f"{live_server.url}{_arrears_report()}",
        "main table",
        ("Regel", "Referentie", "Resultaat", "Toelichting"),
    )


# How far the staff search's whole hint ("Nummer, adres, naam…") reaches past its box, measured
# as the same text typed in (which also makes room for the box's clear button).
SEARCH_HINT_OVERFLOW = """() => {
  const search = document.querySelector("#site-search-q");
  search.value = search.placeholder;
  const overflow = search.scrollWidth - search.clientWidth;
  search.value = "";
  return overflow;
}"""


def test_on_a_desktop_the_corporations_menu_takes_one_line_and_the_bell_counts_the_unread(
    open_as, live_server, demo
):
    # The corporation's consulent has the most items (Huurachterstand among them); the menu
    # once wrapped onto a second line for them at 1280 px.
    page = open_as(CONSULENT, phone=False)
    page.goto(f"{live_server.url}/casussen/mijn-werk/")
    for language, switch in (("nl", "English"), ("en", "Nederlands")):
        expect(page.locator("html")).to_have_attribute("lang", language)
        items = page.locator("nav.main-nav > ul > li")
        assert items.count() >= 8
        first, last = items.first.bounding_box(), items.last.bounding_box()
        assert last["y"] == first["y"], f"the menu wraps: {items.all_inner_texts()}"
        nav = page.locator("nav.main-nav").bounding_box()
        assert nav["height"] < 2 * last["height"], nav
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 140, header
        assert assert_no_sideways_scroll(page) <= 0
        # With the bell among the header's tools the search still shows its whole hint, in
        # either language.
        assert page.evaluate(SEARCH_HINT_OVERFLOW) <= 0, language
        page.get_by_role("button", name=switch).click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    # The bell: the unread count for the eye, "Berichten N ongelezen" for a screen reader.
    unread = unread_count(_user(CONSULENT))
    assert unread > 0
    banner = page.get_by_role("banner")
    bell = banner.get_by_role("link", name=f"Berichten {unread} ongelezen", exact=True)
    expect(bell).to_be_visible()
    expect(bell.locator(".bell__count")).to_have_text(str(unread))
    expect(bell).not_to_have_attribute("aria-current", "page")
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")
    expect(bell).to_have_attribute("aria-current", "page")
    assert_accessible(page, "desktop-notifications")
    page.get_by_role("button", name="Alles als gelezen markeren").click()
    read = banner.get_by_role("link", name="Berichten", exact=True)
    expect(read).to_be_visible()
    expect(read.locator(".bell__count")).to_have_count(0)


def _assert_desktop_table(page, name: str, url: str, table: str, columns: tuple[str, ...]) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url)
    for column in columns:
        expect(page.locator(table).get_by_role("columnheader", name=column)).to_be_visible()
    assert page.evaluate(SHOWN_LABELS) == []
    assert assert_no_sideways_scroll(page) <= 0
    assert_accessible(page, f"desktop-{name}")


def test_on_a_phone_a_screen_reader_still_hears_a_table(open_as, live_server, demo):
    page = open_as(AGENT, phone=True)
    page.goto(f"{live_server.url}/casussen/triage/")
    waiting = page.locator("#waiting")
    # The column headers are hidden from the eye but not from the screen reader, which says
    # them with each cell; the label beside the value is not read a second time.
    expect(waiting.get_by_role("columnheader", name="Buurt")).to_be_attached()
    expect(waiting.get_by_role("cell", name="Engelenburg", exact=True).first).to_be_visible()
