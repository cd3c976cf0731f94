from .billing import PayoutMonth
from .institutions import Institution
from .requests import Assignment, Offer, Request
from .settings import PoolSettings, Topic
from .volunteers import (
    Absence,
    AvailabilityException,
    AvailabilitySlot,
    Gender,
    GermanLevel,
    Level,
    Setting,
    Volunteer,
    VolunteerLanguage,
)

__all__ = [
    "Absence",
    "Assignment",
    "AvailabilityException",
    "AvailabilitySlot",
    "Gender",
    "GermanLevel",
    "Institution",
    "Level",
    "Offer",
    "PayoutMonth",
    "PoolSettings",
    "Request",
    "Setting",
    "Topic",
    "Volunteer",
    "VolunteerLanguage",
]
