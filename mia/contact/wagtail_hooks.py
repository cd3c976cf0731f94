from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from mia.core.admin_views import ReadOnlyCentreScopedModelViewSet

from .models import Message


class MessageViewSet(ReadOnlyCentreScopedModelViewSet):
    """Messages from the public forms, read by the office; only its own centre's."""

    model = Message
    icon = "mail"
    menu_label = _("Messages")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["subject", "kind", "name", "created_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "name", "email"]
    inspect_view_enabled = True
    form_fields = ["kind", "name", "email", "subject", "body", "page_url"]


@hooks.register("register_admin_viewset")
def register_message_viewset():
    return MessageViewSet("messages")
