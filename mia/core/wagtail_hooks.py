from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_views import CentreScopedModelViewSet, refuse_other_centres_in_bulk
from .models import Centre, Membership

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


class MembershipViewSet(CentreScopedModelViewSet):
    """Which staff account works for which centre. Model permissions: superusers by default."""

    model = Membership
    icon = "group"
    menu_label = _("Centre memberships")
    add_to_settings_menu = True
    list_display = ["user", "centre"]
    list_filter = ["centre"]
    form_fields = ["user", "centre"]


@hooks.register("register_admin_viewset")
def register_membership_viewset():
    return MembershipViewSet("memberships")
