"""Every public form and query endpoint, fed with generated input (hypothesis).

Whatever arrives: no server error, no markup from the input rendered unescaped, a stored
message holds exactly what was sent, and input beyond a field's limit is refused with a
message at the field instead of being cut or stored.
"""

import time

import pytest
from django.core import signing
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mia.contact.models import Message
from mia.permissions.invitations import invite
from mia.permissions.roles import Role

MARKER = '<script>alert("x")</script><img src=x onerror=alert(1)>'
nasty = st.sampled_from(
    [MARKER, "\u202eevil", "' OR 1=1 --", "{{ 7|add:7 }}", "{% now 'Y' %}", "\x00", "\r\nBcc: x@y"]
)
text = st.one_of(
    st.text(max_size=300), nasty, st.builds(lambda a, b: a + b, st.text(max_size=40), nasty)
)
email = st.one_of(st.emails(), text)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OPEN_LIMITS = override_settings(MIA_FORM_RATE="100000/h", MIA_FORM_MIN_SECONDS=0)


def started(seconds_ago: float = 10) -> str:
    return signing.dumps(time.time() - seconds_ago, salt="mia.contact.form-started")


def assert_safe(response) -> None:
    assert response.status_code < 500
    if response.get("Content-Type", "").startswith("text/html"):
        assert MARKER not in response.content.decode(errors="replace")


@pytest.mark.parametrize("path", ["/kontakt/", "/barrierefreiheit/"])
@FUZZ
@given(name=text, address=email, subject=text, body=text, page_url=text)
def test_message_forms(site_pages, path, name, address, subject, body, page_url):
    before = Message.objects.count()
    data = {
        "name": name,
        "email": address,
        "subject": subject,
        "body": body,
        "page_url": page_url,
        "homepage": "",
        "started": started(),
    }
    with OPEN_LIMITS:
        response = Client().post(path, data)
    assert_safe(response)
    if Message.objects.count() > before:
        stored = Message.objects.latest("pk")
        assert (stored.name, stored.subject, stored.body) == (
            name.strip(),
            subject.strip(),
            body.strip(),
        )
        assert MARKER not in Client().get(path).content.decode()


@FUZZ
@given(query=text, page=text)
def test_search(site_pages, query, page):
    assert_safe(Client().get("/search/", {"q": query, "page": page}))


@FUZZ
@given(login=email, password=text)
def test_sign_in(site_pages, login, password):
    assert_safe(
        Client(REMOTE_ADDR="10.9.9.9").post("/konto/login/", {"login": login, "password": password})
    )


@FUZZ
@given(address=email)
def test_password_reset(site_pages, address):
    assert_safe(Client().post("/konto/password/reset/", {"email": address}))


@FUZZ
@given(
    token=st.text(
        alphabet=st.characters(blacklist_characters="/?#%", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=80,
    ),
    first=text,
    second=text,
)
def test_invitation(site_pages, centre, token, first, second):
    _invitation, real = invite(centre, "fuzz@example.org", Role.VOLUNTEER)
    client = Client()
    assert_safe(
        client.post(f"/konto/einladung/{token}/", {"password1": first, "password2": second})
    )
    assert_safe(client.post(f"/konto/einladung/{real}/", {"password1": first, "password2": second}))


@pytest.mark.parametrize(
    ("field", "limit"), [("name", 120), ("subject", 200), ("body", 5000), ("email", 254)]
)
def test_overlong_input_is_refused_with_a_message(client, site_pages, field, limit):
    data = {
        "name": "Ada",
        "email": "ada@example.org",
        "subject": "Frage",
        "body": "Hallo",
        "homepage": "",
        "started": started(),
    }
    data[field] = "x" * (limit + 1) if field != "email" else "a" * limit + "@example.org"
    response = client.post("/kontakt/", data)
    assert response.status_code == 400  # the form again, with the error at the field
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert not Message.objects.exists()
