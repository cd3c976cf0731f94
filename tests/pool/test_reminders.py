"""Reminders before an appointment (mia/pool/reminders.py): once, to the volunteer and the
institution, at the pool's reminder time; never for cancelled or far-off appointments."""

import datetime

import pytest
from django.utils import timezone

from mia.outbox.models import OutboxMessage
from mia.pool import offers, reminders
from mia.pool.models import Assignment, PoolSettings

from ..factories import member
from . import factories as pool
from .test_offers import mails_to, tokens_in_outbox

pytestmark = pytest.mark.django_db


def assigned(centre, hours_ahead: float):
    school = pool.institution(centre, f"Schule {hours_ahead}")
    contact = member(centre, "institution_contact", email=f"kontakt{hours_ahead}@example.org")
    school.organisation.memberships.create(user=contact)
    request = pool.request(
        centre,
        school,
        starts_at=timezone.now() + datetime.timedelta(hours=hours_ahead),
        contact_name="Herr Demir",
    )
    person = pool.volunteer(centre, "Amira Haddad")
    offers.make_offers(request, [person], None)
    assignment = offers.accept(tokens_in_outbox()[person.email])
    OutboxMessage.objects.all().delete()
    return assignment, contact


def test_a_reminder_goes_once_to_both_sides(centre):
    assignment, contact = assigned(centre, 20)
    assert reminders.send_reminders() == 1
    assert reminders.send_reminders() == 0
    assert Assignment.objects.get().reminded_at is not None
    (to_volunteer,) = mails_to(assignment.volunteer.email)
    assert "Herr Demir" in to_volunteer.body  # the contact on the day
    assert "Mallinckrodtstraße 100" in to_volunteer.body
    (to_school,) = mails_to(contact.email)
    assert "Amira" in to_school.body and "Haddad" not in to_school.body
    assert OutboxMessage.objects.count() == 2


def test_no_reminder_before_the_reminder_time(centre):
    assigned(centre, 30)
    assert reminders.send_reminders() == 0
    PoolSettings.objects.filter(centre=centre).update(reminder_hours=48)
    assert reminders.send_reminders() == 1


def test_no_reminder_for_a_cancelled_or_past_appointment(centre):
    assignment, _contact = assigned(centre, 10)
    offers.cancel_assignment(assignment, None, "Krank", "volunteer")
    OutboxMessage.objects.all().delete()
    assert reminders.send_reminders() == 0
    assert OutboxMessage.objects.count() == 0
    assert reminders.send_reminders(now=timezone.now() + datetime.timedelta(hours=11)) == 0


def test_a_claimed_assignment_is_not_reminded_again(centre):
    assignment, _contact = assigned(centre, 5)
    Assignment.objects.filter(pk=assignment.pk).update(reminded_at=timezone.now())
    assert reminders.remind(assignment.pk) is False
    assert OutboxMessage.objects.count() == 0


def test_the_task_and_the_command_send_them(centre):
    from io import StringIO

    from django.core.management import call_command

    from mia.pool.tasks import send_reminders_task

    assigned(centre, 2)
    assigned(centre, 3)
    result = send_reminders_task.enqueue()
    assert result.return_value == 2
    out = StringIO()
    call_command("pool_reminders", stdout=out)
    assert (
        out.getvalue().strip()
        == "offers expired: 0, requests not filled: 0, appointments reminded: 0"
    )
