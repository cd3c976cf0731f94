"""The roles MIA knows, and what each may do. Every role except superuser is held per centre.

A role is granted by a `Membership` (centre, user, role, domain). Each distinct
(centre, role, domain) is backed by one Django group that MIA keeps in step with this
module, so Wagtail's own page, collection and model permission checks apply unchanged, and
`scoped()` narrows every back-office list to the centres where the role holds the right.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORGANISATION_MEMBER = "organisation_member", _("Organisation member")
    INSTITUTION_CONTACT = "institution_contact", _("Institution contact")
    VOLUNTEER = "volunteer", _("Volunteer")
    EDITOR = "editor", _("Editor")
    COORDINATOR = "coordinator", _("Coordinator")
    CENTRE_ADMIN = "centre_admin", _("Centre administrator")


# Roles that work in the back office and so can see other people's personal data:
# two-factor login is mandatory for them, and their sessions expire when idle.
STAFF_ROLES = frozenset({Role.EDITOR, Role.COORDINATOR, Role.CENTRE_ADMIN})
PUBLIC_ROLES = frozenset({Role.ORGANISATION_MEMBER, Role.INSTITUTION_CONTACT, Role.VOLUNTEER})


@dataclass(frozen=True)
class Domain:
    """A part of the back office that a coordinator is granted on its own (e.g. the pool).

    `collection_permissions` are granted on the centre's collection only (its images and
    documents), like an editor's, so a domain whose records show images can use them.
    """

    name: str
    label: str | Promise
    permissions: tuple[str, ...] = field(default=())
    collection_permissions: tuple[str, ...] = field(default=())


_domains: dict[str, Domain] = {}


def register_domain(
    name: str,
    label: str | Promise,
    permissions: tuple[str, ...] = (),
    collection_permissions: tuple[str, ...] = (),
) -> None:
    """Several apps may serve one domain: each adds the permissions of its own records."""
    known = _domains.get(name)
    if known:
        permissions = (*known.permissions, *permissions)
        collection_permissions = (*known.collection_permissions, *collection_permissions)
    _domains[name] = Domain(
        name,
        label,
        tuple(dict.fromkeys(permissions)),
        tuple(dict.fromkeys(collection_permissions)),
    )


def domains() -> dict[str, Domain]:
    return dict(sorted(_domains.items()))


def domain_choices() -> list[tuple[str, str]]:
    return [(d.name, str(d.label)) for d in domains().values()]


def role_domain_errors(role: str, domain: str) -> dict[str, str]:
    """A domain belongs with the coordinator role, and only with it."""
    if role == Role.COORDINATOR and not domain:
        return {"domain": _("Choose the domain the coordinator runs.")}
    if role != Role.COORDINATOR and domain:
        return {"domain": _("Only coordinators are granted a domain.")}
    return {}


ADMIN_ACCESS = "wagtailadmin.access_admin"

EDITOR_PERMISSIONS = (
    ADMIN_ACCESS,
    "website.add_contactperson",
    "website.change_contactperson",
    "website.delete_contactperson",
    "wagtail_localize.submit_translation",
)
# granted on the centre's home pages (every language), so on its whole page tree only
EDITOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
)
# granted on the centre's collection, so on its own images and documents only
EDITOR_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
)
CENTRE_ADMIN_PERMISSIONS = (
    "core.view_membership",
    "core.change_membership",
    "core.delete_membership",
    "permissions.view_invitation",
    "permissions.add_invitation",
    "permissions.delete_invitation",
    "privacy.handle_requests",
    "privacy.view_retentioncount",
    "audit.view_auditentry",
)


def permissions_for(role: str, domain: str = "") -> tuple[tuple[str, ...], bool]:
    """(model permissions, whether the role edits the centre's pages)."""
    if role == Role.EDITOR:
        return EDITOR_PERMISSIONS, True
    if role == Role.COORDINATOR:
        granted = _domains.get(domain)
        return ((ADMIN_ACCESS, *granted.permissions) if granted else ()), False
    if role == Role.CENTRE_ADMIN:
        every_domain = tuple(p for d in domains().values() for p in d.permissions)
        return (*EDITOR_PERMISSIONS, *CENTRE_ADMIN_PERMISSIONS, *every_domain), True
    # public roles act on the public site, through object rules (see rules.py)
    return (), False


def collection_permissions_for(role: str, domain: str = "") -> tuple[str, ...]:
    """The permissions the role holds on the centre's collection (images and documents)."""
    if role == Role.EDITOR:
        return EDITOR_COLLECTION_PERMISSIONS
    if role == Role.COORDINATOR:
        granted = _domains.get(domain)
        return granted.collection_permissions if granted else ()
    if role == Role.CENTRE_ADMIN:
        every_domain = (p for d in domains().values() for p in d.collection_permissions)
        return tuple(dict.fromkeys((*EDITOR_COLLECTION_PERMISSIONS, *every_domain)))
    return ()
