"""Pages opened by a secret in their address (mia/core/secret_links.py): wrong secrets are
counted per address, kind of page and centre, and no secret reaches Django's logs.

The pages themselves are tested in tests/ceremonies/test_views.py and
tests/pool/test_offers_views.py; these tests hold the shared mechanism to what both rely on."""

import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse

from mia.ceremonies.links import CODES
from mia.core.secret_links import LOGGERS, RedactSecrets, SecretLink, redact
from mia.pool.views.offers import TOKENS

CODE = "ABCDE23457"
TOKEN = "q3Jx-9vT_" + "a" * 34


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (f"Not Found: /einbuergerungsfeier/{CODE}/", "Not Found: /einbuergerungsfeier/…/"),
        (f"/ar/einbuergerungsfeier/{CODE}/karte.pdf", "/ar/einbuergerungsfeier/…/karte.pdf"),
        (f"/einbuergerungsfeier/{CODE}?saved=attending", "/einbuergerungsfeier/…?saved=attending"),
        (f"/en/sprachmittlung/angebot/{TOKEN}/", "/en/sprachmittlung/angebot/…/"),
        (
            f'"POST /sprachmittlung/angebot/{TOKEN}/ HTTP/1.1" 409',
            '"POST /sprachmittlung/angebot/…/ HTTP/1.1" 409',
        ),
        # the pages without a secret stay as they are
        ("Bad Request: /einbuergerungsfeier/", "Bad Request: /einbuergerungsfeier/"),
        ("/einbuergerungsfeier/?x=1", "/einbuergerungsfeier/?x=1"),
        ("/sprachmittlung/angebote/", "/sprachmittlung/angebote/"),
        ("Not Found: /kontakt/", "Not Found: /kontakt/"),
    ],
)
def test_redact_takes_the_secret_out_of_every_registered_path(text, redacted):
    assert redact(text) == redacted


def test_both_kinds_of_page_are_registered():
    assert CODES.prefix == "einbuergerungsfeier/"
    assert TOKENS.prefix == "sprachmittlung/angebot/"
    assert CODES.group != TOKENS.group


@pytest.mark.parametrize("prefix", ["/einbuergerungsfeier/", "einbuergerungsfeier", ""])
def test_a_prefix_is_a_path_without_leading_and_with_trailing_slash(prefix):
    with pytest.raises(ValueError):
        SecretLink(prefix, group="mia.test")


def test_the_filter_rewrites_message_and_arguments_and_keeps_the_record():
    request = RequestFactory().get(f"/einbuergerungsfeier/{CODE}/")
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        f"Gone: /einbuergerungsfeier/{CODE}/ and %s (%s)",
        (f"/sprachmittlung/angebot/{TOKEN}/", 410),
        None,
    )
    record.request = request
    assert RedactSecrets().filter(record) is True
    assert record.getMessage() == (
        "Gone: /einbuergerungsfeier/…/ and /sprachmittlung/angebot/…/ (410)"
    )
    # a handler that prints the request (AdminEmailHandler) would print the path
    assert record.request is None


def test_a_broken_record_is_still_redacted():
    # one argument too many: logging reports the record with its message and arguments
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        f"Not Found: /einbuergerungsfeier/{CODE}/",
        (f"/sprachmittlung/angebot/{TOKEN}/",),
        None,
    )
    assert RedactSecrets().filter(record) is True
    assert record.msg == "Not Found: /einbuergerungsfeier/…/"
    assert record.args == ("/sprachmittlung/angebot/…/",)


def test_the_filter_leaves_other_requests_on_the_record():
    request = RequestFactory().get("/kontakt/")
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/kontakt/",), None
    )
    record.request = request
    assert RedactSecrets().filter(record) is True
    assert record.request is request
    assert record.getMessage() == "Not Found: /kontakt/"


@pytest.mark.parametrize("name", LOGGERS)
def test_djangos_request_and_server_logs_carry_no_secret(name, caplog):
    # installed once when the apps were ready, whatever LOGGING says
    assert sum(isinstance(f, RedactSecrets) for f in logging.getLogger(name).filters) == 1
    with caplog.at_level(logging.INFO):
        logging.getLogger(name).warning(
            '"%s" %s', f"GET /sprachmittlung/angebot/{TOKEN}/ HTTP/1.1", 404
        )
        logging.getLogger(name).warning("Not Found: /tr/einbuergerungsfeier/%s/", CODE)
    assert "/sprachmittlung/angebot/…/" in caplog.text
    assert "/tr/einbuergerungsfeier/…/" in caplog.text
    assert TOKEN not in caplog.text
    assert CODE not in caplog.text


@pytest.mark.django_db
def test_an_invitations_token_in_a_refused_address_stays_out_of_the_log(client, caplog):
    path = reverse("accept_invitation", kwargs={"token": TOKEN})
    with caplog.at_level(logging.INFO, logger="django.request"):
        assert client.get(path).status_code == 404
    assert "/konto/einladung/…/" in caplog.text
    assert TOKEN not in caplog.text


def test_a_password_resets_key_is_hidden_where_allauth_puts_it():
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "4k", "key": TOKEN})
    assert redact(f'"GET {path} HTTP/1.1" 200') == '"GET /konto/password/reset/key/…/ HTTP/1.1" 200'


def _request(centre, address: str = "192.0.2.1"):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    request.centre = centre
    return request


def test_wrong_secrets_are_counted_per_address_kind_of_page_and_centre(
    centre, other_centre, settings
):
    settings.MIA_CODE_RATE = "2/h"
    here = _request(centre)
    assert not CODES.guessing(here)  # looking does not count
    assert not CODES.guessing(here)
    assert not CODES.guessing(here, count=True)
    assert not CODES.guessing(here, count=True)
    assert CODES.guessing(here, count=True)  # the third wrong code is one too many
    assert CODES.guessing(here)  # and from now on every look is refused
    # the pool's offers, another centre, another address: each has its own count
    assert not TOKENS.guessing(here)
    assert not CODES.guessing(_request(other_centre))
    assert not CODES.guessing(_request(centre, "192.0.2.2"))


def test_a_request_without_a_centre_has_a_count_of_its_own(centre, settings):
    settings.MIA_CODE_RATE = "1/h"
    nowhere = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    CODES.guessing(nowhere, count=True)
    assert CODES.guessing(nowhere, count=True)
    assert not CODES.guessing(_request(centre))
