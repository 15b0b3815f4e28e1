"""A case from lead assigned to closed, as the lead and the resident live it: the wijkconsulent
works the demo's resident report (status, action, note), closes it with the outcome's template
message after seeing the preview, the resident gets the email, reads the answer on the tracking
page and says "nee"; the lead sees that in Mijn werk and reopens. Every page is checked with
axe-core."""

import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible
from wijkteam.cases.models import Case, CaseStatus, Feedback
from wijkteam.demo.stages import HANDLING_KEY

CONSULENT = "wijkconsulent.zuidoost@veenvesters.example"


def test_the_lead_closes_a_case_and_the_resident_answers_no(
    browser, login, live_server, demo, run_worker
):
    case = Case.objects.get(links__signal__external_reference=HANDLING_KEY)
    assert case.status == CaseStatus.HANDLING
    lead = browser.new_context(locale="nl-NL", viewport=DESKTOP)
    page = lead.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, CONSULENT)

    # Mijn werk: the case my organisation leads, with its response target.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn werk").click()
    page.locator("#my-cases").get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)

    # Work it: in progress, the open action done, a note for the partners.
    page.get_by_label("In behandeling", exact=True).check()
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.locator(".messages")).to_contain_text("De status is bijgewerkt.")
    page.get_by_label("Resultaat").fill("Gesprek gevoerd; muziek uit om 22.00 uur afgesproken")
    page.get_by_role("button", name="Gedaan").click()
    expect(page.locator("#actions")).to_contain_text("gedaan")
    page.get_by_text("Notitie schrijven").click()
    page.get_by_label("Notitie", exact=True).fill("Over twee weken navragen bij de melder.")
    page.get_by_role("button", name="Notitie opslaan").click()
    expect(page.locator("#notes")).to_contain_text("Over twee weken navragen")
    assert_accessible(page, "case-at-work")

    # Close it: the outcome's template fills the message; the preview comes before sending.
    page.get_by_role("link", name="Afhandelen met een bericht aan de melder").click()
    # The outcome switch is wired up by a deferred script: wait until it has run.
    page.wait_for_load_state("load")
    message = page.get_by_label("Bericht aan de melder(s)")
    expect(message).to_have_value(re.compile("Het probleem is nu opgelost"))
    page.get_by_label("Doorverwezen", exact=True).check()
    expect(message).to_have_value(re.compile("doorgegeven aan de organisatie"))
    page.get_by_label("Opgelost", exact=True).check()
    message.fill(
        "Wij hebben met uw bovenburen gesproken over {onderwerp}. Zij zetten de muziek voortaan "
        "om 22.00 uur uit."
    )
    assert_accessible(page, "case-resolve")
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Beste melder,")
    expect(preview).to_contain_text("gesproken over geluidsoverlast")
    assert_accessible(page, "case-resolve-preview")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS  # nothing sent yet
    preview.get_by_role("button", name="Versturen en afhandelen").click()
    expect(page.locator(".messages")).to_contain_text("1 melder krijgt het bericht per e-mail")
    page.get_by_role("button", name="Casus nu sluiten").click()
    expect(page.locator(".messages")).to_contain_text("De casus is gesloten.")
    expect(page.locator("#closure")).to_contain_text("Opgelost")
    # The staff read the message as it was sent, never the template's placeholder.
    expect(page.locator("#closure")).to_contain_text("gesproken over geluidsoverlast")
    expect(page.locator("#timeline")).to_contain_text("gesproken over geluidsoverlast")
    expect(page.get_by_text("{onderwerp}")).to_have_count(0)

    # The worker sends the email; the resident follows its link.
    mail.outbox.clear()
    run_worker()
    [email] = [m for m in mail.outbox if m.to == ["bewoner@voorbeeld.example"]]
    assert "Zij zetten de muziek voortaan om 22.00 uur uit." in email.body
    link = re.search(r"http\S+/melden/volgen/e/\S+/", email.body).group(0)

    resident = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True)
    phone = resident.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(live_server.url + urlsplit(link).path)
    expect(phone.locator(".status")).to_have_text("Afgehandeld")
    expect(phone.locator(".timeline")).to_contain_text("Zij zetten de muziek voortaan")
    assert_accessible(phone, "tracking-resolved")
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.locator(".error-summary")).to_contain_text("Kies ja of nee.")
    phone.get_by_label("Nee", exact=True).check()
    phone.get_by_label("Toelichting").fill("Vannacht was het weer raak.")
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.locator("#satisfaction")).to_contain_text("U liet weten dat u niet tevreden bent")
    assert_accessible(phone, "tracking-answered")
    assert Feedback.objects.get().satisfied is False

    # The lead sees the request and reopens the case.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn werk").click()
    unhappy = page.locator("#unhappy")
    expect(unhappy).to_contain_text(case.reference)
    unhappy.get_by_role("link", name=case.reference).click()
    expect(page.locator("#feedback")).to_contain_text("Vannacht was het weer raak.")
    page.get_by_text("Casus heropenen").click()
    page.get_by_label("Waarom heropent u de casus?").fill("Melder hoort nog steeds muziek")
    page.get_by_role("button", name="Heropenen").click()
    expect(page.locator(".messages")).to_contain_text("De casus is heropend.")
    expect(page.locator("#timeline")).to_contain_text("Heropend. Reden: Melder hoort nog steeds")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS

    phone.reload()
    expect(phone.locator(".status")).to_have_text("In behandeling")
    expect(phone.locator(".timeline")).to_contain_text("Uw melding wordt opnieuw bekeken.")
    lead.close()
    resident.close()
