from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from mia.audit.models import AuditEntry
from mia.core.admin_views import ReadOnlyCentreScopedModelViewSet

from .views import PERMISSION, privacy_requests


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [path("privacy/", privacy_requests, name="privacy_requests")]


class PrivacyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_settings_menu_item")
def register_privacy_menu_item():
    return PrivacyMenuItem(
        _("Privacy requests"), reverse("privacy_requests"), icon_name="lock", order=900
    )


class AuditLogViewSet(ReadOnlyCentreScopedModelViewSet):
    """Who read or changed personal data. Nobody edits or deletes it, superusers included."""

    model = AuditEntry
    icon = "history"
    menu_label = _("Audit log")
    add_to_settings_menu = True
    list_display = ["created_at", "actor_label", "action", "model_label", "object_repr"]
    list_filter = ["action", "model_label"]
    inspect_view_enabled = True
    delete_view_enabled = False
    form_fields = ["action"]


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditLogViewSet("audit")
