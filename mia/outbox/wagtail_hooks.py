from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from mia.core.admin_views import ReadOnlyCentreScopedModelViewSet

from .models import OutboxMessage


class OutboxViewSet(ReadOnlyCentreScopedModelViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Outgoing mail")
    add_to_settings_menu = True
    list_display = ["subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    inspect_view_enabled = True
    form_fields = ["status", "next_attempt_at"]


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxViewSet("outbox")
