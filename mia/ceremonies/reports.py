"""The figures of one ceremony for the back office: one aggregate query over its invitees.

Kept apart from the booking rules (`services.py`), which count seats under a lock; these are
read-only figures for people, computed as the rows stand.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Ceremony, Invitee

Status = Invitee.Status


@dataclass(frozen=True)
class Figures:
    invited: int
    answered: int
    attending: int  # invitees who come
    attending_seats: int  # and their companions: the seats they take
    declined: int
    waiting: int
    offered: int  # offered a freed seat, the offer still open
    arrived: int  # invitees checked in at the door
    arrived_seats: int  # with the companions they brought
    emailed: int
    with_email: int
    capacity: int

    @property
    def free_seats(self) -> int:
        return max(self.capacity - self.attending_seats, 0)


def figures(ceremony: Ceremony, now: datetime.datetime | None = None) -> Figures:
    now = now or timezone.now()
    attending = Q(status=Status.ATTENDING)
    arrived = Q(checked_in_at__isnull=False)
    totals = Invitee.objects.filter(ceremony=ceremony).aggregate(
        invited=Count("pk"),
        answered=Count("pk", filter=~Q(status=Status.INVITED)),
        attending=Count("pk", filter=attending),
        attending_companions=Coalesce(Sum("companions", filter=attending), 0),
        declined=Count("pk", filter=Q(status=Status.DECLINED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
        offered=Count("pk", filter=Q(status=Status.OFFERED, offered_until__gt=now)),
        arrived=Count("pk", filter=arrived),
        arrived_companions=Coalesce(Sum("companions", filter=arrived), 0),
        emailed=Count("pk", filter=Q(emailed_at__isnull=False)),
        with_email=Count("pk", filter=~Q(email="")),
    )
    return Figures(
        invited=totals["invited"],
        answered=totals["answered"],
        attending=totals["attending"],
        attending_seats=totals["attending"] + totals["attending_companions"],
        declined=totals["declined"],
        waiting=totals["waiting"],
        offered=totals["offered"],
        arrived=totals["arrived"],
        arrived_seats=totals["arrived"] + totals["arrived_companions"],
        emailed=totals["emailed"],
        with_email=totals["with_email"],
        capacity=ceremony.capacity,
    )
