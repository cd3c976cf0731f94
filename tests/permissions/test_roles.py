"""Roles: one group per centre and role, kept in step; rights reach only the own centre."""

import rules
from django.contrib.auth.models import Group
from wagtail.models import Page

from mia.core.models import Membership
from mia.permissions import services
from mia.permissions.roles import Role

from ..factories import MessageFactory, make_image, member


def test_a_role_is_a_group_of_its_centre(centre, site_pages):
    user = member(centre, Role.EDITOR)
    membership = Membership.objects.get(user=user)
    assert membership.group.name == "mia:dortmund:editor"
    assert user.has_perm("wagtailadmin.access_admin")
    assert not user.has_perm("contact.view_message")


def test_editors_edit_their_centres_pages_in_every_language(centre, site_pages, other_centre):
    user = member(centre, Role.EDITOR)
    topic = site_pages["topic0"]
    assert topic.permissions_for_user(user).can_edit()
    assert topic.permissions_for_user(user).can_publish()
    assert not other_centre.site.root_page.permissions_for_user(user).can_edit()


def test_new_language_trees_are_granted_too(centre, site_pages):
    from wagtail.models import Locale

    user = member(centre, Role.EDITOR)
    english = Locale.objects.get_or_create(language_code="en")[0]
    home_en = site_pages["home"].copy_for_translation(english)
    assert Page.objects.get(pk=home_en.pk).permissions_for_user(user).can_edit()


def test_images_live_in_the_centres_collection(centre, other_centre):
    from wagtail.images.permissions import permission_policy

    mine = member(centre, Role.EDITOR)
    theirs = member(other_centre, Role.EDITOR)
    image = make_image()
    image.collection = services.centre_collection(centre)
    image.save()
    assert permission_policy.user_has_permission_for_instance(mine, "change", image)
    assert not permission_policy.user_has_permission_for_instance(theirs, "change", image)


def _image_in(centre, title: str, **kwargs):
    image = make_image(title)
    image.collection = services.centre_collection(centre)
    for field, value in kwargs.items():
        setattr(image, field, value)
    image.save()
    return image


def test_the_events_coordinator_chooses_and_uploads_the_centres_images_only(centre, other_centre):
    from wagtail.images.permissions import permission_policy

    office = member(centre, Role.COORDINATOR, "events")
    ours = _image_in(centre, "Nordstadtfest")
    theirs = _image_in(other_centre, "Bochumer Fest")
    own_upload = _image_in(centre, "Plakat", uploaded_by_user=office)

    chosen = permission_policy.instances_user_has_permission_for(office, "choose")
    assert set(chosen) == {ours, own_upload}
    assert list(permission_policy.collections_user_has_permission_for(office, "add")) == [
        centre.collection
    ]
    # least privilege: other people's images are chosen, never changed or deleted
    for action in ("change", "delete"):
        assert not permission_policy.user_has_permission_for_instance(office, action, ours)
        assert not permission_policy.user_has_permission_for_instance(office, action, theirs)
    # documents are not the events office's
    from wagtail.documents.permissions import permission_policy as documents

    assert not documents.user_has_any_permission(office, ["add", "choose"])


def test_an_upgrade_brings_existing_groups_in_step_with_the_roles(centre):
    from django.core.management.sql import emit_post_migrate_signal
    from wagtail.images.permissions import permission_policy
    from wagtail.models import GroupCollectionPermission

    office = member(centre, Role.COORDINATOR, "events")
    # a group as made before the role was granted the centre's images
    GroupCollectionPermission.objects.filter(group__name="mia:dortmund:coordinator:events").delete()
    office = type(office).objects.get(pk=office.pk)
    assert not permission_policy.user_has_permission(office, "choose")

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as `migrate` does
    office = type(office).objects.get(pk=office.pk)
    assert permission_policy.user_has_permission(office, "choose")


def test_a_coordinator_is_granted_one_domain(centre):
    user = member(centre, Role.COORDINATOR, "messages")
    assert user.has_perm("contact.view_message")
    assert not user.has_perm("website.change_contactperson")


def test_object_rules_hold_only_in_the_own_centre(centre, other_centre):
    user = member(other_centre, Role.COORDINATOR, "messages")
    mine = MessageFactory(centre=other_centre)
    theirs = MessageFactory(centre=centre)
    assert user.has_perm("contact.view_message", mine)
    assert not user.has_perm("contact.view_message", theirs)
    assert rules.perm_exists("contact.view_message")


def test_public_roles_have_no_back_office_rights(centre):
    for role in (Role.ORGANISATION_MEMBER, Role.INSTITUTION_CONTACT, Role.VOLUNTEER):
        user = member(centre, role)
        assert not user.has_perm("wagtailadmin.access_admin"), role


def test_removing_a_role_removes_its_rights(centre):
    user = member(centre, Role.CENTRE_ADMIN)
    Membership.objects.get(user=user).delete()
    user = type(user).objects.get(pk=user.pk)  # permission caches are per instance
    assert not user.has_perm("wagtailadmin.access_admin")
    assert Group.objects.filter(name="mia:dortmund:centre_admin").exists()


def test_changing_a_role_moves_the_user_to_the_new_group(centre):
    user = member(centre, Role.CENTRE_ADMIN)
    membership = Membership.objects.get(user=user)
    membership.role = Role.EDITOR
    membership.save()
    assert list(user.groups.values_list("name", flat=True)) == ["mia:dortmund:editor"]
