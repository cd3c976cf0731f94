import re
import time

import pytest
from django.core import mail, signing
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from mia.contact.forms import BarrierReportForm, ContactForm
from mia.contact.models import Message
from mia.outbox.models import OutboxMessage


def _started(seconds_ago: float = 10) -> str:
    return signing.dumps(time.time() - seconds_ago, salt="mia.contact.form-started")


def _data(**overrides) -> dict:
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "subject": "Frage zur Internationalen Woche",
        "body": "Wann beginnt das Fest?",
        "homepage": "",
        "started": _started(),
    }
    data.update(overrides)
    return data


def test_contact_form_sends_message_stores_it_and_mails_the_office(
    client, site_pages, centre, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kontakt/", _data())
    assert response.status_code == 302
    assert response["Location"] == "/kontakt/?sent=1"
    message = Message.objects.get()
    assert (message.centre, message.kind, message.email) == (centre, "contact", "ada@example.org")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [centre.email]
    assert sent.reply_to == ["ada@example.org"]
    assert "Wann beginnt das Fest?" in sent.body
    assert OutboxMessage.objects.get().status == "sent"


def test_thank_you_page_confirms(client, site_pages):
    html = client.get("/kontakt/?sent=1").content.decode()
    assert 'role="status"' in html
    assert '<form class="mia-form"' not in html


def test_barrier_report_records_the_page_concerned(
    client, site_pages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/barrierefreiheit/", _data(page_url="/aktuelles/", subject="PDF nicht lesbar")
        )
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.kind, message.page_url) == ("barrier", "/aktuelles/")
    assert "/aktuelles/" in mail.outbox[0].body


def test_honeypot_filled_is_refused_and_nothing_is_stored(client, site_pages):
    response = client.post("/kontakt/", _data(homepage="http://spam.example"))
    assert response.status_code == 400
    assert Message.objects.count() == 0
    assert mail.outbox == []


def test_form_sent_too_fast_is_refused(client, site_pages):
    response = client.post("/kontakt/", _data(started=_started(seconds_ago=0.5)))
    assert response.status_code == 400
    assert Message.objects.count() == 0


def test_forged_timestamp_is_refused(client, site_pages):
    response = client.post("/kontakt/", _data(started="1700000000"))
    assert response.status_code == 400
    assert response.context["form"].errors["started"]


@pytest.mark.parametrize("field", ["name", "subject"])
def test_line_breaks_in_header_fields_are_refused(client, site_pages, field):
    response = client.post("/kontakt/", _data(**{field: "Frage\r\nBcc: x@example.org"}))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert Message.objects.count() == 0


def test_rate_limit_stops_a_flood(client, site_pages, settings):
    settings.MIA_FORM_RATE = "2/h"
    codes = [client.post("/kontakt/", _data()).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert Message.objects.count() == 2


def test_field_errors_are_tied_to_their_inputs(client, site_pages):
    response = client.post("/kontakt/", _data(email="kein-mail"))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_email_error"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'role="alert"' in html


def test_privacy_notice_stands_beside_the_form(client, site_pages):
    html = client.get("/kontakt/").content.decode()
    assert "Löschung nach 180 Tagen" in html
    assert html.index("<form") < html.index("Löschung nach 180 Tagen")


def test_honeypot_is_out_of_the_tab_order_and_hidden_from_screen_readers(client, site_pages):
    html = client.get("/kontakt/").content.decode()
    assert '<div class="mia-hp" aria-hidden="true">' in html
    assert 'tabindex="-1"' in html


class ContactFormPropertyTests(HypothesisTestCase):
    @settings(max_examples=60, deadline=None)
    @given(
        name=st.text(max_size=150),
        email=st.emails() | st.text(max_size=40),
        subject=st.text(max_size=250),
        body=st.text(max_size=5200),
    )
    def test_form_accepts_exactly_the_valid_inputs(self, name, email, subject, body):
        form = ContactForm(_data(name=name, email=email, subject=subject, body=body))
        valid = form.is_valid()
        if valid:
            cleaned = form.cleaned_data
            assert 0 < len(cleaned["name"]) <= 120
            assert 0 < len(cleaned["subject"]) <= 200
            assert 0 < len(cleaned["body"]) <= 5000
            assert "@" in cleaned["email"]
        else:
            assert set(form.errors) <= {"name", "email", "subject", "body"}

    @settings(max_examples=30, deadline=None)
    @given(honeypot=st.text(min_size=1).filter(lambda s: s.strip()))
    def test_any_honeypot_content_marks_spam(self, honeypot):
        form = BarrierReportForm(_data(homepage=honeypot))
        assert not form.is_valid()
        assert form.is_spam


@pytest.mark.parametrize("form_class", [ContactForm, BarrierReportForm])
def test_unbound_form_carries_a_signed_start_time(form_class):
    form = form_class()
    started = signing.loads(form.initial["started"], salt="mia.contact.form-started")
    assert abs(time.time() - started) < 5


def test_a_form_shown_again_carries_a_fresh_start_time(client, site_pages):
    response = client.post("/kontakt/", _data(started=_started(seconds_ago=90000), email="x"))
    assert response.status_code == 400
    html = response.content.decode()
    token = re.search(r'name="started" value="([^"]+)"', html).group(1)
    started = signing.loads(token, salt="mia.contact.form-started")
    assert abs(time.time() - started) < 5
