"""The invitee's pages: the code, the answer, the ticket, and what they promise about privacy."""

import datetime
import logging

import pytest
from django.test import override_settings
from django.utils import formats, timezone, translation

from mia.ceremonies import services
from mia.ceremonies.models import Invitee

from .factories import ceremony, invitee

Status = Invitee.Status
pytestmark = pytest.mark.django_db


def page(person: Invitee, language: str = "") -> str:
    prefix = f"/{language}" if language else ""
    return f"{prefix}/einbuergerungsfeier/{person.code}/"


def send(client, person: Invitee, language: str = "", **data):
    return client.post(page(person, language), data)


def answer(
    client, person: Invitee, attending: str = "yes", companions="0", language: str = "", **extra
):
    data = {"action": "answer", "attending": attending, "companions": companions, **extra}
    return send(client, person, language, **data)


@pytest.fixture
def feier(site_pages, centre):
    return ceremony(centre, capacity=3, companions_allowed=2)


def text(response) -> str:
    return response.content.decode()


def test_the_qr_link_opens_the_answer_form(client, feier):
    person = invitee(feier)
    with translation.override("en"):
        response = client.get(page(person, "en"))
    assert response.status_code == 200
    html = text(response)
    assert 'name="attending"' in html and 'name="companions"' in html
    assert feier.title in html
    assert "You can answer, and change your answer, until:" in html


def test_yes_with_a_companion_shows_the_ticket(client, feier):
    person = invitee(feier)
    response = answer(client, person, companions="1", accessibility_needs="Rampe")
    assert response.status_code == 303
    assert response["Location"] == page(person) + "?saved=attending"
    with translation.override("en"):
        html = text(client.get(page(person, "en") + "?saved=attending"))
    assert "Thank you. Your seat is booked." in html
    assert "You are coming with 1 companion." in html
    assert person.display_code in html
    assert 'src="data:image/svg+xml' in html
    assert f"/en/einbuergerungsfeier/{person.code}/karte.pdf" in html
    stored = Invitee.objects.get(pk=person.pk)
    assert (stored.status, stored.companions, stored.accessibility_needs) == (
        Status.ATTENDING,
        1,
        "Rampe",
    )


def test_the_ticket_pdf(client, feier):
    person = invitee(feier, name="Beispiel Olena")
    services.answer(person, attending=True, companions=2)
    response = client.get(page(person) + "karte.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"].count("no-store") == 1
    assert "attachment" in response["Content-Disposition"]
    assert person.code not in response["Content-Disposition"]


def test_the_ticket_pdf_only_for_those_with_a_seat(client, feier):
    person = invitee(feier)
    assert client.get(page(person) + "karte.pdf")["Location"] == page(person)


def test_the_ticket_pdf_is_made_so_often_per_address(client, feier, settings):
    settings.MIA_TICKET_RATE = "2/h"
    person = invitee(feier)
    services.answer(person, attending=True)
    statuses = [client.get(page(person) + "karte.pdf").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_yes_when_full_says_waiting_list_clearly(client, feier):
    services.answer(invitee(feier), attending=True, companions=2)
    person = invitee(feier)
    response = answer(client, person)
    assert response["Location"].endswith("?saved=waiting")
    with translation.override("en"):
        html = text(client.get(page(person, "en") + "?saved=waiting"))
    assert "All seats are taken. You are on the waiting list." in html
    assert "You are number 1 in line, waiting for 1 seat." in html
    assert 'value="leave"' in html


def test_leave_the_waiting_list(client, feier):
    services.answer(invitee(feier), attending=True, companions=2)
    person = services.answer(invitee(feier), attending=True)
    response = send(client, person, action="leave")
    assert response["Location"].endswith("?saved=declined")
    assert Invitee.objects.get(pk=person.pk).status == Status.DECLINED


def test_an_offer_is_shown_with_its_deadline_and_accepted(client, feier):
    holder = services.answer(invitee(feier), attending=True, companions=2)
    person = services.answer(invitee(feier), attending=True)
    services.answer(holder, attending=False)
    with translation.override("en"):
        html = text(client.get(page(person, "en")))
    assert "A seat is free for you" in html
    offered = Invitee.objects.get(pk=person.pk)
    with translation.override("en"):
        until = formats.time_format(timezone.localtime(offered.offered_until), "TIME_FORMAT")
    assert "Kept for you until:" in html and until in html
    assert 'value="accept"' in html and 'value="decline"' in html
    assert 'name="attending"' not in html  # the offer is answered with its buttons
    response = send(client, person, action="accept")
    assert response["Location"].endswith("?saved=attending")
    assert Invitee.objects.get(pk=person.pk).status == Status.ATTENDING


def test_decline_an_offer(client, feier):
    holder = services.answer(invitee(feier), attending=True, companions=2)
    person = services.answer(invitee(feier), attending=True)
    services.answer(holder, attending=False)
    assert send(client, person, action="decline")["Location"].endswith("?saved=declined")


def test_change_to_no_frees_the_seat(client, feier):
    person = services.answer(invitee(feier), attending=True, companions=1)
    response = answer(client, person, attending="no")
    assert response["Location"].endswith("?saved=declined")
    assert services.counts(feier).seats_taken == 0


def test_more_companions_when_full_are_refused_at_the_field(client, feier):
    person = services.answer(invitee(feier), attending=True, companions=0)
    services.answer(invitee(feier), attending=True, companions=1)
    with translation.override("en"):
        response = answer(client, person, companions="2", language="en")
    assert response.status_code == 409
    html = text(response)
    assert 'id="answer-companions_error"' in html
    assert "There are not enough free seats for more companions." in html
    assert 'aria-invalid="true"' in html
    assert Invitee.objects.get(pk=person.pk).companions == 0


@pytest.mark.parametrize(
    ("companions", "message"),
    [
        ("3", "You can bring up to 2 people."),
        ("-1", "Enter 0 if nobody comes with you."),
        ("zwei", "Enter a whole number."),
        ("1.5", "Enter a whole number."),
    ],
)
def test_wrong_companions_are_refused_at_the_field(client, feier, companions, message):
    person = invitee(feier)
    with translation.override("en"):
        response = answer(client, person, companions=companions, language="en")
    assert response.status_code == 400
    html = text(response)
    assert message in html
    assert 'href="#answer-companions"' in html  # the summary links the field
    assert Invitee.objects.get(pk=person.pk).status == Status.INVITED


def test_an_answer_without_yes_or_no_is_refused(client, feier):
    person = invitee(feier)
    with translation.override("en"):
        response = send(client, person, "en", action="answer")
    assert response.status_code == 400
    assert "Please say whether you will come." in text(response)


@pytest.mark.parametrize(
    "data",
    [
        {"action": "take_all_seats"},
        {},
        {"action": "accept"},
        {"action": "leave"},
        {"action": "answer", "attending": "maybe"},
    ],
)
def test_tampered_posts_change_nothing(client, feier, data):
    person = invitee(feier)
    with translation.override("en"):
        response = send(client, person, "en", **data)
    assert response.status_code in (400, 409)
    assert Invitee.objects.get(pk=person.pk).status == Status.INVITED
    assert services.counts(feier).seats_taken == 0


def test_after_the_deadline_the_page_says_so_and_takes_no_answer(client, feier):
    person = invitee(feier)
    Invitee.objects.filter(pk=person.pk)
    feier.rsvp_deadline = timezone.now() - datetime.timedelta(minutes=1)
    feier.save()
    with translation.override("en"):
        html = text(client.get(page(person, "en")))
        assert "The deadline for answers was" in html
        assert 'name="attending"' not in html
        response = answer(client, person, language="en")
    assert response.status_code == 409
    assert "The deadline for answers was" in text(response)
    assert Invitee.objects.get(pk=person.pk).status == Status.INVITED


def test_answers_not_open_yet(client, feier):
    feier.accepting_answers = False
    feier.save()
    person = invitee(feier)
    with translation.override("en"):
        html = text(client.get(page(person, "en")))
    assert "Answers are not open yet." in html
    assert 'name="attending"' not in html


def test_a_code_typed_in_small_letters_leads_to_the_page(client, feier):
    person = invitee(feier, code="ABCDE23456")
    assert client.get("/einbuergerungsfeier/abcde-23456/")["Location"] == page(person)


def test_the_code_form_leads_to_the_page_in_the_same_language(client, feier):
    person = invitee(feier, code="ABCDE23456")
    response = client.post("/en/einbuergerungsfeier/", {"code": "abcde 23456"})
    assert response.status_code == 303
    assert response["Location"] == "/en/einbuergerungsfeier/ABCDE23456/"
    assert person.code == "ABCDE23456"


@pytest.mark.parametrize(
    ("typed", "message", "status"),
    [
        ("", "Please enter the code from your letter.", 400),
        ("ABC", "A code has ten letters and digits", 400),
        ("ABCDE23457", "We do not know this code.", 404),
    ],
)
def test_wrong_codes_are_refused_at_the_field(client, feier, typed, message, status):
    invitee(feier, code="ABCDE23456")
    with translation.override("en"):
        response = client.post("/en/einbuergerungsfeier/", {"code": typed})
    assert response.status_code == status
    html = text(response)
    assert message in html
    assert 'id="code-code_error"' in html


def test_the_code_of_an_anonymised_invitee_opens_nothing(client, feier):
    person = invitee(feier)
    code = person.code
    Invitee.objects.filter(pk=person.pk).anonymise()
    assert client.get(f"/einbuergerungsfeier/{code}/").status_code == 404
    assert client.post("/einbuergerungsfeier/", {"code": code}).status_code == 404


def test_code_guessing_is_limited(client, feier, settings):
    settings.MIA_CODE_RATE = "3/h"
    person = invitee(feier)
    wrong = ["ABCDE23457", "ABCDE23458", "ABCDE23459"]
    for code in wrong:
        assert client.get(f"/einbuergerungsfeier/{code}/").status_code == 404
    assert client.get(page(person)).status_code == 200  # three wrong codes are allowed
    assert client.post("/einbuergerungsfeier/", {"code": "ABCDE2345A"}).status_code == 404
    # a fourth: now even the right code waits, by link and by form
    assert client.get(page(person)).status_code == 429
    with translation.override("en"):
        response = client.post("/en/einbuergerungsfeier/", {"code": person.code})
    assert response.status_code == 429
    assert "Too many wrong codes" in text(response)


def test_another_centres_invitee_looks_like_none(client, feier, other_centre):
    elsewhere = ceremony(other_centre)
    person = invitee(elsewhere)
    assert client.get(page(person)).status_code == 404


def test_answer_pages_are_private(client, feier):
    person = invitee(feier)
    for response in (
        client.get(page(person)),
        client.get("/einbuergerungsfeier/"),
        answer(client, person, companions="9"),
    ):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response.cookies == {}  # no session, no CSRF cookie: the code is the key


def test_answer_pages_are_never_kept_in_a_cache(client, feier, settings):
    from django.core.cache import cache

    settings.MIA_FRAGMENT_CACHE_SECONDS = 3600
    settings.MIA_PAGE_CACHE_SECONDS = 600
    person = invitee(feier)
    client.get(page(person))
    client.get(page(person))
    kept = [str(cache.get(key)) for key in cache._cache] if hasattr(cache, "_cache") else []
    assert not any(person.code in entry for entry in kept)
    assert "X-Cache" not in client.get(page(person))


def test_a_post_from_another_site_is_refused(client, feier):
    person = invitee(feier)
    data = {"action": "answer", "attending": "yes", "companions": "0"}
    assert client.post(page(person), data, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert client.post(page(person), data, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert Invitee.objects.get(pk=person.pk).status == Status.INVITED
    # no-referrer makes browsers send "Origin: null" for the page's own form
    assert client.post(page(person), data, HTTP_ORIGIN="null").status_code == 303


def test_no_code_in_the_logs(client, feier, caplog):
    person = invitee(feier)
    with caplog.at_level(logging.INFO):
        answer(client, person, companions="9")
        client.get(page(person) + "?x=1")
        client.get("/einbuergerungsfeier/ABCDE23457/")
    assert "Bad Request" in caplog.text and "/einbuergerungsfeier/" in caplog.text
    assert person.code not in caplog.text
    assert "ABCDE23457" not in caplog.text


def test_the_page_in_arabic_is_right_to_left_and_marks_german_text(client, feier):
    person = invitee(feier, language="ar")
    html = text(client.get(page(person, "ar")))
    assert '<html lang="ar" dir="rtl"' in html
    assert f'<h1 class="kern-heading-x-large" lang="de" dir="ltr">{feier.title}</h1>' in html


def test_the_page_links_its_other_languages(client, feier):
    person = invitee(feier)
    html = text(client.get(page(person, "tr")))
    for code in ("en", "ar", "uk"):
        assert f'href="/{code}/einbuergerungsfeier/{person.code}/"' in html
    assert f'href="/einbuergerungsfeier/{person.code}/"' in html


def test_the_privacy_notice_names_the_retention(client, feier):
    person = invitee(feier)
    with translation.override("en"):
        html = text(client.get(page(person, "en")))
    assert "What happens to your data" in html
    assert f"erased {feier.retention_days} days after the ceremony" in html
    assert "public task" in html


def test_the_page_costs_few_queries(client, feier, django_assert_max_num_queries):
    person = services.answer(invitee(feier), attending=True)
    client.get(page(person))  # warm the small caches
    with django_assert_max_num_queries(6):
        client.get(page(person))


@override_settings(MIA_CODE_RATE="1000/h")
def test_the_entry_page_without_a_code(client, feier):
    with translation.override("en"):
        html = text(client.get("/en/einbuergerungsfeier/"))
    assert 'name="code"' in html
    assert "Enter the personal code" in html


def test_the_pages_load_nothing_from_another_host(client, feier):
    from ..test_security import _assert_self_contained

    person = services.answer(invitee(feier), attending=True, companions=1)
    waiting_person = invitee(feier)
    for path in ("/einbuergerungsfeier/", page(person), page(person, "ar"), page(waiting_person)):
        _assert_self_contained(text(client.get(path)))


def test_the_home_page_points_invitees_to_the_code_while_answers_are_open(
    client, site_pages, centre
):
    assert "/einbuergerungsfeier/" not in text(client.get("/"))
    feier = ceremony(centre, accepting_answers=False)
    assert "/einbuergerungsfeier/" not in text(client.get("/"))
    feier.accepting_answers = True
    feier.save()  # the cached home page follows
    home = text(client.get("/"))
    starts = formats.date_format(timezone.localtime(feier.starts_at), "DATE_FORMAT")
    assert f"Einbürgerungsfeier am {starts}" in home
    assert 'href="/einbuergerungsfeier/">Einladung beantworten</a>' in home
    feier.rsvp_deadline = timezone.now() - datetime.timedelta(minutes=1)
    feier.save()
    assert "/einbuergerungsfeier/" not in text(client.get("/"))
