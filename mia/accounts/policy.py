"""Who must use two-factor login, and how long a back-office session lasts."""

from django.conf import settings

from mia.core.models import Membership
from mia.permissions.roles import STAFF_ROLES


def is_staff_user(user) -> bool:
    """Anyone who can reach the back office, and so other people's personal data."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_mia_is_staff", None)
    if cached is None:
        cached = Membership.objects.filter(user=user, role__in=STAFF_ROLES).exists()
        user._mia_is_staff = cached
    return cached


def requires_two_factor(user) -> bool:
    return settings.MIA_REQUIRE_TWO_FACTOR and is_staff_user(user)
