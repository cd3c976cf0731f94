"""The hours pages: the volunteer reports, the institution confirms; each sees only its own
records, and a refusal shows at the field with nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.utils import formats, timezone, translation

from mia.outbox.models import OutboxMessage
from mia.pool.models import Assignment

from ..factories import member, sign_in
from .factories import institution, request, volunteer
from .test_billing import HOUR, assignment, contact

pytestmark = pytest.mark.django_db


def report_url(job) -> str:
    return f"/sprachmittlung/ehrenamt/einsaetze/{job.pk}/stunden/"


def confirm_url(job) -> str:
    return f"/sprachmittlung/anfragen/{job.request_id}/stunden/"


def volunteer_account(centre, job):
    user = member(centre, "volunteer")
    job.volunteer.user = user
    job.volunteer.save(update_fields=["user"])
    return user


def times(job, start_minutes=0, end_minutes=90) -> dict:
    start = timezone.localtime(job.starts_at) + datetime.timedelta(minutes=start_minutes)
    end = timezone.localtime(job.starts_at) + datetime.timedelta(minutes=end_minutes)
    return {"day": start.date().isoformat(), "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}


def test_the_volunteer_reports_the_hours_of_an_own_assignment(client, centre):
    place = institution(centre, "Kita Sonnenschein")
    contact(place, email="kita@example.org")
    job = assignment(centre, place=place)
    sign_in(client, volunteer_account(centre, job), second_factor=False)

    page = client.get(report_url(job))
    assert page.status_code == 200
    assert "Kita Sonnenschein" in page.content.decode()

    response = client.post(report_url(job), times(job, 0, 75))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.minutes) == ("reported", 75)
    assert OutboxMessage.objects.get().to == ["kita@example.org"]
    assert "Your hours are reported" in client.get(response["Location"]).content.decode()


def test_another_volunteers_assignment_looks_like_none(client, centre):
    job, other = assignment(centre), assignment(centre)
    sign_in(client, volunteer_account(centre, other), second_factor=False)
    assert client.get(report_url(job)).status_code == 404
    assert client.post(report_url(job), times(job)).status_code == 404
    job.refresh_from_db()
    assert job.actual_start is None


def test_an_assignment_of_another_centre_looks_like_none(client, centre, other_centre):
    theirs = assignment(other_centre)
    user = member(centre, "volunteer")
    theirs.volunteer.user = user
    theirs.volunteer.save(update_fields=["user"])
    sign_in(client, user, second_factor=False)
    assert client.get(report_url(theirs)).status_code == 404


def test_before_the_appointment_the_page_says_wait_and_a_post_is_refused(client, centre):
    job = assignment(centre, starts_at=timezone.now() + 3 * HOUR)
    sign_in(client, volunteer_account(centre, job), second_factor=False)
    page = client.get(report_url(job)).content.decode()
    assert "once the appointment has begun" in page
    assert 'name="start"' not in page
    response = client.post(report_url(job), times(job))
    assert response.status_code == 400
    assert "The appointment has not started yet." in response.content.decode()
    job.refresh_from_db()
    assert job.status == "confirmed"


def test_an_end_before_the_start_is_shown_at_the_field(client, centre):
    job = assignment(centre, starts_at=timezone.now() - 30 * HOUR)
    sign_in(client, volunteer_account(centre, job), second_factor=False)
    data = {
        **times(job, 0, 60),
        "day": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
    }
    response = client.post(report_url(job), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_day_error"' in body
    assert "more than a day away" in body
    job.refresh_from_db()
    assert job.actual_start is None


def test_the_institution_confirms_the_reported_hours(client, centre):
    place = institution(centre, "Grundschule Nord")
    user = contact(place)
    job = assignment(centre, place=place)
    sign_in(client, volunteer_account(centre, job), second_factor=False)
    client.post(report_url(job), times(job, 0, 150))
    client.logout()
    sign_in(client, user, second_factor=False)

    page = client.get(confirm_url(job)).content.decode()
    assert "has reported the times" in page
    response = client.post(confirm_url(job), times(job, 0, 150))

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.allowance, job.confirmed_by) == ("done", Decimal("35.00"), user)
    assert job.request.status == "done"
    again = client.post(confirm_url(job), times(job, 0, 300))
    assert again.status_code == 400
    assert "already confirmed" in again.content.decode()
    job.refresh_from_db()
    assert job.allowance == Decimal("35.00")


def test_the_institution_enters_the_hours_the_volunteer_did_not_report(client, centre):
    place = institution(centre, "Jugendamt")
    user = contact(place)
    job = assignment(centre, place=place)
    sign_in(client, user, second_factor=False)
    assert "has not reported the times yet" in client.get(confirm_url(job)).content.decode()
    client.post(confirm_url(job), times(job, 0, 90))
    job.refresh_from_db()
    assert (job.status, job.allowance) == ("done", Decimal("25.00"))


def test_the_request_page_links_to_its_hours_page_once_the_appointment_is_over(client, centre):
    place = institution(centre, "Grundschule Süd")
    user = contact(place)
    request(centre, place)  # a request without assignment: the numbers of the two differ
    job = assignment(centre, place=place)
    assert job.pk != job.request_id
    sign_in(client, user, second_factor=False)

    page = client.get(f"/sprachmittlung/anfragen/{job.request_id}/").content.decode()

    assert f'href="{confirm_url(job)}"' in page
    assert client.get(confirm_url(job)).status_code == 200
    # the list says the appointment waits for them, and leads there
    listing = client.get("/en/sprachmittlung/anfragen/").content.decode()
    assert "The appointment is over: please confirm the hours." in listing
    assert f'href="/en{confirm_url(job)}">Confirm the hours</a>' in listing


def test_a_contact_of_another_institution_cannot_confirm(client, centre):
    job = assignment(centre)
    stranger = contact(institution(centre, "Andere Schule"))
    sign_in(client, stranger, second_factor=False)
    assert client.get(confirm_url(job)).status_code == 404
    assert client.post(confirm_url(job), times(job)).status_code == 404
    job.refresh_from_db()
    assert job.status == Assignment.Status.CONFIRMED


def test_the_hours_pages_cost_a_fixed_number_of_queries(
    client, centre, django_assert_max_num_queries
):
    place = institution(centre, "Schule Süd")
    user = contact(place)
    job = assignment(centre, place=place)
    sign_in(client, user, second_factor=False)
    client.get(confirm_url(job))
    with django_assert_max_num_queries(20):
        assert client.get(confirm_url(job)).status_code == 200


def test_the_institution_sees_the_mediators_first_name_and_a_date_in_its_language(client, centre):
    place = institution(centre, "Grundschule Süd")
    user = contact(place)
    job = assignment(centre, place=place, person=volunteer(centre, "Amira Haddad"))
    sign_in(client, user, second_factor=False)
    page = client.get("/ar" + confirm_url(job)).content.decode()
    assert "<bdi>Amira</bdi>" in page and "Haddad" not in page
    day = timezone.localtime(job.starts_at)
    with translation.override("ar"):
        assert formats.date_format(day, "DATE_FORMAT") in page
    assert f"{day.day}. " not in page.split("mia-facts")[1].split("</dl>")[0]
    assert "as the mediator was with you" in page
