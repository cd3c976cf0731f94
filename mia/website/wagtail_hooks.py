from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from mia.core.admin_views import CentreScopedSnippetViewSet

from .models import ContactPerson


class ContactPersonViewSet(CentreScopedSnippetViewSet):
    model = ContactPerson
    icon = "user"
    menu_label = _("Contact persons")
    list_display = ["name", "description", "email", "centre"]
    search_fields = ["name"]


register_snippet(ContactPersonViewSet)
