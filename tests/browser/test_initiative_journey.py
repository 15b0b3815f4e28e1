"""A residents' initiative from idea to realised project, as the people involved live it.

A resident proposes an idea on her phone and confirms it by the link in her email; a neighbour
supports it (and asks for updates) and confirms by his own link; the wijkmanager takes it to
the team, writes the plan, records the partners' contributions, publishes a milestone with a
photo (the neighbour's mailbox gets it, with a link to stop the emails) and takes the project to
*gerealiseerd*; the wijk's public page then shows it realised, with its story. The emails go
through a real SMTP server on the loopback interface, sent by the real background worker. Every
page is checked with axe-core."""

import io
import re
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_sideways_scroll,
)
from wijkteam.initiatives.models import Initiative, Stage, Supporter, WijkCheck
from wijkteam.partners.models import Organisation, OrganisationKind, Team

ZUIDOOST = "WK034502"
PETENBOS = "BU03450223"
WIJKMANAGER = "wijkmanager.zuidoost@gemeente.example"
INITIATOR = "moestuin.bosrand@voorbeeld.example"
NEIGHBOUR = "buurman.bosrand@voorbeeld.example"
TITLE = "Moestuin op het grasveld aan de Bosrand"
MILESTONE = "Moestuinbakken geplaatst"


@pytest.fixture
def petenbos_addresses(pdok):
    """Two homes on the Bosrand (buurt Petenbos, wijk Zuidoost) that only the local
    Locatieserver knows: the demo's own address register has lower numbers only."""
    for number, postcode, lat in ((52, "3905CE", 52.0062), (61, "3905CF", 52.0058)):
        pdok.add(
            f"{postcode} {number}",
            street="Bosrand",
            number=number,
            postcode=postcode,
            city="Veenendaal",
            lat=lat,
            lon=5.5740,
            buurtcode=PETENBOS,
            wijkcode=ZUIDOOST,
            bag_id=f"03452000990{number:05d}",
        )
    return pdok


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_page(viewport: dict):
        phone = viewport == PHONE
        context = browser.new_context(
            locale="nl-NL", viewport=viewport, is_mobile=phone, has_touch=phone
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    yield open_page
    for context in contexts:
        context.close()


def photo(tmp_path, name: str, colour: tuple[int, int, int]) -> str:
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new("RGB", (160, 120), colour).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def open_link(page, live_server, link: str) -> None:
    # The email's link, on the live server the test runs (SITE_URL points at it).
    assert link.startswith(live_server.url), link
    page.goto(link)


def test_an_idea_becomes_a_realised_project_with_the_neighbours_informed(
    open_page, login, live_server, demo, petenbos_addresses, smtp_mailbox, run_worker, tmp_path
):
    team = Team.objects.get(district__code=ZUIDOOST)
    gemeente = Organisation.objects.get(kind=OrganisationKind.GEMEENTE, team_partners__team=team)
    corporation = Organisation.objects.get(
        kind=OrganisationKind.CORPORATIE, team_partners__team=team
    )

    # 1. The resident proposes her idea on her phone.
    resident = open_page(PHONE)
    resident.goto(live_server.url + "/initiatieven/")
    resident.get_by_role("link", name="Stel een idee voor").first.click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(
        "Stel een idee voor uw buurt voor"
    )
    assert_accessible(resident, "initiative-propose-phone")
    resident.get_by_label("Titel van uw idee").fill(TITLE)
    resident.get_by_label("Wat is uw idee, en waarom?").fill(
        "Het grasveld ligt er kaal bij. Met een paar moestuinbakken maken we er een plek van "
        "waar buren elkaar tegenkomen en de kinderen zien hoe groente groeit."
    )
    resident.get_by_role("textbox", name="Postcode").fill("3905 CE")
    resident.get_by_role("textbox", name="Huisnummer", exact=True).fill("52")
    resident.get_by_label("Foto's").set_input_files(photo(tmp_path, "grasveld.jpg", (60, 140, 60)))
    resident.get_by_label("Wat doet u (en doen buurtbewoners) zelf?").fill(
        "Wij zaaien, wieden en oogsten met de buren; de school doet mee."
    )
    resident.get_by_label("Wat kost het ongeveer? (in euro)").fill("1.250")
    resident.get_by_label("Een groep bewoners").check()
    resident.get_by_label(re.compile(r"^Naam")).fill("Buurtgroep Bosrand")
    resident.get_by_label("E-mailadres").fill(INITIATOR)
    resident.get_by_label("Mijn naam mag op de website staan bij dit idee").check()
    resident.get_by_role("button", name="Idee versturen").click()

    expect(resident.get_by_role("heading", level=1)).to_have_text("Bevestig uw e-mailadres")
    expect(resident.locator("main")).to_contain_text(INITIATOR)
    assert_accessible(resident, "initiative-proposed-phone")
    initiative = Initiative.objects.get(reference=resident.locator("#reference").inner_text())
    assert (initiative.district.code, initiative.neighbourhood.code) == (ZUIDOOST, PETENBOS)
    assert initiative.photos.count() == 1
    assert initiative.confirmed_at is None
    # The address came from the local Locatieserver, not from the demo's register.
    assert any("3905CE" in request for request in petenbos_addresses.requests)

    # 2. The worker sends the confirmation email; she opens its link and presses the button.
    run_worker()
    [confirmation] = smtp_mailbox.to(INITIATOR)
    assert TITLE in confirmation.subject
    open_link(resident, live_server, confirmation.link("/initiatieven/bevestigen/"))
    expect(resident.get_by_role("heading", level=1)).to_have_text("Uw idee bevestigen")
    assert_accessible(resident, "initiative-confirm-phone")
    resident.get_by_role("button", name="Ja, bevestig mijn idee").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(resident.locator(".messages")).to_contain_text("uw idee staat nu op de website")
    expect(resident.locator("main")).to_contain_text("Voorgesteld door Buurtgroep Bosrand")
    # Only the street and the buurt are public, never the house number.
    expect(resident.locator("main")).to_contain_text("Bosrand")
    expect(resident.locator("main")).not_to_contain_text("Bosrand 52")
    expect(resident.locator(".support-count")).to_have_text("0")
    assert_accessible(resident, "initiative-public-new-phone")
    public_url = resident.url

    # 3. A neighbour supports it with his address, asks for updates, and confirms.
    neighbour = open_page(PHONE)
    neighbour.goto(public_url)
    neighbour.get_by_role("link", name="Steun dit idee").first.click()
    expect(neighbour.get_by_role("heading", level=1)).to_have_text("Steun dit idee")
    assert_accessible(neighbour, "initiative-support-phone")
    neighbour.get_by_label("E-mailadres").fill(NEIGHBOUR)
    neighbour.get_by_role("textbox", name="Postcode").fill("3905 CF")
    neighbour.get_by_role("textbox", name="Huisnummer", exact=True).fill("61")
    neighbour.get_by_label("Waarom steunt u dit?").fill("Dan zien de kinderen eens iets groeien.")
    neighbour.get_by_label("Ik wil per e-mail horen hoe het met dit initiatief gaat").check()
    neighbour.get_by_role("button", name="Steun versturen").click()
    expect(neighbour.get_by_role("heading", level=1)).to_have_text("Bijna klaar: kijk in uw e-mail")
    assert_accessible(neighbour, "initiative-supported-phone")

    run_worker()
    [support_email] = smtp_mailbox.to(NEIGHBOUR)
    open_link(neighbour, live_server, support_email.link("/initiatieven/steun/bevestigen/"))
    expect(neighbour.get_by_role("heading", level=1)).to_have_text("Uw steun bevestigen")
    assert_accessible(neighbour, "initiative-support-confirm-phone")
    neighbour.get_by_role("button", name="Ja, ik steun dit idee").click()
    expect(neighbour.locator(".messages")).to_contain_text("Bedankt, uw steun telt mee.")
    expect(neighbour.locator(".support-count")).to_have_text("1")
    expect(neighbour.locator(".support-box")).to_contain_text("Van wie 1 uit de wijk")
    expect(neighbour.locator("main")).to_contain_text("Dan zien de kinderen eens iets groeien.")
    assert_accessible(neighbour, "initiative-public-supported-phone")
    supporter = Supporter.objects.get(initiative=initiative)
    assert (supporter.wijk_check, supporter.wants_updates) == (WijkCheck.IN_WIJK, True)
    initiative.refresh_from_db()
    assert initiative.stage == Stage.IDEA  # Zuidoost has no threshold: the team decides

    # 4. The wijkmanager, on her laptop, takes it to the team and into plan.
    manager = open_page(DESKTOP)
    login(manager, WIJKMANAGER)
    manager.goto(f"{live_server.url}/wijken/{ZUIDOOST}/")
    manager.get_by_role(
        "link", name="Bewonersinitiatieven en wijkprojecten van dit wijkteam"
    ).click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("Bewonersinitiatieven")
    assert_accessible(manager, "initiative-team-list")
    manager.locator("#initiative-list").get_by_role("link", name=TITLE).click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(manager.locator("#initiator")).to_contain_text(INITIATOR)
    assert_accessible(manager, "initiative-team-detail-idea")

    def next_stage(label: str, message: str = "") -> None:
        section = manager.locator("#fase")
        section.get_by_label(label, exact=True).check()
        if message:
            section.get_by_label("Bericht voor bewoners").fill(message)
        section.get_by_role("button", name="Fase wijzigen").click()
        expect(manager.locator(".messages")).to_contain_text(
            f"Het initiatief staat nu op '{label}'"
        )

    next_stage(
        "In behandeling bij het wijkteam",
        "Het wijkteam bespreekt uw idee in het volgende wijkteamoverleg.",
    )
    next_stage("Plan")
    manager.locator("#plan summary").click()
    manager.locator("#plan").get_by_label(re.compile(r"^Plan")).fill(
        "De gemeente betaalt vier moestuinbakken en de aarde; Veenvesters zet ze neer op het "
        "grasveld. De buurtgroep zaait en onderhoudt de tuin."
    )
    manager.locator("#plan").get_by_role("button", name="Plan opslaan").click()
    expect(manager.locator(".messages")).to_contain_text("Het plan is opgeslagen.")
    expect(manager.locator("#plan-text")).to_contain_text("vier moestuinbakken")

    for organisation, kind, amount, what in (
        (gemeente, "Geld (euro)", "1.250,00", "Vier moestuinbakken en aarde"),
        (corporation, "Uren", "16", "Bakken plaatsen door de wijkbeheerders"),
    ):
        section = manager.locator("#bijdragen")
        section.locator("summary").click()
        section.get_by_label("Van wie").select_option(label=organisation.name)
        section.get_by_label(kind, exact=True).check()
        section.get_by_label("Bedrag in euro of aantal uren").fill(amount)
        section.get_by_label(re.compile(r"^Wat\b")).fill(what)
        section.get_by_role("button", name="Bijdrage vastleggen").click()
        expect(manager.locator(".messages")).to_contain_text("De bijdrage is vastgelegd.")
    contributions = manager.locator("#contribution-list")
    expect(contributions).to_contain_text(gemeente.name)
    expect(contributions).to_contain_text("€ 1.250,00")
    expect(contributions).to_contain_text(corporation.name)
    expect(contributions).to_contain_text("16 uur")
    assert_accessible(manager, "initiative-team-detail-plan")

    # 5. A milestone with a photo, published as an update: the neighbour's mailbox gets it.
    milestones = manager.locator("#mijlpalen")
    milestones.locator("summary").click()
    milestones.get_by_label("Titel").fill(MILESTONE)
    milestones.get_by_label("Toelichting").fill("Vier bakken staan op het grasveld, vol aarde.")
    milestones.get_by_label("Foto's").set_input_files(photo(tmp_path, "bakken.jpg", (140, 90, 40)))
    milestones.get_by_role("button", name="Mijlpaal vastleggen").click()
    expect(manager.locator(".messages")).to_contain_text("De mijlpaal is vastgelegd.")
    expect(manager.locator("#milestone-list")).to_contain_text("niet gepubliceerd")
    manager.locator("#milestone-list").get_by_role("link", name="Publiceren als bericht").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Mijlpaal publiceren als bericht")
    # The initiator and the neighbour asked for updates.
    expect(manager.locator("main")).to_contain_text("gaat per e-mail naar 2 bewoners")
    assert_accessible(manager, "initiative-milestone-publish")
    manager.get_by_role("button", name="Ja, publiceren en versturen").click()
    expect(manager.locator(".messages")).to_contain_text("De mijlpaal is gepubliceerd")
    expect(manager.locator("#milestone-list")).to_contain_text("gepubliceerd")

    run_worker()
    [update] = [mail for mail in smtp_mailbox.to(NEIGHBOUR) if MILESTONE in mail.text]
    assert update.subject == f"Nieuws over {TITLE}"
    assert "Vier bakken staan op het grasveld, vol aarde." in update.text
    unsubscribe_link = update.link("/initiatieven/afmelden/")
    assert any(MILESTONE in mail.text for mail in smtp_mailbox.to(INITIATOR))
    open_link(neighbour, live_server, update.link(urlsplit(public_url).path))
    story = neighbour.locator("main")
    expect(story).to_contain_text(MILESTONE)
    expect(story.get_by_text("Vier bakken staan op het grasveld, vol aarde.")).to_have_count(1)
    milestone_photo = neighbour.get_by_role("img", name=f"Foto 1: {MILESTONE}")
    milestone_photo.scroll_into_view_if_needed()
    neighbour.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=milestone_photo.element_handle()
    )
    assert_accessible(neighbour, "initiative-public-milestone-phone")

    # 6. In uitvoering, then gerealiseerd: the wijk's public page shows it with its story.
    next_stage("In uitvoering")
    next_stage("Gerealiseerd", "Op zaterdag geopend met de buren en de kinderen van de school.")
    expect(manager.locator("#facts")).to_contain_text("Gerealiseerd")
    assert_accessible(manager, "initiative-team-detail-realised")

    neighbour.goto(f"{live_server.url}/initiatieven/wijk/{ZUIDOOST}/")
    neighbour.get_by_role("link", name=re.compile(r"^Gerealiseerd \(\d+\)$")).click()
    card = neighbour.locator(".initiative-card", has_text=TITLE)
    expect(card.locator(".stage-badge")).to_have_text("Gerealiseerd")
    expect(card.locator(".story-lines")).to_contain_text(MILESTONE)
    expect(card.locator(".story-lines")).to_contain_text("Gerealiseerd")
    assert_no_sideways_scroll(neighbour)
    assert_accessible(neighbour, "initiative-wijk-realised-phone")
    card.get_by_role("link", name=TITLE).click()
    expect(neighbour.locator(".stage-badge")).to_have_text("Gerealiseerd")
    expect(neighbour.locator("main")).to_contain_text("Op zaterdag geopend met de buren")
    expect(neighbour.get_by_role("link", name="Steun dit idee")).to_have_count(0)
    assert_accessible(neighbour, "initiative-public-realised-phone")

    # The wijkmanager looks at the project and the wijk's budget on her phone as well.
    manager_phone = open_page(PHONE)
    login(manager_phone, WIJKMANAGER)
    manager_phone.goto(f"{live_server.url}/wijkprojecten/{initiative.reference}/")
    expect(manager_phone.locator("#initiator")).to_contain_text(INITIATOR)
    assert_no_sideways_scroll(manager_phone)  # the initiator's long email address wraps
    assert_accessible(manager_phone, "initiative-team-detail-phone")
    manager_phone.get_by_role("link", name=re.compile("^Bewonersinitiatieven")).click()
    manager_phone.get_by_role("link", name="Budgetoverzicht").click()
    expect(manager_phone.locator("#budget-money")).to_contain_text("€ 1.250,00")
    expect(manager_phone.locator("#budget-hours")).to_contain_text("16 uur")
    assert_no_sideways_scroll(manager_phone)
    assert_accessible(manager_phone, "initiative-budget-phone")

    # The link in the update email stops the emails with one click.
    open_link(neighbour, live_server, unsubscribe_link)
    expect(neighbour.get_by_role("heading", level=1)).to_have_text("Afgemeld")
    assert_accessible(neighbour, "initiative-unsubscribed-phone")
    supporter.refresh_from_db()
    assert supporter.wants_updates is False

    initiative.refresh_from_db()
    assert initiative.stage == Stage.REALISED
    assert list(initiative.contributions.values_list("organisation", flat=True)) == [
        gemeente.pk,
        corporation.pk,
    ]


def test_an_idea_is_proposed_without_javascript_and_a_mistake_keeps_the_photo(
    browser, live_server, demo, petenbos_addresses, tmp_path
):
    context = browser.new_context(
        java_script_enabled=False, locale="nl-NL", viewport=PHONE, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/initiatieven/voorstellen/")
    page.get_by_label("Wat is uw idee, en waarom?").fill("Een bankje bij de speeltuin.")
    page.get_by_role("textbox", name="Postcode").fill("3905 CE")
    page.get_by_role("textbox", name="Huisnummer", exact=True).fill("52")
    page.get_by_label("Foto's").set_input_files(photo(tmp_path, "speeltuin.jpg", (200, 60, 60)))
    page.get_by_label("Een bewoner", exact=True).check()
    page.get_by_label("E-mailadres").fill(INITIATOR)
    # The mistake: no title.
    page.get_by_role("button", name="Idee versturen").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Geef uw idee een titel.")
    expect(summary).to_contain_text("Uw foto's zijn bewaard")
    expect(page.get_by_role("checkbox", name="speeltuin.jpg")).to_be_checked()
    expect(page.get_by_label("Wat is uw idee, en waarom?")).to_have_value(
        "Een bankje bij de speeltuin."
    )
    # No axe here: it runs as a script, which this browser does not; the journey above checks
    # the same form.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / "initiative-propose-mistake-no-javascript-phone.png"), full_page=True
    )

    page.get_by_label("Titel van uw idee").fill("Bankje bij de speeltuin")
    page.get_by_role("button", name="Idee versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig uw e-mailadres")
    initiative = Initiative.objects.get(reference=page.locator("#reference").inner_text())
    assert [p.original_name for p in initiative.photos.all()] == ["speeltuin.jpg"]
    assert initiative.neighbourhood.code == PETENBOS
    context.close()
