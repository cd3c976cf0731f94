"""The offer page (the link is the key), the volunteer's cancellation, and the back office's
offers: each answer and refusal with its message, privacy of the page, no token in the logs,
who may do what."""

import datetime
import logging

import pytest
from django.utils import timezone

from mia.pool import offers
from mia.pool.models import Assignment, Offer, Request

from ..factories import member, sign_in
from . import factories as pool
from .test_offers import mails_to, offer_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(site_pages, centre):
    school = pool.institution(centre)
    request = pool.request(centre, school, district=pool.district(centre))
    return {
        "request": request,
        "amira": pool.volunteer(centre, "Amira Haddad"),
        "bilal": pool.volunteer(centre, "Bilal Saleh"),
    }


def page(token: str) -> str:
    """The page in English: the messages asserted here are the source texts."""
    return f"/en/sprachmittlung/angebot/{token}/"


def text(response) -> str:
    return response.content.decode()


def test_the_page_shows_the_appointment_and_both_answers(client, setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    response = client.get(page(token))
    html = text(response)
    assert response.status_code == 200
    assert "Innenstadt-Nord" in html
    assert "Elterngespräch" in html
    assert 'value="accept"' in html and 'value="decline"' in html
    assert "Mallinckrodtstraße" not in html  # the place only after acceptance


def test_accepting_on_the_page(client, setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    response = client.post(page(token), {"action": "accept"})
    assert response.status_code == 303
    assert response["Location"] == page(token) + "?saved=accepted"
    assert Assignment.objects.get().volunteer == setup["amira"]
    html = text(client.get(response["Location"]))
    assert "The appointment is yours." in html
    # a later visit says what became of it, and offers nothing more
    later = text(client.get(page(token)))
    assert "You have already accepted this appointment." in later
    assert 'value="accept"' not in later


def test_a_second_accept_on_the_page_says_so(client, setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    client.post(page(token), {"action": "accept"})
    response = client.post(page(token), {"action": "accept"})
    assert response.status_code == 409
    assert "You have already accepted this appointment." in text(response)
    assert Assignment.objects.count() == 1


def test_taken_by_another_on_the_page(client, setup):
    token_a, token_b = offer_to(setup["request"], setup["amira"], setup["bilal"])
    client.post(page(token_a), {"action": "accept"})
    response = client.post(page(token_b), {"action": "accept"})
    assert response.status_code == 409
    assert "Another volunteer has already accepted this appointment." in text(response)
    assert "Another volunteer has already accepted" in text(client.get(page(token_b)))


def test_declining_with_a_reason(client, setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    response = client.post(page(token), {"action": "decline", "reason": "Bin verreist"})
    assert response.status_code == 303
    offer = Offer.objects.get()
    assert (offer.status, offer.decline_reason) == (Offer.Status.DECLINED, "Bin verreist")
    assert Request.objects.get().status == Request.Status.OPEN
    assert "you have declined" in text(client.get(response["Location"]))
    assert "You have already declined this offer." in text(client.get(page(token)))


def test_a_reason_too_long_is_refused_at_the_field(client, setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    response = client.post(page(token), {"action": "decline", "reason": "x" * 301})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in text(response)
    assert Offer.objects.get().status == Offer.Status.OPEN


def test_an_expired_link_says_so(client, setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    Offer.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(page(token))
    assert response.status_code == 200
    assert "The time to answer this offer has run out." in text(response)
    assert 'value="accept"' not in text(response)
    refused = client.post(page(token), {"action": "accept"})
    assert refused.status_code == 409
    assert "run out" in text(refused)
    assert Assignment.objects.count() == 0


WORKS_ONCE = "This link works once"


@pytest.mark.parametrize(
    ("ending", "says"),
    [
        ("taken", "no longer works because the appointment has been taken"),
        ("withdrawn", "no longer works because the centre no longer needs a mediator"),
        ("cancelled", "no longer works because the appointment will not take place"),
        ("expired", "no longer works because the time to answer it has passed"),
    ],
)
def test_a_link_that_ended_without_its_volunteer_says_why(client, setup, ending, says):
    token_a, token_b = offer_to(setup["request"], setup["amira"], setup["bilal"])
    if ending == "taken":
        client.post(page(token_a), {"action": "accept"})
    elif ending == "withdrawn":
        Offer.objects.update(status=Offer.Status.WITHDRAWN)
    elif ending == "cancelled":
        Request.objects.update(status=Request.Status.CANCELLED)
    else:
        Offer.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    html = text(client.get(page(token_b)))
    assert offers.outcome(Offer.objects.get(volunteer=setup["bilal"])) == ending
    assert says in html
    assert WORKS_ONCE not in html  # the volunteer never used it


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_a_link_that_was_used_says_it_works_once(client, setup, answer):
    (token,) = offer_to(setup["request"], setup["amira"])
    client.post(page(token), {"action": answer, "reason": ""})
    assert WORKS_ONCE in text(client.get(page(token)))


def test_an_unknown_link_is_a_clear_page(client, setup):
    response = client.get(page("A" * 43))
    assert response.status_code == 404
    assert "This link is not known" in text(response)
    assert client.post(page("A" * 43), {"action": "accept"}).status_code == 404


def test_a_tampered_post_changes_nothing(client, setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    response = client.post(page(token), {"action": "take-it-all"})
    assert response.status_code == 400
    assert "Please use its buttons." in text(response)
    assert Offer.objects.get().status == Offer.Status.OPEN


def test_a_post_from_another_site_is_refused(client, setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    accept = {"action": "accept"}
    assert client.post(page(token), accept, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert client.post(page(token), accept, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert Assignment.objects.count() == 0
    # no-referrer makes browsers send "Origin: null" for the page's own form
    assert client.post(page(token), accept, HTTP_ORIGIN="null").status_code == 303


def test_the_page_is_private_and_sets_no_cookie(client, setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    for response in (
        client.get(page(token)),
        client.get(page("B" * 43)),
        client.post(page(token), {"action": "decline"}),
    ):
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response.cookies == {}


def test_wrong_links_are_limited_per_address(client, setup, settings):
    settings.MIA_CODE_RATE = "3/h"
    (token,) = offer_to(setup["request"], setup["amira"])
    for number in range(4):
        assert client.get(page(f"wrong{number}")).status_code == 404
    response = client.get(page(token))  # even the right one waits now
    assert response.status_code == 429
    assert "Too many unknown links" in text(response)


def test_no_token_in_the_logs(client, setup, caplog):
    (token,) = offer_to(setup["request"], setup["amira"])
    with caplog.at_level(logging.INFO):
        client.post(page(token), {"action": "nonsense"})
        client.get(page("UNKNOWNTOKEN123"))
        client.post(page(token), {"action": "accept"}, HTTP_ORIGIN="https://evil.example")
    assert "/sprachmittlung/angebot/" in caplog.text
    assert token not in caplog.text
    assert "UNKNOWNTOKEN123" not in caplog.text


def test_the_page_in_arabic_marks_the_german_topic(client, setup):
    (token,) = offer_to(setup["request"], setup["amira"])
    html = text(client.get(f"/ar/sprachmittlung/angebot/{token}/"))
    assert '<html lang="ar" dir="rtl"' in html
    assert '<dd lang="de" dir="ltr">Elterngespräch</dd>' in html


# -- the volunteer's cancellation ---------------------------------------------------------------


def cancel_url(assignment: Assignment) -> str:
    return f"/en/sprachmittlung/ehrenamt/einsaetze/{assignment.pk}/absagen/"


@pytest.fixture
def assigned(setup, centre):
    user = member(centre, "volunteer", email="amira@example.org")
    setup["amira"].user = user
    setup["amira"].save()
    (token,) = offer_to(setup["request"], setup["amira"])
    return user, offers.accept(token)


def test_the_volunteer_cancels_with_a_reason(client, assigned):
    user, assignment = assigned
    sign_in(client, user, second_factor=False)
    assert client.get(cancel_url(assignment)).status_code == 200
    refused = client.post(cancel_url(assignment), {"reason": ""})
    assert refused.status_code == 400
    assert "Please give a reason for the cancellation." in text(refused)
    response = client.post(cancel_url(assignment), {"reason": "Krank"})
    assert response.status_code == 303
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.CANCELLED_VOLUNTEER
    assert Request.objects.get().status == Request.Status.OPEN
    again = client.post(cancel_url(assignment), {"reason": "Krank"})
    assert again.status_code == 409
    assert "can no longer be cancelled" in text(again)


def test_someone_elses_assignment_looks_like_none(client, assigned, centre):
    _user, assignment = assigned
    sign_in(client, member(centre, "volunteer"), second_factor=False)
    assert client.get(cancel_url(assignment)).status_code == 404
    assert client.post(cancel_url(assignment), {"reason": "x"}).status_code == 404
    assert Assignment.objects.get().status == Assignment.Status.CONFIRMED


def test_cancelling_needs_a_sign_in(client, assigned):
    _user, assignment = assigned
    response = client.get(cancel_url(assignment))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


# -- the back office ------------------------------------------------------------------------------


@pytest.fixture
def coordinator(client, centre):
    user = member(centre, "coordinator", "pool")
    sign_in(client, user)
    return user


def test_the_ranking_form_makes_offers(client, setup, coordinator):
    request = setup["request"]
    response = client.post(
        f"/verwaltung/pool/requests/{request.pk}/offer/",
        {"volunteer": [setup["amira"].pk, setup["bilal"].pk]},
    )
    assert response.status_code == 302
    assert Offer.objects.filter(request=request, offered_by=coordinator).count() == 2
    assert Request.objects.get().status == Request.Status.OFFERED
    assert len(mails_to(setup["amira"].email)) == 1
    page_ = client.get(response["Location"])
    assert "offered to 2 volunteers" in text(page_)


def test_making_offers_refused_says_why(client, setup, coordinator):
    request = setup["request"]
    Request.objects.filter(pk=request.pk).update(status=Request.Status.CANCELLED)
    response = client.post(
        f"/verwaltung/pool/requests/{request.pk}/offer/",
        {"volunteer": [setup["amira"].pk]},
        follow=True,
    )
    assert "This request cannot be offered" in text(response)
    assert Offer.objects.count() == 0


def test_another_centres_volunteer_cannot_be_offered(client, setup, coordinator, other_centre):
    stranger = pool.volunteer(other_centre, "Fremd")
    response = client.post(
        f"/verwaltung/pool/requests/{setup['request'].pk}/offer/",
        {"volunteer": [stranger.pk]},
        follow=True,
    )
    assert "not known here" in text(response)
    assert Offer.objects.count() == 0


def test_the_request_page_lists_offers_and_answers_and_withdraws(client, setup, coordinator):
    request = setup["request"]
    token_a, _ = offer_to(request, setup["amira"], setup["bilal"])
    offers.decline(token_a, "Keine Zeit")
    html = text(client.get(f"/verwaltung/pool/requests/{request.pk}/offers/"))
    assert "Amira Haddad" in html and "Bilal Saleh" in html and "Keine Zeit" in html
    open_offer = Offer.objects.get(volunteer=setup["bilal"])
    response = client.post(f"/verwaltung/pool/offers/{open_offer.pk}/withdraw/")
    assert response.status_code == 302
    assert Offer.objects.get(pk=open_offer.pk).status == Offer.Status.WITHDRAWN
    assert Request.objects.get().status == Request.Status.OPEN


def test_the_centre_cancels_an_assignment(client, setup, coordinator):
    (token,) = offer_to(setup["request"], setup["amira"])
    assignment = offers.accept(token)
    url = f"/verwaltung/pool/assignments/{assignment.pk}/cancel/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Termin verlegt"}).status_code == 302
    assert Assignment.objects.get().status == Assignment.Status.CANCELLED_CENTRE


def test_another_centres_request_looks_like_none(client, setup, other_centre):
    sign_in(client, member(other_centre, "coordinator", "pool"))
    request = setup["request"]
    assert client.get(f"/verwaltung/pool/requests/{request.pk}/offers/").status_code == 404
    response = client.post(
        f"/verwaltung/pool/requests/{request.pk}/offer/", {"volunteer": [setup["amira"].pk]}
    )
    assert response.status_code == 404
    assert Offer.objects.count() == 0


def test_staff_of_another_domain_are_sent_home(client, setup, centre):
    sign_in(client, member(centre, "coordinator", "messages"))
    response = client.get(f"/verwaltung/pool/requests/{setup['request'].pk}/offers/")
    assert response.status_code == 302
    assert response["Location"] in ("/verwaltung/", "http://testserver/verwaltung/")


def test_the_offers_list_costs_the_same_queries_for_one_and_three(client, setup, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def listed(expected: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/verwaltung/pool/offers/")
        assert response.status_code == 200
        assert text(response).count('/offers/">') == expected
        return len(queries)

    institution = setup["request"].institution
    offers.make_offers(setup["request"], [setup["amira"]], None)
    listed(1)  # the back office's first page reads what it keeps for the session
    one = listed(1)
    for number in range(2):
        extra = pool.request(institution.centre, institution, minutes=60 + number)
        offers.make_offers(extra, [setup["bilal"]], None)
    assert listed(3) == one
