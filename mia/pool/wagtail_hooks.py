"""The pool in the back office: one menu ("Language mediation") whose items each part of the
pool registers with the `register_pool_menu_item` hook, in its own module under `admin/`."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from .admin import billing, institutions, matching, offers, volunteers  # noqa: F401  (hooks)

pool_menu = Menu(register_hook_name="register_pool_menu_item")


@hooks.register("register_admin_menu_item")
def register_pool_menu():
    return SubmenuMenuItem(
        _("Language mediation"), pool_menu, icon_name="user", name="pool", order=330
    )
