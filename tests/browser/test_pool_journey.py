"""The language-mediation pool's whole way, as its people take it, in headless Chromium
(issue #7, "Done when").

A school's contact asks for a mediator; a coordinator signs in with the second factor, reads
the explained ranking and offers the appointment by ticking two volunteers; one opens the link
from her mail (and reads the page in Arabic) and accepts, the other's link then says it was
taken; the school is told the mediator's first name only; after the appointment it confirms
the hours it really took; the coordinator downloads the month's list and statements, and the
amount is the one the pool's rate table gives. Nothing is done through a service that a
person does in the browser: the world before it is made with the factories, and the clock is
moved by setting the appointment's times in the past.

Then the pool's public pages no other browser test checks, with axe-core, in German and in
Arabic: the volunteer's own area (overview, details, times, cancelling an appointment, the
hours page before the appointment), the offer page that ran out, was withdrawn or whose
request was cancelled, the page after an application, and what an account that is neither
volunteer nor institution contact sees.

Screenshots go to var/screenshots/pool-journey-*.png, to be looked at.
"""

import csv
import datetime
import io
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from pypdf import PdfReader

from mia.outbox.models import OutboxMessage
from mia.permissions.roles import Role
from mia.pool import offers
from mia.pool.models import Assignment, Offer, PoolSettings, Request

from ..factories import member
from ..pool.factories import district, institution, next_weekday, request, volunteer
from ..pool.test_billing import assignment, confirmed
from .conftest import axe_violations, screenshot
from .test_accounts import check, current_code, password_step, site, submit_with_enter  # noqa: F401
from .test_pool_requests import pool  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LINK = re.compile(r"https?://\S+/sprachmittlung/angebot/[\w-]+/")
MINUTES_ASKED = 120
MINUTES_TAKEN = 150  # 2 h 30 min: the base amount and one further started hour


def shot(page, name: str) -> None:
    screenshot(page, f"pool-journey-{name}")


def no_violations(page, name: str) -> None:
    assert axe_violations(page) == [], name


def submit(page, selector: str = "main form button[type=submit]") -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def offer_link(email: str) -> str:
    """The address in the last offer mailed to `email`, as the volunteer reads it (the mail
    that says an offer was taken has none)."""
    mails = OutboxMessage.objects.filter(purpose=offers.MAIL_OFFER, to=[email]).order_by("-pk")
    found = next(filter(None, (LINK.search(mail.body) for mail in mails)), None)
    assert found, [mail.body for mail in mails]
    return urlsplit(found.group(0)).path


def sign_in_with_code(page, url: str, user, secret: str) -> None:
    password_step(page, url, user.email)
    page.locator("#id_code").focus()
    page.keyboard.type(current_code(secret))
    submit_with_enter(page)


def download(page, link) -> bytes:
    with page.expect_download() as started:
        link.click()
    return started.value.path().read_bytes()


def test_request_offer_accept_confirm_and_pay(browser, site, centre, pool):  # noqa: F811
    school, contact = pool["school"], pool["user"]
    north = pool["district"]
    amira = volunteer(
        centre, "Amira Haddad", home_district=north, phone="0176 1234567", email="amira@example.org"
    )
    leyla = volunteer(
        centre,
        "Leyla Demir",
        home_district=district(centre, "Hörde", 51.49, 7.50),
        email="leyla@example.org",
    )
    # the coordinator's list holds another school's request, and the month's payouts another
    # volunteer's; the journey's request and its assignment so get different numbers
    request(centre, institution(centre, "Kita Sonnenblume"), language="tr")
    confirmed(centre, 60, person=volunteer(centre, "Bora Yilmaz", languages=()))
    coordinator = member(centre, Role.COORDINATOR, "pool", email="pool@dortmund.example")
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    day = timezone.localdate(next_weekday(10))

    # 1. the school's contact asks for a mediator
    school_side = browser.new_context(viewport=DESKTOP, locale="de-DE")
    page = school_side.new_page()
    password_step(page, site, contact.email)
    page.goto(f"{site}/sprachmittlung/anfragen/")
    page.locator('main a[href$="/sprachmittlung/anfrage/"]').first.click()
    page.wait_for_load_state()
    page.select_option("#id_language", "ar")
    page.select_option("#id_dialect", "apc")
    page.fill("#id_day", day.isoformat())
    page.fill("#id_start", "10:00")
    page.fill("#id_minutes", str(MINUTES_ASKED))
    page.check("#id_setting_0")
    page.fill("#id_place", "Mallinckrodtstraße 100, Eingang B")
    page.select_option("#id_district", str(north.pk))
    page.select_option("#id_topic", str(pool["talk"].pk))
    page.fill("#id_notes", "Erstes Gespräch nach der Anmeldung.")
    page.fill("#id_contact_name", "Frau Beispiel")
    page.fill("#id_contact_phone", "0231 5550100")
    shot(page, "1-request-form")
    submit(page, "form.mia-form button[type=submit]")
    asked = Request.objects.get(institution=school)
    assert (asked.language, asked.dialect, asked.minutes, asked.urgent) == (
        "ar",
        "apc",
        MINUTES_ASKED,
        False,
    )
    assert timezone.localtime(asked.starts_at).time() == datetime.time(10)
    assert page.url.endswith(f"/sprachmittlung/anfragen/{asked.pk}/")
    assert page.get_by_role("status").count() == 1
    shot(page, "1-request-sent")

    # 2. the coordinator reads the explained ranking and offers the appointment
    office = browser.new_context(viewport={"width": 1280, "height": 1400}, locale="de-DE")
    desk = office.new_page()
    sign_in_with_code(desk, site, coordinator, secret)
    assert desk.url == f"{site}/verwaltung/"
    desk.get_by_role("button", name="Sprachmittlung").click()
    desk.locator('a[href="/verwaltung/pool/requests/"]').click()
    desk.wait_for_load_state()
    assert desk.locator("#requests tbody tr").count() == 3
    desk.locator(f'#requests a[href="/verwaltung/pool/requests/{asked.pk}/"]').click()
    desk.wait_for_load_state()
    candidates = desk.locator("#candidates tbody tr")
    assert candidates.count() == 2
    first = candidates.nth(0).inner_text()
    assert "Amira Haddad" in first
    # every part of the score is explained in words
    assert "wohnt in Innenstadt-Nord, 0" in first, first
    assert "in diesem Jahr noch kein Termin" in first, first
    assert "Hörde" in candidates.nth(1).inner_text()
    shot(desk, "2-ranking")
    desk.check(f"#volunteer-{amira.pk}")
    desk.check(f"#volunteer-{leyla.pk}")
    submit(desk, "#candidates + button[type=submit]")
    assert "Amira Haddad, Leyla Demir" in desk.locator(".messages").inner_text()
    assert set(Offer.objects.filter(request=asked).values_list("volunteer", flat=True)) == {
        amira.pk,
        leyla.pk,
    }
    shot(desk, "2-offered")

    # 3. Amira opens the link from her mail on her phone, reads it in Arabic and accepts
    phone = browser.new_context(viewport=PHONE, locale="de-DE")
    mobile = phone.new_page()
    mobile.goto(site + offer_link(amira.email))
    assert mobile.locator("button[value=accept]").count() == 1
    assert "Mallinckrodtstraße" not in mobile.content()  # the address only once accepted
    shot(mobile, "3-offer")
    mobile.locator('nav a[hreflang="ar"]').click()
    mobile.wait_for_load_state()
    assert mobile.locator("html").get_attribute("dir") == "rtl"
    no_violations(mobile, "offer in Arabic")
    shot(mobile, "3-offer-ar")
    submit(mobile, "button[value=accept]")
    assert mobile.get_by_role("status").count() == 1
    assert mobile.locator("button[value=accept]").count() == 0
    shot(mobile, "3-accepted-ar")
    job = Assignment.objects.get(request=asked)
    assert job.volunteer == amira
    # Leyla's link now says the appointment is taken
    mobile.goto(site + offer_link(leyla.email))
    assert mobile.locator("button[value=accept]").count() == 0
    assert Offer.objects.get(request=asked, volunteer=leyla).status == Offer.Status.TAKEN
    no_violations(mobile, "offer taken")
    shot(mobile, "3-taken")
    phone.close()

    # 4. the school learns the first name and the meeting, nothing more
    told = [
        mail
        for mail in OutboxMessage.objects.filter(purpose=offers.MAIL_ASSIGNMENT)
        if contact.email in mail.to
    ]
    assert len(told) == 1 and told[0].to == [contact.email]
    mail = told[0].body
    assert "Amira" in mail and "Mallinckrodtstraße 100, Eingang B" in mail
    assert "10:00" in mail
    for private in ("Haddad", amira.email, amira.phone):
        assert private not in mail, private
    # while Amira learns where to go and whom to ask for
    [hers] = OutboxMessage.objects.filter(purpose=offers.MAIL_ASSIGNMENT, to=[amira.email])
    assert "Mallinckrodtstraße 100, Eingang B" in hers.body and "Frau Beispiel" in hers.body
    page.goto(f"{site}/sprachmittlung/anfragen/{asked.pk}/")
    main = page.locator("main").inner_text()
    assert "Amira" in main and "Haddad" not in main and amira.phone not in main
    shot(page, "4-assigned")

    # the appointment took place: it began four hours ago
    began = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=4)
    Request.objects.filter(pk=asked.pk).update(starts_at=began)
    Assignment.objects.filter(pk=job.pk).update(
        starts_at=began, ends_at=began + datetime.timedelta(minutes=MINUTES_ASKED)
    )
    page.goto(f"{site}/sprachmittlung/anfragen/")
    page.locator(f'main a[href$="/sprachmittlung/anfragen/{asked.pk}/"]').first.click()
    page.wait_for_load_state()
    page.locator('main a[href$="/stunden/"]').click()
    page.wait_for_load_state()
    assert page.locator("#id_end").count() == 1, page.url
    ended = timezone.localtime(began) + datetime.timedelta(minutes=MINUTES_TAKEN)
    page.fill("#id_end", f"{ended:%H:%M}")
    shot(page, "4-confirm")
    submit(page)
    assert page.get_by_role("status").count() == 1
    no_violations(page, "confirmed")
    shot(page, "4-confirmed")
    job.refresh_from_db()
    assert (job.status, job.minutes) == (Assignment.Status.DONE, MINUTES_TAKEN)
    school_side.close()

    # 5. the coordinator downloads the month's list and the statement
    amount = PoolSettings.for_centre(centre).allowance(MINUTES_TAKEN)
    assert amount == Decimal("35.00")  # €25 for two hours, €10 for the started third
    desk.goto(f"{site}/verwaltung/")
    desk.get_by_role("button", name="Sprachmittlung").click()
    desk.locator('a[href="/verwaltung/pool/billing/"]').click()
    desk.wait_for_load_state()
    month = job.payout_month
    desk.locator(f'a[href="/verwaltung/pool/billing/{month.year}/{month.month}/"]').click()
    desk.wait_for_load_state()
    row = desk.locator("#payouts tbody tr").filter(has_text="Amira Haddad")
    assert "35,00 €" in row.inner_text()
    # each button's icon sits inside it (a bare icon once covered the buttons' labels)
    for button in desk.locator("main a.button[download]").all():
        assert button.locator("svg").bounding_box()["height"] < button.bounding_box()["height"]
    shot(desk, "5-payouts")
    table = download(desk, desk.locator('a[href$="/csv/"]'))
    rows = list(csv.DictReader(io.StringIO(table.decode("utf-8-sig")), delimiter=";"))
    assert [r["Name"] for r in rows] == sorted(["Amira Haddad", "Bora Yilmaz"])
    amira_row = next(r for r in rows if r["Name"] == "Amira Haddad")
    assert amira_row == {
        "Monat": f"{month:%Y-%m}",
        "Freiwillige-Nr": str(amira.pk),
        "Name": "Amira Haddad",
        "Einsaetze": "1",
        "Stunden": "2,50",
        "Betrag": f"{amount:.2f}".replace(".", ","),
    }
    assert next(r for r in rows if r["Name"] == "Bora Yilmaz")["Betrag"] == "25,00"
    statement = download(desk, row.locator("a[download]"))
    assert statement.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(statement))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Amira Haddad" in text and "35,00 €" in text and "Bora" not in text
    office.close()


# -- the pages no other browser test checks ------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_pools_other_public_pages_have_no_axe_violations(
    page,
    site,  # noqa: F811
    centre,
    language,
):
    prefix = "/ar" if language == "ar" else ""
    failures: dict = {}
    north = district(centre)
    school = institution(centre, district=north)
    user = member(centre, Role.VOLUNTEER, email="amira@example.org")
    amira = volunteer(centre, "Amira Haddad", user=user, email=user.email, home_district=north)
    coming = request(centre, school, district=north)
    offers.make_offers(coming, [amira], None)
    offers.accept(_token(amira.email), centre=centre)
    job = Assignment.objects.get(request=coming)
    assignment(centre, person=amira)  # one that took place: its hours are to be reported

    # offers that ran out, were withdrawn, or whose request the institution cancelled
    states = {}
    for state in ("expired", "withdrawn", "cancelled"):
        asked = request(centre, school, starts_at=next_weekday(12 + len(states)))
        made = offers.make_offers(asked, [volunteer(centre)], None)[0]
        states[state] = _token(made.volunteer.email)
        if state == "expired":
            Offer.objects.filter(pk=made.pk).update(expires_at=timezone.now())
        elif state == "withdrawn":
            offers.withdraw(made, None)
        else:
            Request.objects.filter(pk=asked.pk).update(status=Request.Status.CANCELLED)
    for state, token in states.items():
        page.goto(f"{site}{prefix}/sprachmittlung/angebot/{token}/")
        assert page.locator("button[value=accept]").count() == 0, state
        assert page.locator("#state-heading").count() == 1, state
        check(page, failures, f"offer-{state}", language)
        shot(page, f"offer-{state}-{language}")
    page.goto(f"{site}{prefix}/sprachmittlung/mitmachen/?gesendet=1")
    check(page, failures, "applied", language)

    # the volunteer's own area
    password_step(page, site, user.email, prefix=prefix)
    for name, path in (
        ("home", "/sprachmittlung/ehrenamt/"),
        ("times", "/sprachmittlung/ehrenamt/zeiten/"),
        ("details", "/sprachmittlung/ehrenamt/angaben/"),
        ("hours-before", f"/sprachmittlung/ehrenamt/einsaetze/{job.pk}/stunden/"),
        ("cancel", f"/sprachmittlung/ehrenamt/einsaetze/{job.pk}/absagen/"),
    ):
        response = page.goto(f"{site}{prefix}{path}")
        assert response.status == 200, name
        if name == "home":
            assert page.locator('main a[href$="/stunden/"]').count() == 1
            assert page.locator('main a[href$="/absagen/"]').count() == 1
        check(page, failures, name, language)
        shot(page, f"{name}-{language}")
        if name == "details":
            for box in page.locator("input[name=settings_accepted]").all():
                box.uncheck()
            submit(page)
            assert page.locator("#id_settings_accepted_0").get_attribute("aria-invalid") == "true"
            check(page, failures, "details-error", language)
            shot(page, f"details-error-{language}")
        if name == "cancel":
            submit(page)
            assert page.locator("#cancel-reason").get_attribute("aria-invalid") == "true"
            check(page, failures, "cancel-error", language)
            shot(page, f"cancel-error-{language}")

    # an account that is neither a volunteer nor an institution's contact
    page.context.clear_cookies()
    stranger = member(centre, Role.VOLUNTEER, email="neu@example.org")
    password_step(page, site, stranger.email, prefix=prefix)
    for name, path in (
        ("not-volunteer", "/sprachmittlung/ehrenamt/"),
        ("no-institution", "/sprachmittlung/anfrage/"),
    ):
        page.goto(f"{site}{prefix}{path}")
        check(page, failures, name, language)
        shot(page, f"{name}-{language}")
    assert failures == {}


def _token(email: str) -> str:
    return offer_link(email).rstrip("/").rsplit("/", 1)[1]
