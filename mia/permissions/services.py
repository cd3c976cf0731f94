"""Keeping each (centre, role, domain) group in step with roles.py, and granting roles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from mia.core.models import Centre, Membership

from .roles import EDITOR_PAGE_PERMISSIONS, collection_permissions_for, permissions_for


def _permissions(names: tuple[str, ...]) -> list[Permission]:
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def centre_collection(centre: Centre) -> Collection:
    """The centre's own collection for images and documents, made on first use."""
    if centre.collection_id:
        return centre.collection
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.add_child(name=centre.name)
    Centre.objects.filter(pk=centre.pk).update(collection=collection)
    centre.collection = collection
    return collection


def centre_home_pages(centre: Centre) -> list[Page]:
    """The centre's home page in every language: each heads one tree of the site."""
    return list(centre.site.root_page.get_translations(inclusive=True))


def group_name(centre: Centre, role: str, domain: str = "") -> str:
    return ":".join(part for part in ("mia", centre.slug, role, domain) if part)


@transaction.atomic
def sync_group(centre: Centre, role: str, domain: str = "") -> Group:
    """Make the group of (centre, role, domain) carry exactly what roles.py grants."""
    group, _created = Group.objects.get_or_create(name=group_name(centre, role, domain))
    model_permissions, edits_pages = permissions_for(role, domain)
    group.permissions.set(_permissions(model_permissions))
    GroupPagePermission.objects.filter(group=group).delete()
    GroupCollectionPermission.objects.filter(group=group).delete()
    if edits_pages:
        page_permissions = _permissions(tuple(f"wagtailcore.{p}" for p in EDITOR_PAGE_PERMISSIONS))
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page=page, permission=permission)
            for page in centre_home_pages(centre)
            for permission in page_permissions
        )
    collection_permissions = collection_permissions_for(role, domain)
    if collection_permissions:
        collection = centre_collection(centre)
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(group=group, collection=collection, permission=permission)
            for permission in _permissions(collection_permissions)
        )
    return group


def sync_centre(centre: Centre) -> None:
    """Re-apply every role of a centre (after a new language tree or a change to roles.py)."""
    for role, domain in (
        Membership.objects.filter(centre=centre).values_list("role", "domain").distinct()
    ):
        sync_group(centre, role, domain)


def sync_all() -> None:
    for centre in Centre.objects.all():
        sync_centre(centre)


def grant(centre: Centre, user, role: str, domain: str = "") -> Membership:
    membership, _created = Membership.objects.get_or_create(
        centre=centre, user=user, role=role, domain=domain
    )
    return membership


def attach(membership: Membership) -> None:
    """Put the user into the group of their membership's role (called on save)."""
    group = sync_group(membership.centre, membership.role, membership.domain)
    if membership.group_id != group.pk:
        Membership.objects.filter(pk=membership.pk).update(group=group)
        membership.group = group
    membership.user.groups.add(group)


def detach(membership: Membership) -> None:
    if membership.group_id:
        membership.user.groups.remove(membership.group_id)


def roles_of(user, centre: Centre) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, centre=centre).values_list("role", flat=True))
