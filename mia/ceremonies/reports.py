"""The figures of one ceremony for the back office: the booking's counts (`services.counts`)
and what the office adds to them (arrived guests with companions, e-mails sent), in two
aggregate queries, as the rows stand."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from . import services
from .models import Ceremony, Invitee


@dataclass(frozen=True)
class Figures:
    invited: int
    answered: int
    attending: int  # invitees who come
    attending_seats: int  # and their companions: the seats they take
    declined: int  # an offer that ran out counts as declined, as the booking settles it
    waiting: int
    offered: int  # offered a freed seat, the offer still open
    seats_taken: int  # attending and open offers, with companions
    arrived: int  # invitees checked in at the door
    arrived_seats: int  # with the companions they brought
    emailed: int
    with_email: int
    capacity: int

    @property
    def free_seats(self) -> int:
        return max(self.capacity - self.seats_taken, 0)


def figures(ceremony: Ceremony, now: datetime.datetime | None = None) -> Figures:
    counts = services.counts(ceremony, now)
    arrived = Q(checked_in_at__isnull=False)
    office = Invitee.objects.filter(ceremony=ceremony).aggregate(
        arrived_companions=Coalesce(Sum("companions", filter=arrived), 0),
        emailed=Count("pk", filter=Q(emailed_at__isnull=False)),
        with_email=Count("pk", filter=~Q(email="")),
    )
    return Figures(
        invited=counts.invited,
        answered=counts.answered,
        attending=counts.attending,
        attending_seats=counts.attending + counts.companions,
        declined=counts.declined,
        waiting=counts.waiting,
        offered=counts.offered,
        seats_taken=counts.seats_taken,
        arrived=counts.arrived,
        arrived_seats=counts.arrived + office["arrived_companions"],
        emailed=office["emailed"],
        with_email=office["with_email"],
        capacity=ceremony.capacity,
    )
