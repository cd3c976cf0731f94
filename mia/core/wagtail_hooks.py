from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_views import CentreScopedModelViewSet, refuse_other_centres_in_bulk
from .models import Centre

hooks.register("before_bulk_action", refuse_other_centres_in_bulk)


class CentreViewSet(CentreScopedModelViewSet):
    model = Centre
    icon = "site"
    menu_label = _("Centres")
    add_to_settings_menu = True
    list_display = ["name", "short_name", "site", "languages"]
    form_fields = [
        "site",
        "name",
        "short_name",
        "slug",
        "languages",
        "authority",
        "street",
        "postcode",
        "city",
        "email",
        "phone",
        "office_hours",
    ]


@hooks.register("register_admin_viewset")
def register_centre_viewset():
    return CentreViewSet("centres")
