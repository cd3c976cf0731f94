from django.forms.models import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from mia.core.admin_views import CentreScopedAdminForm, CentreScopedModelViewSet

from .models import Organisation


class OrganisationViewSet(CentreScopedModelViewSet):
    """The organisations a centre works with; their members are invited from Invitations."""

    model = Organisation
    # its logo is an image: the image's usage lists the organisation
    add_to_reference_index = True
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "kind", "contact_name", "email", "centre"]
    list_filter = ["kind"]
    search_fields = ["name", "contact_name"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = [
        "centre",
        "name",
        "kind",
        "description",
        "website",
        "logo",
        "contact_name",
        "email",
        "phone",
    ]

    def get_form_class(self, for_update=False):
        return modelform_factory(self.model, form=CentreScopedAdminForm, fields=self.form_fields)


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return OrganisationViewSet("organisations")
