"""Letting guests in at the door: the code from a ticket's QR code or typed from a letter.

An arrival is marked once, by `UPDATE … WHERE checked_in_at IS NULL`: two phones scanning the
same ticket at the same moment mark it once, and the second hears when the guest came.

Who has no seat (declined, no answer, on the waiting list, an offer not taken up) is shown
as such and not let in by the scan. Staff may let them in anyway while the room has a free
seat: the seats of everyone attending (whether arrived yet or not), of open offers and of
everyone already let in without a seat are counted under a lock on the ceremony row, as
the booking does, so two doors cannot hand out the last seat twice (docs/decisions/0025).
"""

import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from mia.audit.models import AuditEntry
from mia.audit.services import record

from . import services
from .links import ANSWER_PATH
from .models import CODE_ALPHABET, CODE_LENGTH, Ceremony, Invitee, normalise_code

Status = Invitee.Status

# the answer page's path without its code: what a ticket's QR code holds before the code
_ANSWER_PREFIX = ANSWER_PATH.split("<", 1)[0]
_IN_LINK = re.compile(re.escape("/" + _ANSWER_PREFIX) + r"([^/?#]+)")
_CODE = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


class Outcome:
    ARRIVED = "arrived"  # let in now
    ALREADY = "already"  # came before: when
    NO_SEAT = "no_seat"  # no seat of their own: staff decide
    FULL = "full"  # no seat, and the room is full
    UNKNOWN = "unknown"  # no such code for this ceremony


@dataclass(frozen=True)
class CheckIn:
    outcome: str
    invitee: Invitee | None = None
    anyway: bool = False  # let in without a seat of their own

    @property
    def arrived_at(self) -> datetime.datetime | None:
        return self.invitee.checked_in_at if self.invitee else None


def code_from(text: str) -> str:
    """The personal code in what the camera read or staff typed: the answer page's address
    (with or without language prefix and host), or the code itself, with or without dashes."""
    text = (text or "").strip()
    found = _IN_LINK.search(text)
    return normalise_code(found.group(1) if found else text)[: CODE_LENGTH * 2]


def is_code(code: str) -> bool:
    return bool(_CODE.match(code))


def has_seat(invitee: Invitee, now: datetime.datetime) -> bool:
    return invitee.status == Status.ATTENDING or services.offer_is_open(invitee, now)


def check_in(
    ceremony: Ceremony,
    typed: str,
    user,
    *,
    anyway: bool = False,
    now: datetime.datetime | None = None,
) -> CheckIn:
    """Mark the guest with this code as arrived, if they have a seat (or `anyway`, while the
    room has one free). Scanning twice is harmless: the second time says when they came."""
    now = now or timezone.now()
    code = code_from(typed)
    if not is_code(code):
        return CheckIn(Outcome.UNKNOWN)
    with transaction.atomic():
        invitee = Invitee.objects.filter(ceremony=ceremony, code=code).first()
        if invitee is None:
            return CheckIn(Outcome.UNKNOWN)
        if invitee.checked_in_at is not None:
            record(user, AuditEntry.Action.VIEW, invitee, detail={"check_in": "already"})
            return CheckIn(Outcome.ALREADY, invitee)
        seated = has_seat(invitee, now)
        if not seated:
            if not anyway:
                record(user, AuditEntry.Action.VIEW, invitee, detail={"check_in": "no_seat"})
                return CheckIn(Outcome.NO_SEAT, invitee)
            # the booking's lock: two doors cannot hand out the last seat twice
            Ceremony.objects.select_for_update().filter(pk=ceremony.pk).first()
            if services.seats_held(ceremony, now) + invitee.seats > ceremony.capacity:
                record(user, AuditEntry.Action.VIEW, invitee, detail={"check_in": "full"})
                return CheckIn(Outcome.FULL, invitee)
        marked = Invitee.objects.filter(pk=invitee.pk, checked_in_at__isnull=True).update(
            checked_in_at=now
        )
        invitee.refresh_from_db(fields=["checked_in_at"])
        if not marked:
            # another door was quicker
            return CheckIn(Outcome.ALREADY, invitee)
        record(
            user,
            AuditEntry.Action.CHANGE,
            invitee,
            detail={"fields": ["checked_in_at"], "without_seat": not seated},
        )
    return CheckIn(Outcome.ARRIVED, invitee, anyway=not seated)


def arrivals(ceremony: Ceremony) -> dict[str, int]:
    """The door's figures, for the page and its polling."""
    arrived = Q(checked_in_at__isnull=False)
    totals = Invitee.objects.filter(ceremony=ceremony).aggregate(
        arrived=Count("pk", filter=arrived),
        companions=Coalesce(Sum("companions", filter=arrived), 0),
        expected=Count("pk", filter=Q(status=Status.ATTENDING)),
    )
    return {
        "arrived": totals["arrived"],
        "guests": totals["arrived"] + totals["companions"],
        "expected": totals["expected"],
        "capacity": ceremony.capacity,
    }
