"""The code and answer forms, fed with generated input (hypothesis): whatever arrives is taken
as typed or refused with a message at a field; never an error, never markup echoed."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mia.ceremonies.forms import AnswerForm, CodeForm
from mia.ceremonies.models import CODE_ALPHABET, CODE_LENGTH, Ceremony, Invitee, normalise_code

from .factories import ceremony, invitee

MARKER = '<script>alert("x")</script><img src=x onerror=alert(1)>'
nasty = st.sampled_from([MARKER, "\u202eevil", "' OR 1=1 --", "{{ 7|add:7 }}", "\x00", "-1", "1e9"])
text = st.one_of(st.text(max_size=60), nasty)
number = st.one_of(st.integers(-5, 15).map(str), text)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def unsaved_ceremony(allowed: int) -> Ceremony:
    return Ceremony(capacity=10, companions_allowed=allowed)


@FUZZ
@given(
    attending=st.one_of(st.sampled_from(["yes", "no"]), text),
    companions=number,
    needs=st.one_of(st.text(max_size=1200), nasty),
    email=st.one_of(st.emails(), text),
    allowed=st.integers(0, 3),
)
def test_the_answer_form_takes_or_refuses_at_a_field(attending, companions, needs, email, allowed):
    form = AnswerForm(
        {
            "attending": attending,
            "companions": companions,
            "accessibility_needs": needs,
            "email": email,
        },
        ceremony=unsaved_ceremony(allowed),
    )
    if form.is_valid():
        answer = form.answer()
        assert attending in ("yes", "no")
        assert answer["attending"] is (attending == "yes")
        assert 0 <= answer["companions"] <= allowed
        assert answer["accessibility_needs"] == needs.strip()
        assert "\x00" not in needs
    else:
        assert set(form.errors) <= {"attending", "companions", "accessibility_needs", "email"}
        for field in form.errors:
            rendered = str(form[field].errors)
            assert MARKER not in rendered


@FUZZ
@given(companions=st.integers(-100, 100), allowed=st.integers(0, 10))
def test_companions_are_taken_only_within_the_limit(companions, allowed):
    form = AnswerForm(
        {"attending": "yes", "companions": str(companions)}, ceremony=unsaved_ceremony(allowed)
    )
    valid = form.is_valid()
    if allowed == 0:
        # no field: nobody can bring anyone, whatever is sent
        assert valid and form.answer()["companions"] == 0
    else:
        assert valid == (0 <= companions <= allowed)
        if not valid:
            assert list(form.errors) == ["companions"]


@FUZZ
@given(
    typed=st.one_of(st.text(max_size=50), st.text(alphabet=CODE_ALPHABET + " -oil", max_size=14))
)
def test_the_code_form_takes_exactly_the_codes_that_can_be(typed):
    form = CodeForm({"code": typed})
    code = normalise_code(typed.strip())
    possible = (
        0 < len(typed.strip()) <= 40
        and len(code) == CODE_LENGTH
        and set(code) <= set(CODE_ALPHABET)
    )
    assert form.is_valid() == possible
    if possible:
        assert form.cleaned_data["code"] == code


@pytest.mark.django_db
@FUZZ
@given(
    action=st.one_of(st.sampled_from(["answer", "accept", "decline", "leave"]), text),
    attending=st.one_of(st.sampled_from(["yes", "no"]), text),
    companions=number,
    needs=text,
    email=st.one_of(st.emails(), text),
)
def test_whatever_is_posted_the_seats_hold(
    site_pages, centre, action, attending, companions, needs, email
):
    feier = Ceremony.objects.filter(centre=centre).first() or ceremony(
        centre, capacity=2, companions_allowed=1
    )
    person = invitee(feier)
    client = Client()
    response = client.post(
        f"/einbuergerungsfeier/{person.code}/",
        {
            "action": action,
            "attending": attending,
            "companions": companions,
            "accessibility_needs": needs,
            "email": email,
        },
    )
    assert response.status_code in (303, 400, 409)
    assert MARKER not in response.content.decode(errors="replace")
    stored = Invitee.objects.get(pk=person.pk)
    if response.status_code != 303:
        assert stored.status == Invitee.Status.INVITED  # nothing half-saved
    else:
        assert stored.accessibility_needs == needs.strip()
    from mia.ceremonies.services import counts

    assert counts(feier).seats_taken <= feier.capacity
