"""An organisation's members edit only their own organisation's records."""

import rules

from mia.permissions.rules import centre_grants


def _organisation_id(obj) -> int | None:
    from .models import Organisation

    if isinstance(obj, Organisation):
        return obj.pk
    return getattr(obj, "organisation_id", None)


@rules.predicate
def is_organisation_member(user, obj=None) -> bool:
    """The organisation itself, or any record that has an `organisation` (its events later)."""
    organisation_id = _organisation_id(obj) if obj is not None else None
    if organisation_id is None or not user.is_authenticated:
        return False
    return user.organisation_memberships.filter(organisation_id=organisation_id).exists()


rules.set_perm(
    "organisations.change_organisation",
    rules.is_superuser
    | centre_grants("organisations", "change_organisation")
    | is_organisation_member,
)
rules.set_perm(
    "organisations.view_organisation",
    rules.is_superuser
    | centre_grants("organisations", "view_organisation")
    | is_organisation_member,
)
