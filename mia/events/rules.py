"""Organisation members see and edit their own organisation's events; the office reviews."""

import rules

from mia.organisations.rules import is_organisation_member
from mia.permissions.rules import centre_grants

for action in ("view", "change"):
    rules.set_perm(
        f"events.{action}_event",
        rules.is_superuser | centre_grants("events", f"{action}_event") | is_organisation_member,
    )

rules.set_perm("events.review_event", rules.is_superuser | centre_grants("events", "review_event"))
