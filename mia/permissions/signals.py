from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Page

from mia.core.models import Centre, Membership

from . import services


@receiver(post_save, sender=Membership)
def _membership_saved(sender, instance: Membership, **kwargs) -> None:
    # an edited role moves the user out of the old group
    if instance.group_id:
        previous = services.group_name(instance.centre, instance.role, instance.domain)
        if instance.group.name != previous:
            services.detach(instance)
    services.attach(instance)


@receiver(post_delete, sender=Membership)
def _membership_deleted(sender, instance: Membership, **kwargs) -> None:
    services.detach(instance)


@receiver(post_save)
def _new_language_tree(sender, instance, created: bool, **kwargs) -> None:
    # A new translation of a centre's home page heads a new tree: its editors need rights there.
    if not created or not isinstance(instance, Page) or instance.depth != 2:
        return
    for centre in Centre.objects.filter(site__root_page__translation_key=instance.translation_key):
        services.sync_centre(centre)


@receiver(post_migrate)
def _attach_memberships(sender, **kwargs) -> None:
    """After an upgrade, memberships made before roles existed get their group, and every
    group is brought in step with roles.py: an upgrade may grant a role more, or less."""
    if sender.label != "permissions":
        return
    for membership in Membership.objects.filter(group__isnull=True).select_related("centre"):
        services.attach(membership)
    services.sync_all()
