"""Reminders before an appointment: one mail to the volunteer and one to the institution,
`PoolSettings.reminder_hours` before it starts.

Each assignment is reminded once. The claim is a conditional update
(`UPDATE … SET reminded_at = now WHERE id = … AND reminded_at IS NULL`) in the same
transaction as the mails are queued: two runs at once (cron and the task, two workers) both
try, the database lets one update the row, and the other finds it claimed and sends nothing.
A run that fails before its commit leaves the row unclaimed for the next run.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from mia.core.models import Centre

from . import offers
from .models import Assignment, PoolSettings


def due(centre: Centre, now: datetime.datetime) -> list[int]:
    """The ids of the centre's confirmed appointments that begin within its reminder time and
    were not reminded of yet."""
    hours = PoolSettings.for_centre(centre).reminder_hours
    return list(
        Assignment.objects.filter(
            centre=centre,
            status=Assignment.Status.CONFIRMED,
            reminded_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + datetime.timedelta(hours=hours),
        )
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
    )


def remind(assignment_id: int, now: datetime.datetime | None = None) -> bool:
    """Claims the assignment and queues its two reminders; False when another run claimed it
    first (or it was cancelled meanwhile)."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Assignment.objects.filter(
            pk=assignment_id, reminded_at__isnull=True, status=Assignment.Status.CONFIRMED
        ).update(reminded_at=now)
        if not claimed:
            return False
        assignment = Assignment.objects.select_related("volunteer").get(pk=assignment_id)
        request = offers._full(assignment.request_id)
        context = {"assignment": assignment, "volunteer": assignment.volunteer}
        if assignment.volunteer is not None:
            offers._mail(
                request, [assignment.volunteer.email], "assignment_reminder_volunteer", context
            )
            context["first_name"] = offers.first_name(assignment.volunteer)
        offers._mail(
            request,
            offers.institution_addresses(request),
            "assignment_reminder_institution",
            context,
        )
    return True


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Every centre's reminders that are due; returns how many appointments were reminded."""
    now = now or timezone.now()
    centres = Centre.objects.filter(
        pk__in=Assignment.objects.filter(
            status=Assignment.Status.CONFIRMED, reminded_at__isnull=True, starts_at__gt=now
        ).values("centre_id")
    )
    sent = 0
    for centre in centres:
        for pk in due(centre, now):
            sent += remind(pk, now)
    return sent
