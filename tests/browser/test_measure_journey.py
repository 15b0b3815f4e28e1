"""The wijkmanager of Zuidoost reads the wijk's measures, sees that the extra lighting is too
recent to judge, records a new measure (an end before its start comes back at its field, with
what was typed) and reads its page; every page passes axe-core."""

from tests.browser.conftest import assert_accessible

ZUIDOOST = "WK034502"


def test_the_wijkmanager_records_a_measure_and_reads_its_effect(page, live_server, demo, login):
    login(page, "wijkmanager.zuidoost@gemeente.example")
    page.goto(f"{live_server.url}/wijkbeeld/{ZUIDOOST}/maatregelen/")
    assert page.get_by_role("link", name="Extra schoonmaakronde").is_visible()
    assert_accessible(page, "measures-list")

    page.get_by_role("link", name="Extra verlichting").click()
    assert "Nog te kort na de start" in page.locator("#effect-warning").inner_text()
    assert_accessible(page, "measure-too-recent")

    page.goto(f"{live_server.url}/wijkbeeld/{ZUIDOOST}/maatregelen/")
    page.get_by_role("link", name="Maatregel vastleggen").click()
    page.get_by_label("Naam", exact=True).fill("Buurtpreventie-app")
    page.get_by_label("Soort maatregel").select_option("anders")
    page.get_by_label("Petenbos").check()
    page.get_by_label("Begonnen op").fill("2025-05-01")
    page.get_by_label("Gestopt op").fill("2025-04-01")
    page.get_by_label("Alle meldingen van Onveiligheid").check()
    page.get_by_label("Kosten (euro)").fill("1.250")
    page.get_by_role("button", name="Maatregel vastleggen").click()

    assert "niet stoppen voordat hij begon" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Naam", exact=True).input_value() == "Buurtpreventie-app"
    assert page.get_by_label("Kosten (euro)").input_value() == "1.250"
    assert_accessible(page, "measure-form-errors")

    page.get_by_label("Gestopt op").fill("")
    page.get_by_role("button", name="Maatregel vastleggen").click()
    assert page.get_by_role("heading", name="Buurtpreventie-app").is_visible()
    assert "€\xa01.250" in page.locator("#facts").inner_text()
    assert page.locator("#comparison-form").is_visible()
    assert_accessible(page, "measure-detail")
