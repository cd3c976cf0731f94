"""What people with disabilities need to know of a place, asked the same way everywhere."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Access(models.TextChoices):
    """A feature of a place: known to be there, known not to be, or not known. "Not known"
    is kept apart from "no", so that no one is told a place is accessible on a guess."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")
