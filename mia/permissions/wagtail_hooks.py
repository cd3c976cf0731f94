from django.forms.models import modelform_factory
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import CreateView
from wagtail.permission_policies import ModelPermissionPolicy

from mia.core.admin_views import CentreScopedModelViewSet
from mia.core.models import Membership

from .forms import MembershipForm, RoleDomainForm
from .invitations import invite
from .models import Invitation


class InvitationCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        invitation, _token = invite(
            data["centre"],
            data["email"],
            data["role"],
            data["domain"],
            self.request.user,
            organisation=data.get("organisation"),
        )
        return invitation


class InvitationViewSet(CentreScopedModelViewSet):
    """Centre administrators invite people by email; the mail carries a one-time link."""

    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    add_to_settings_menu = True
    add_view_class = InvitationCreateView
    list_display = ["email", "role", "domain", "centre", "get_status_display", "expires_at"]
    list_filter = ["centre", "role"]
    form_fields = ["centre", "email", "role", "domain", "organisation"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return modelform_factory(self.model, form=RoleDomainForm, fields=self.form_fields)


class MembershipViewSet(CentreScopedModelViewSet):
    """Who holds which role in which centre. New people come by invitation."""

    model = Membership
    icon = "group"
    menu_label = _("Roles")
    add_to_settings_menu = True
    list_display = ["user", "centre", "role", "domain", "created_at"]
    list_filter = ["centre", "role"]
    form_fields = ["user", "centre", "role", "domain"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return modelform_factory(self.model, form=MembershipForm, fields=self.form_fields)

    @cached_property
    def permission_policy(self):
        return MembershipPermissionPolicy(self.model)


class MembershipPermissionPolicy(ModelPermissionPolicy):
    """Only platform superusers add memberships directly; centres invite."""

    def user_has_permission(self, user, action):
        if action in ("add", "copy") and not user.is_superuser:
            return False
        return super().user_has_permission(user, action)


@hooks.register("register_admin_viewset")
def register_membership_viewset():
    return MembershipViewSet("memberships")


@hooks.register("register_admin_viewset")
def register_invitation_viewset():
    return InvitationViewSet("invitations")
